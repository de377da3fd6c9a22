"""The dashboard as a workbook: the headline figures, then each of the page's tables, one sheet each."""

from django.utils.translation import gettext as _

from reports.exporters.workbook import Sheet, write_workbook
from reports.tables import ReportTable


def table_sheet(table: ReportTable, *, title: str, subtitle: str) -> Sheet:
    return Sheet(
        name=table.title,
        title=f"{title} · {table.title}",
        subtitle=subtitle,
        columns=table.columns,
        rows=[[cell.value for cell in row] for row in table.rows],
    )


def write_dashboard(tables: list[ReportTable], stream, *, title: str, subtitle: str) -> int:
    sheets = [table_sheet(table, title=title, subtitle=subtitle) for table in tables]
    return write_workbook(stream, sheets or [Sheet(_("统计"), title, subtitle, [], [])])
