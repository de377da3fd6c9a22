"""The 整改台账 workbook superiors ask for: what goes in a row, then how the sheet is written."""

from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from issues.models import Issue
from reports.exporters.workbook import Column, write_table_workbook


def ledger_columns() -> list[Column]:
    return [
        Column(_("序号"), 6),
        Column(_("台账编号"), 12),
        Column(_("问题来源"), 12),
        Column(_("走流程方式"), 12),
        Column(_("涉及事项"), 22, wrap=True),
        Column(_("发现日期"), 12, date=True),
        Column(_("问题类别"), 12),
        Column(_("问题描述"), 40, wrap=True),
        Column(_("责任单位"), 16, wrap=True),
        Column(_("责任人"), 10),
        Column(_("整改措施"), 40, wrap=True),
        Column(_("整改时限"), 12, date=True),
        Column(_("当前环节"), 10),
        Column(_("是否超期"), 9),
        Column(_("完成日期"), 12, date=True),
        Column(_("评价结果"), 10),
        Column(_("备注"), 20, wrap=True),
    ]


def ledger_rows(issues: Iterable[Issue]) -> Iterator[tuple]:
    """One tuple per issue, in column order; `issues` carries the annotations of with_ledger_facts."""
    for index, issue in enumerate(issues, start=1):
        walkthrough = issue.walkthrough
        closed_at = issue.closed_at
        yield (
            index,
            issue.number,
            issue.get_source_display(),
            walkthrough.get_mode_display() if walkthrough else "",
            issue.service_item.name if issue.service_item else "",
            issue.discovered_on,
            issue.get_category_display(),
            "\n".join(part for part in (issue.title, issue.description) if part),
            issue.department.name if issue.department else "",
            issue.responsible_person,
            issue.measures,
            issue.deadline,
            issue.get_stage_display(),
            _("是") if issue.is_overdue else _("否"),
            timezone.localdate(closed_at) if closed_at else None,
            issue.get_evaluation_display(),
            issue.remarks,
        )


def write_ledger(issues: Iterable[Issue], stream, *, title: str) -> None:
    subtitle = _("导出日期:%(date)s") % {"date": timezone.localdate().isoformat()}
    write_table_workbook(
        stream,
        sheet_title=_("整改台账"),
        title=title,
        subtitle=subtitle,
        columns=ledger_columns(),
        rows=ledger_rows(issues),
    )
