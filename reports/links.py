"""Where each figure leads: the ledger list or the walkthrough list with the same filter as the figure.

Parameter names are read from the lists' own filtersets (issues.filters.IssueFilter,
campaigns.filters.WalkthroughFilter) so a renamed date-range widget cannot silently break a link.
"""

import calendar
import datetime
import functools
from urllib.parse import urlencode

from django.urls import get_script_prefix, get_urlconf, reverse

from campaigns.filters import WalkthroughFilter
from campaigns.models import WalkthroughSession
from issues.filters import IssueFilter
from issues.models import Issue
from reports.filters import ReportFilters

TRUE = "true"  # what django-filter's boolean widgets read as True
ROSTER_LIST = "roster:list"


def range_params(filterset_class, name: str, start, end) -> list[tuple[str, str]]:
    """The querystring of a django-filter range filter (suffixes _min/_max or _after/_before)."""
    if not (start or end):
        return []
    # Read from the filter's declaration: building the class-wide filter's `.field` would fix its generated label
    # in this request's language for every later filterset (deep copies of base_filters).
    declared = filterset_class.base_filters[name]
    suffixes = (declared.extra.get("widget") or declared.field_class.widget).suffixes
    return [
        (f"{name}_{suffix}", value.isoformat())
        for suffix, value in zip(suffixes, (start, end), strict=True)
        if value
    ]


def month_bounds(month: datetime.date, filters: ReportFilters) -> tuple[datetime.date, datetime.date]:
    """The days of `month` that lie inside the filter's period."""
    start = month.replace(day=1)
    end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    if filters.date_from and filters.date_from > start:
        start = filters.date_from
    if filters.date_to and filters.date_to < end:
        end = filters.date_to
    return start, end


@functools.lru_cache(maxsize=32)
def _path(name: str, prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)


def list_path(name: str) -> str:
    """reverse(name) for a URL without arguments, remembered: a province's dashboard links ~350 figures."""
    return _path(name, get_script_prefix(), get_urlconf())


def _url(name: str, params: list[tuple[str, str]]) -> str:
    query = urlencode(params)
    return f"{list_path(name)}?{query}" if query else list_path(name)


class FigureLinks:
    """The list URL of every figure of a report, for one ReportFilters."""

    def __init__(self, filters: ReportFilters):
        self.filters = filters

    # --- the two lists ------------------------------------------------------------------------------------
    def issues(self, *extra: tuple[str, str], department=None, period=None) -> str:
        filters = self.filters
        params = []
        if filters.campaign:
            params.append(("campaign", str(filters.campaign.pk)))
        department = department if department is not None else filters.department
        if department is not None:
            params.append(("department", str(department.pk)))
        start, end = period or (filters.date_from, filters.date_to)
        params += range_params(IssueFilter, "discovered_on", start, end)
        return _url("issues:issue_list", params + list(extra))

    def walkthroughs(self, *extra: tuple[str, str], period=None) -> str:
        filters = self.filters
        params = []
        if filters.campaign:
            params.append(("campaign", str(filters.campaign.pk)))
        if filters.department:
            params.append(("department", str(filters.department.pk)))
        start, end = period or (filters.date_from, filters.date_to)
        params += range_params(WalkthroughFilter, "occurred_at", start, end)
        if "status" in WalkthroughFilter.base_filters:
            params.append(("status", WalkthroughSession.Status.SUBMITTED))
        return _url("campaigns:walkthrough_list", params + list(extra))

    def roster(self, *, walked: bool | None = None, level: str = "") -> str:
        """The walking roster (active, expected to walk, of the campaign's departments), optionally one level,
        optionally only those who walked in the campaign."""
        params = [("campaign", str(self.filters.campaign.pk) if self.filters.campaign else "")]
        if self.filters.department:
            params.append(("department", str(self.filters.department.pk)))
        params += [("is_active", "yes"), ("expected", "yes")]
        if level:
            params.append(("level", level))
        if walked is not None:
            params.append(("walked", "yes" if walked else "no"))
            # walked within the period: the same parameter names as the walkthrough list's date range
            params += range_params(WalkthroughFilter, "occurred_at", self.filters.date_from, self.filters.date_to)
        return _url(ROSTER_LIST, params)

    # --- headline figures -----------------------------------------------------------------------------------
    def headline(self) -> dict[str, str]:
        closed = ("stage", Issue.Stage.CLOSED)
        return {
            "sessions": self.walkthroughs(),
            "officials_walked": self.roster(walked=True),
            "roster": self.roster(),
            "departments_covered": self.walkthroughs(),
            "found": self.issues(),
            "rectified": self.issues(closed),
            "fixed_on_spot": self.issues(("fixed_on_spot", TRUE)),
            "long_term_rule": self.issues(("long_term_rule", TRUE)),
            "overdue": self.issues(("overdue", TRUE)),
            "average_working_days": self.issues(closed),
            "evaluated": self.issues(*[("evaluation", value) for value in Issue.Evaluation.values]),
            "callbacks": self.issues(("callback", TRUE)),
            "good": self.issues(
                ("evaluation", Issue.Evaluation.VERY_SATISFIED), ("evaluation", Issue.Evaluation.SATISFIED)
            ),
        }

    def mode(self, mode: str) -> str:
        return self.walkthroughs(("mode", mode))

    def reduction(self, kind: str) -> str:
        return self.issues(("stage", Issue.Stage.CLOSED), ("reduction", kind))

    def stage(self, stage: str) -> str:
        return self.issues(("stage", stage))

    # --- table rows -----------------------------------------------------------------------------------------
    def department_row(self, row, column: str) -> str:
        extra = {"found": (), "rectified": (("stage", Issue.Stage.CLOSED),), "overdue": (("overdue", TRUE),)}[column]
        if row.key is None:
            return self.issues(("unassigned", TRUE), *extra)
        if row.own_level:
            return self.issues(("department_exact", str(row.key.pk)), *extra)
        return self.issues(*extra, department=row.key)

    def category_row(self, row, column: str) -> str:
        extra = {"found": (), "rectified": (("stage", Issue.Stage.CLOSED),), "overdue": (("overdue", TRUE),)}[column]
        return self.issues(("category", row.key), *extra)

    def source_row(self, row, column: str) -> str:
        extra = {"found": (), "rectified": (("stage", Issue.Stage.CLOSED),), "overdue": (("overdue", TRUE),)}[column]
        return self.issues(("source", row.key), *extra)

    def kind_row(self, row, column: str) -> str:
        extra = {
            "found": (), "rectified": (("stage", Issue.Stage.CLOSED),), "fixed_on_spot": (("fixed_on_spot", TRUE),),
            "long_term_rule": (("long_term_rule", TRUE),),
        }[column]
        return self.issues(("kind", row.kind), *extra)

    def level_row(self, row, *, walked: bool | None = None) -> str:
        return self.roster(walked=walked, level=row.level)

    def month_row(self, row, column: str) -> str:
        period = month_bounds(row.month, self.filters)
        if column == "sessions":
            return self.walkthroughs(period=period)
        if column == "rectified":
            return self.issues(("stage", Issue.Stage.CLOSED), period=period)
        return self.issues(period=period)
