"""The 工作简报 as .docx: 红头, title, the on-screen briefing's paragraphs, its tables and the trend chart.

The words come from reports.briefing.briefing_paragraphs and the tables from reports.tables, over the same
DashboardFigures the dashboard shows, so the Word file, the page and the workbook print the same numbers.
"""

import datetime
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

from reports.briefing import briefing_paragraphs, long_date
from reports.docx import layout
from reports.docx.chart import trend_png
from reports.exporters.workbook import Column
from reports.figures import DashboardFigures
from reports.links import FigureLinks
from reports.punctuation import as_published
from reports.tables import Cell, ReportTable, department_table, number_text, percent_text

INDENT = Pt(32)  # two characters of size 3


@dataclass(frozen=True)
class Masthead:
    """What the 红头 and the 版记 print: the issuing organ, the 期号 (issue number of the year), the signer."""

    organ: str
    year: int
    number: int
    signer: str = ""
    day: datetime.date | None = None


def mode_table(figures: DashboardFigures) -> ReportTable:
    rows = tuple((Cell(m.label), Cell(m.count)) for m in figures.sessions_by_mode if m.count)
    return ReportTable(
        key="by_mode", title=_("走流程方式"),
        columns=(Column(_("走流程方式"), 20), Column(_("次数"), 10, kind="int")), rows=rows,
    )


def reduction_table(figures: DashboardFigures) -> ReportTable:
    rows = tuple((Cell(r.label), Cell(r.saved), Cell(r.issues)) for r in figures.reductions if r.issues)
    return ReportTable(
        key="reductions", title=_("“四减一优”成效"),
        columns=(Column(_("类别"), 20), Column(_("累计压减"), 12, kind="decimal"),
                 Column(_("涉及问题(个)"), 12, kind="int")),
        rows=rows,
    )


def cell_text(column: Column, value) -> str:
    if column.kind == "percent":
        return percent_text(value)
    if value is None or value == "":
        return "—" if column.kind != "text" else ""
    return number_text(value) if column.kind in ("int", "decimal") else str(value)


def _paragraph(document, text: str = "", *, font=layout.BODY_FONT, size=layout.SIZE_3, bold=False, color=None,
               align=None, indent=True):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent and align is None:
        paragraph.paragraph_format.first_line_indent = INDENT
    if text:
        layout.set_run_font(paragraph.add_run(as_published(text)), east_asia=font, size=size, bold=bold, color=color)
    return paragraph


def _masthead(document, masthead: Masthead) -> None:
    _paragraph(document, _("“走流程”工作简报"), font=layout.TITLE_FONT, size=Pt(40), color=layout.RED,
               align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_before = Pt(12)
    _paragraph(document, _("%(year)d年第%(number)d期") % {"year": masthead.year, "number": masthead.number},
               align=WD_ALIGN_PARAGRAPH.CENTER)
    line = document.add_paragraph()
    stops = line.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(layout.TEXT_WIDTH_MM / 2), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Mm(layout.TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    signer = _("签发人:%(name)s") % {"name": masthead.signer} if masthead.signer else ""
    text = f"{masthead.organ}\t{signer}\t{long_date(masthead.day)}"
    layout.set_run_font(line.add_run(as_published(text)), size=layout.SIZE_3)
    layout.add_rule(line, size_eighths=16)
    _paragraph(document)


def _title(figures: DashboardFigures) -> str:
    campaign = figures.filters.campaign
    if campaign:
        theme = campaign.theme.strip("“”\"「」")
        return _("“%(theme)s”活动开展情况") % {"theme": theme}
    return _("“走流程”工作开展情况")


def _heading(document, text: str) -> None:
    _paragraph(document, text, font=layout.HEADING_FONT).paragraph_format.keep_with_next = True


def _table(document, table: ReportTable) -> None:
    word = document.add_table(rows=1, cols=len(table.columns))
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout.set_cell_borders(word)
    layout.repeat_as_header(word.rows[0])
    for cell, column in zip(word.rows[0].cells, table.columns, strict=True):
        _cell(cell, column.header, bold=True)
    for row in table.rows:
        added = word.add_row()
        layout.keep_row_whole(added)
        cells = added.cells
        for cell, column, value in zip(cells, table.columns, row, strict=True):
            _cell(cell, cell_text(column, value.value), align_left=column.kind == "text" and column.width > 14)
    total = sum(column.width for column in table.columns)
    word.autofit = False
    for index, column in enumerate(table.columns):
        width = Mm(layout.TEXT_WIDTH_MM * column.width / total)
        word.columns[index].width = width  # w:gridCol, which LibreOffice reads
        for cell in word.columns[index].cells:
            cell.width = width  # w:tcW, which Word reads


def _cell(cell, text: str, *, bold=False, align_left=False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if align_left else WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = 1.15
    layout.off_grid(paragraph)
    layout.set_run_font(paragraph.add_run(as_published(text)), size=layout.SIZE_SMALL_4, bold=bold)


def _imprint(document, masthead: Masthead) -> None:
    """The 版记 on the last page: organ and printing date between two rules."""
    _paragraph(document)
    top = _paragraph(document, indent=False)
    layout.add_rule(top, color="000000", size_eighths=8)
    line = document.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(Mm(layout.TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    line.paragraph_format.left_indent = Pt(14)
    printed = _("%(date)s印发") % {"date": long_date(masthead.day)}
    text = f"{masthead.organ}\t{printed}"
    layout.set_run_font(line.add_run(as_published(text)), size=layout.SIZE_4)
    layout.add_rule(line, color="000000", size_eighths=8)


def write_briefing_docx(figures: DashboardFigures, out, *, masthead: Masthead, lines_per_page: int = 22,
                        paragraphs: list[str] | None = None) -> None:
    """Write the briefing to the binary file `out`: `paragraphs` (default: briefing_paragraphs(figures)), then the
    tables and the chart. `lines_per_page` is the text grid (GB/T 9704: 22 lines)."""
    document = Document()
    layout.set_page(document, lines=lines_per_page)
    layout.set_page_numbers(document)
    properties = document.core_properties
    properties.title, properties.author = _title(figures), masthead.organ

    _masthead(document, masthead)
    _paragraph(document, _title(figures), font=layout.TITLE_FONT, size=layout.SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document)
    if paragraphs is None:
        paragraphs = briefing_paragraphs(figures)
    for text in paragraphs or [_("所选范围内暂无走流程记录和问题。")]:
        _paragraph(document, text)

    sections = [
        (department_table(figures, FigureLinks(figures.filters)), _("各部门整改情况")),
        (mode_table(figures), _("走流程方式")),
        (reduction_table(figures), _("“四减一优”成效")),
    ]
    numbers = iter(_("一二三四五六七八九十"))
    for table, heading in sections:
        if not table.rows:
            continue
        _heading(document, _("%(n)s、%(title)s") % {"n": next(numbers), "title": heading})
        _table(document, table)
    if figures.by_month:
        _heading(document, _("%(n)s、%(title)s") % {"n": next(numbers), "title": _("月度趋势")})
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.line_spacing = 1.0
        layout.off_grid(picture)
        picture.add_run().add_picture(io.BytesIO(trend_png(figures.by_month)), width=Mm(layout.TEXT_WIDTH_MM))
    _imprint(document, masthead)
    document.save(out)

