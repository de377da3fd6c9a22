"""Who walked, counted against the walking roster: the share, and the same by level (一把手, deputies …).

The roster a report counts over is `report_roster`: active officials on the walking roster (Official.expected_to_walk —
liaison-only and admin accounts are not), within the user's scope, the campaign's departments and the filter's
department. The campaign page lists who has not walked from the same rows.
"""

from django.db.models import Count, Q, QuerySet

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
    """(on the roster, of whom walked, the same per level in the order of Official.Level), in one query."""
    walked = walked_q(filters)
    levels = list(Official.Level)
    counts = report_roster(user=user, filters=filters).aggregate(
        roster=Count("pk"),
        walked=Count("pk", filter=walked),
        **{f"roster_{level.value}": Count("pk", filter=Q(level=level)) for level in levels},
        **{f"walked_{level.value}": Count("pk", filter=Q(level=level) & walked) for level in levels},
    )
    rows = tuple(
        LevelRow(level.value, str(level.label), counts[f"roster_{level.value}"], counts[f"walked_{level.value}"])
        for level in levels
    )
    return counts["roster"], counts["walked"], rows
