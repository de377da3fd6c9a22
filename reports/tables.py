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
        (_("发现问题和意见建议(个)"), figures.found, urls["found"]),
        *[(_("其中:%(kind)s(个)") % {"kind": k.label}, k.found, links.kind_row(k, "found")) for k in figures.by_kind],
        (_("已整改(个)"), figures.rectified, urls["rectified"]),
        (_("整改率(%)"), figures.rectification_rate, urls["rectified"]),
        (_("立行立改(个)"), figures.fixed_on_spot, urls["fixed_on_spot"]),
        (_("建章立制(项)"), figures.long_term_rule, urls["long_term_rule"]),
        (_("超期未整改(个)"), figures.overdue, urls["overdue"]),
        (_("平均整改用时(工作日)"), figures.average_working_days, urls["average_working_days"]),
        (_("二次回访(个)"), figures.callbacks, urls["callbacks"]),
        (_("已评价(个)"), figures.evaluated, urls["evaluated"]),
        (_("好评(非常满意+满意)(个)"), figures.good, urls["good"]),
        (_("好评率(%)"), figures.satisfaction_rate, urls["good"]),
        *[(r.label, r.saved, links.reduction(r.kind)) for r in figures.reductions],
        *item_total_rows(figures),
    ]
    return ReportTable(
        key="headline",
        title=_("总体情况"),
        columns=(Column(_("指标"), 30), Column(_("数值"), 14, kind="decimal")),
        rows=tuple((Cell(name), Cell(value, url)) for name, value, url in rows),
    )


def item_total_rows(figures: DashboardFigures) -> list[tuple]:
    totals = figures.item_totals
    if totals is None:
        return []
    return [
        (_("事项数(项)"), totals.items, ""),
        (_("法定时限合计(工作日)"), totals.statutory_days, ""),
        (_("承诺时限合计·整改前(工作日)"), totals.promised_before, ""),
        (_("承诺时限合计·整改后(工作日)"), totals.promised_after, ""),
        (_("即办事项·整改前(项)"), totals.instant_before, ""),
        (_("即办事项·整改后(项)"), totals.instant_after, ""),
    ]


def _row_counts(row, link) -> tuple[Cell, ...]:
    return (
        _count(row.found, link(row, "found")),
        _count(row.rectified, link(row, "rectified")),
        _count(row.overdue, link(row, "overdue")),
        Cell(row.rate, link(row, "rectified")),
    )


def _count_columns() -> tuple[Column, ...]:
    return (
        Column(_("发现问题"), 10, kind="int"), Column(_("已整改"), 10, kind="int"),
        Column(_("超期未整改"), 11, kind="int"), Column(_("整改率"), 10, kind="percent"),
    )


def kind_table(figures: DashboardFigures, links: FigureLinks) -> ReportTable:
    """Problems and suggestions apart, as seed 001 counts them, with their total."""
    rows = tuple(
        (
            Cell(row.label),
            _count(row.found, links.kind_row(row, "found")),
            _count(row.rectified, links.kind_row(row, "rectified")),
            Cell(row.rate, links.kind_row(row, "rectified")),
            _count(row.fixed_on_spot, links.kind_row(row, "fixed_on_spot")),
            _count(row.long_term_rule, links.kind_row(row, "long_term_rule")),
        )
        for row in figures.by_kind
    )
    total = (
        Cell(_("合计")), Cell(figures.found, links.issues()), Cell(figures.rectified, links.headline()["rectified"]),
        Cell(figures.rectification_rate), Cell(figures.fixed_on_spot, links.headline()["fixed_on_spot"]),
        Cell(figures.long_term_rule, links.headline()["long_term_rule"]),
    )
    return ReportTable(
        key="by_kind",
        title=_("问题与意见建议"),
        columns=(
            Column(_("类型"), 12), Column(_("发现/收到"), 10, kind="int"), Column(_("已整改/落实"), 12, kind="int"),
            Column(_("整改率"), 10, kind="percent"), Column(_("立行立改"), 10, kind="int"),
            Column(_("建章立制(长效坚持)"), 14, kind="int"),
        ),
        rows=(*rows, total),
    )


def source_table(figures: DashboardFigures, links: FigureLinks) -> ReportTable:
    """By source: 走流程, 12345, 好差评, 回访, 恳谈会, 投诉窗口 …"""
    return ReportTable(
        key="by_source",
        title=_("问题来源分布"),
        columns=(Column(_("问题来源"), 20), *_count_columns()),
        rows=tuple((Cell(row.label), *_row_counts(row, links.source_row)) for row in figures.by_source),
        empty_text=_("暂无问题"),
    )


def level_table(figures: DashboardFigures, links: FigureLinks) -> ReportTable:
    """Walked N of M per level of the walking roster (一把手, deputies, section chiefs, window staff, …)."""
    rows = tuple(
        (
            Cell(row.label),
            _count(row.roster, links.level_row(row)),
            _count(row.walked, links.level_row(row, walked=True)),
            _count(row.roster - row.walked, links.level_row(row, walked=False)),
            Cell(row.share, links.level_row(row, walked=True)),
        )
        for row in figures.by_level
        if row.roster
    )
    return ReportTable(
        key="by_level",
        title=_("各层级人员参与情况"),
        columns=(
            Column(_("层级"), 16), Column(_("名册(人)"), 10, kind="int"), Column(_("已走(人)"), 10, kind="int"),
            Column(_("未走(人)"), 10, kind="int"), Column(_("参与率"), 10, kind="percent"),
        ),
        rows=rows,
        empty_text=_("名册暂无人员"),
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
        kind_table(figures, links),
        source_table(figures, links),
        level_table(figures, links),
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
