"""The numbers a report prints, as plain values. Built by reports.selectors; read by the dashboard, the
briefing and the workbook, so all three print the same figures by construction."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from reports.filters import ReportFilters


def ratio(part: int, whole: int) -> Decimal | None:
    """part/whole as a percentage with one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return one_decimal(Decimal(part) * 100 / Decimal(whole))


def one_decimal(value: Decimal) -> Decimal:
    """Rounded the way reports round: half up (3.25 → 3.3), not banker's rounding."""
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ModeCount:
    mode: str
    label: str
    count: int


@dataclass(frozen=True)
class ReductionTotal:
    kind: str
    label: str
    saved: Decimal
    issues: int


@dataclass(frozen=True)
class LedgerRow:
    """One row of a by-department or by-category table."""

    key: object  # a Department (None: not yet assigned) or a category value
    label: str
    found: int
    rectified: int
    overdue: int
    own_level: bool = False  # a department's issues assigned to the department itself, not to a sub-unit

    @property
    def rate(self) -> Decimal | None:
        return ratio(self.rectified, self.found)


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date  # the first day of the month
    sessions: int
    found: int
    rectified: int  # of the issues found that month, how many are closed now


@dataclass(frozen=True)
class StageCount:
    stage: str
    label: str
    count: int


@dataclass(frozen=True)
class KindCount:
    """Problems (问题) or suggestions (意见建议): how many were found and what became of them."""

    kind: str
    label: str
    found: int
    rectified: int
    fixed_on_spot: int
    long_term_rule: int

    @property
    def rate(self) -> Decimal | None:
        return ratio(self.rectified, self.found)


@dataclass(frozen=True)
class LevelRow:
    """Walking-roster entries of one level (一把手, deputies, …) and how many of them walked."""

    level: str
    label: str
    roster: int
    walked: int

    @property
    def share(self) -> Decimal | None:
        return ratio(self.walked, self.roster)


@dataclass(frozen=True)
class ItemTotals:
    """The service items in scope, before (at the start of the period) and after (at its end or now):
    promised time limits summed in working days over the items that had one, and how many items are instant."""

    items: int  # items with a promised time limit on record at the start
    statutory_days: int
    promised_before: int
    promised_after: int
    instant_before: int
    instant_after: int

    @property
    def changed(self) -> bool:
        return (self.promised_before, self.instant_before) != (self.promised_after, self.instant_after)


@dataclass(frozen=True)
class ItemChange:
    """A closed rectification's cut of the promised time limit of a service item — or of `items` items, named by
    the first (working days; 0 = instant)."""

    name: str
    before: Decimal
    after: Decimal
    items: int = 1


@dataclass(frozen=True)
class DashboardFigures:
    filters: ReportFilters
    as_of: datetime.date
    # walkthroughs
    sessions: int = 0
    sessions_by_mode: tuple[ModeCount, ...] = ()
    officials_walked: int = 0  # walking-roster entries who led or joined a submitted walkthrough
    roster: int = 0  # walking-roster entries (Official.expected_to_walk) in scope
    by_level: tuple[LevelRow, ...] = ()
    departments_covered: int = 0
    departments_named: int = 0  # the campaign's own departments (0: it names none)
    # the ledger
    found: int = 0
    rectified: int = 0
    fixed_on_spot: int = 0
    long_term_rule: int = 0
    overdue: int = 0
    average_working_days: Decimal | None = None  # discovery to closure, over the rectified issues
    evaluated: int = 0
    good: int = 0  # 好评: 非常满意 + 满意
    callbacks: int = 0  # issues with a recorded 二次回访 (callback date)
    by_kind: tuple[KindCount, ...] = ()
    reductions: tuple[ReductionTotal, ...] = ()
    item_totals: ItemTotals | None = None
    item_changes: tuple[ItemChange, ...] = ()
    sightings: int = 0  # "me too": further walkers who met an issue already in the ledger
    # tables
    by_department: tuple[LedgerRow, ...] = ()
    by_category: tuple[LedgerRow, ...] = ()
    by_source: tuple[LedgerRow, ...] = ()
    by_month: tuple[MonthRow, ...] = ()
    by_stage: tuple[StageCount, ...] = field(default=())
    # The counties (or cities) below a city's (province's) report, side by side: reports.comparison.RegionRow.
    by_region: tuple = field(default=())
    # The node the report is about when no department is filtered: the user's own (campaigns.scope.report_base).
    base: object = None

    @property
    def rectification_rate(self) -> Decimal | None:
        return ratio(self.rectified, self.found)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return ratio(self.good, self.evaluated)

    @property
    def walked_share(self) -> Decimal | None:
        return ratio(self.officials_walked, self.roster)

    def kind(self, kind: str) -> KindCount | None:
        """Problems or suggestions; figures built without kinds count everything as problems."""
        if not self.by_kind:
            if kind != "problem":
                return None
            return KindCount(kind, kind, self.found, self.rectified, self.fixed_on_spot, self.long_term_rule)
        return next((row for row in self.by_kind if row.kind == kind), None)

    @property
    def is_empty(self) -> bool:
        return not (self.sessions or self.found or self.officials_walked)
