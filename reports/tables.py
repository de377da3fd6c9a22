"""The dashboard's tables, defined once: the page renders them with a link in every cell and the workbook
writes the same rows, one sheet per table."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from reports.exporters.workbook import Column
from reports.figures import DashboardFigures
from reports.links import FigureLinks


@dataclass(frozen=True)
class Cell:
    value: object
    url: str = ""


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty_text: str = ""


def _count(value, url) -> Cell:
    return Cell(value, url)


def headline_table(figures: DashboardFigures, links: FigureLinks) -> ReportTable:
    """Every headline figure as a row: name, value, unit — the first sheet of the dashboard workbook."""
    urls = links.headline()
    rows = [
        (_("开展走流程(次)"), figures.sessions, urls["sessions"]),
        *[(_("其中:%(mode)s(次)") % {"mode": m.label}, m.count, links.mode(m.mode)) for m in figures.sessions_by_mode],
        (_("参与走流程人员(人)"), figures.officials_walked, urls["officials_walked"]),
        (_("名册在册人员(人)"), figures.roster, urls["roster"]),
        (_("参与率(%)"), figures.walked_share, urls["officials_walked"]),
        (_("覆盖部门(个)"), figures.departments_covered, urls["departments_covered"]),
        (_("发现问题(个)"), figures.found, urls["found"]),
        (_("已整改(个)"), figures.rectified, urls["rectified"]),
        (_("整改率(%)"), figures.rectification_rate, urls["rectified"]),
        (_("立行立改(个)"), figures.fixed_on_spot, urls["fixed_on_spot"]),
        (_("建章立制(项)"), figures.long_term_rule, urls["long_term_rule"]),
        (_("超期未整改(个)"), figures.overdue, urls["overdue"]),
        (_("平均整改用时(工作日)"), figures.average_working_days, urls["average_working_days"]),
        (_("已评价(个)"), figures.evaluated, urls["evaluated"]),
        (_("好评(非常满意+满意)(个)"), figures.good, urls["good"]),
        (_("好评率(%)"), figures.satisfaction_rate, urls["good"]),
        *[(r.label, r.saved, links.reduction(r.kind)) for r in figures.reductions],
    ]
    return ReportTable(
        key="headline",
        title=_("总体情况"),
        columns=(Column(_("指标"), 30), Column(_("数值"), 14, kind="decimal")),
        rows=tuple((Cell(name), Cell(value, url)) for name, value, url in rows),
    )


def department_table(figures: DashboardFigures, links: FigureLinks) -> ReportTable:
    rows = tuple(
        (
            Cell(rank),
            Cell(row.label),
            _count(row.found, links.department_row(row, "found")),
            _count(row.rectified, links.department_row(row, "rectified")),
            _count(row.overdue, links.department_row(row, "overdue")),
            Cell(row.rate, links.department_row(row, "rectified")),
        )
        for rank, row in enumerate(figures.by_department, start=1)
    )
    return ReportTable(
        key="by_department",
        title=_("各部门整改情况"),
        columns=(
            Column(_("排名"), 6, kind="int"), Column(_("责任单位"), 24, wrap=True),
            Column(_("发现问题"), 10, kind="int"), Column(_("已整改"), 10, kind="int"),
            Column(_("超期未整改"), 11, kind="int"), Column(_("整改率"), 10, kind="percent"),
        ),
        rows=rows,
        empty_text=_("暂无问题"),
    )


def category_table(figures: DashboardFigures, links: FigureLinks) -> ReportTable:
    rows = tuple(
        (
            Cell(row.label),
            _count(row.found, links.category_row(row, "found")),
            _count(row.rectified, links.category_row(row, "rectified")),
            _count(row.overdue, links.category_row(row, "overdue")),
            Cell(row.rate, links.category_row(row, "rectified")),
        )
        for row in figures.by_category
    )
    return ReportTable(
        key="by_category",
        title=_("问题类别分布"),
        columns=(
            Column(_("问题类别"), 20), Column(_("发现问题"), 10, kind="int"), Column(_("已整改"), 10, kind="int"),
            Column(_("超期未整改"), 11, kind="int"), Column(_("整改率"), 10, kind="percent"),
        ),
        rows=rows,
        empty_text=_("暂无问题"),
    )


def month_table(figures: DashboardFigures, links: FigureLinks) -> ReportTable:
    rows = tuple(
        (
            Cell(_("%(year)d年%(month)d月") % {"year": row.month.year, "month": row.month.month}),
            _count(row.sessions, links.month_row(row, "sessions")),
            _count(row.found, links.month_row(row, "found")),
            _count(row.rectified, links.month_row(row, "rectified")),
        )
        for row in figures.by_month
    )
    return ReportTable(
        key="by_month",
        title=_("月度趋势"),
        columns=(
            Column(_("月份"), 14), Column(_("走流程(次)"), 12, kind="int"), Column(_("发现问题(个)"), 12, kind="int"),
            Column(_("其中已整改(个)"), 14, kind="int"),
        ),
        rows=rows,
        empty_text=_("暂无数据"),
    )


def stage_table(figures: DashboardFigures, links: FigureLinks) -> ReportTable:
    return ReportTable(
        key="by_stage",
        title=_("问题所处环节"),
        columns=(Column(_("环节"), 14), Column(_("问题数(个)"), 12, kind="int")),
        rows=tuple((Cell(row.label), _count(row.count, links.stage(row.stage))) for row in figures.by_stage),
    )


def dashboard_tables(figures: DashboardFigures, links: FigureLinks) -> list[ReportTable]:
    """The tables shown under the charts, in page order."""
    from reports.comparison import region_table

    regions = [region_table(figures.by_region, links)] if figures.by_region else []
    return [
        *regions,
        department_table(figures, links),
        category_table(figures, links),
        month_table(figures, links),
        stage_table(figures, links),
    ]


def percent_text(value: Decimal | None) -> str:
    """85.7 → "85.7%", 100.0 → "100%", None → "—"."""
    if value is None:
        return "—"
    return f"{number_text(value)}%"


def number_text(value) -> str:
    """A count or a decimal without trailing zeros: Decimal("3.50") → "3.5", Decimal("12.00") → "12"."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
        return f"{value:f}"
    return str(value)
