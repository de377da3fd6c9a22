"""Who walked, counted against the walking roster: the share, and the same by level (一把手, deputies …).

The roster a report counts over is `report_roster`: active officials on the walking roster (Official.expected_to_walk —
liaison-only and admin accounts are not), within the user's scope, the campaign's departments and the filter's
department. The campaign page lists who has not walked from the same rows.
"""

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from campaigns.models import Official, WalkthroughSession
from campaigns.scope import subtree_scope_q
from campaigns.selectors import walking_roster
from reports.figures import LevelRow
from reports.filters import ReportFilters


def report_roster(*, user, filters: ReportFilters) -> QuerySet[Official]:
    """The walking roster the report counts over (see the module docstring)."""
    roster = walking_roster(filters.campaign).filter(subtree_scope_q(user, "department"))
    if filters.department:
        roster = roster.filter(filters.department.subtree_q("department"))
    return roster


def walked_q(filters: ReportFilters) -> Q:
    """Officials who led or joined a submitted walkthrough of the campaign and period — wherever they walked,
    so a department head who tested another unit (部门间相互体验) counts for his own department."""
    from reports.selectors import period_q

    sessions = WalkthroughSession.objects.filter(status=WalkthroughSession.Status.SUBMITTED)
    if filters.campaign:
        sessions = sessions.filter(campaign=filters.campaign)
    sessions = sessions.filter(period_q("occurred_at", filters, is_datetime=True))
    companions = WalkthroughSession.companions.through.objects.filter(walkthroughsession__in=sessions.values("pk"))
    return Q(pk__in=sessions.values("lead")) | Q(pk__in=companions.values("official"))


def roster_figures(*, user, filters: ReportFilters) -> tuple[int, int, tuple[LevelRow, ...]]:
    """(on the roster, of whom walked, the same per level in the order of Official.Level), in one query.

    Grouped by level with "walked" tested once per official: testing it inside a filtered count per level made
    PostgreSQL scan the campaign's walks and companions 16 times (0.6 s for one campaign of a province)."""
    walked = Case(When(walked_q(filters), then=Value(1)), default=Value(0), output_field=IntegerField())
    by_level = {
        row["level"]: row
        for row in report_roster(user=user, filters=filters).annotate(has_walked=walked).order_by()
        .values("level").annotate(roster=Count("pk"), walked=Sum("has_walked"))
    }
    rows = tuple(
        LevelRow(level.value, str(level.label), by_level.get(level.value, {}).get("roster", 0),
                 by_level.get(level.value, {}).get("walked") or 0)
        for level in Official.Level
    )
    roster = sum(row["roster"] for row in by_level.values())
    return roster, sum(row["walked"] or 0 for row in by_level.values()), rows
