"""How far a campaign has come against its goals: the campaign page's view of the campaign's figures.

The numbers themselves (sessions, who walked, departments covered, findings) are reports.selectors'
`campaign_figures`, the same the home page, the dashboard and the briefing print; this module adds what only
the campaign page shows: the targets per mode, drafts, who has not walked yet and each department's coverage.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from campaigns.models import Campaign, Department, Official, WalkthroughSession
from campaigns.selectors import walked_sessions, walking_roster, with_walks


@dataclass(frozen=True)
class ModeProgress:
    mode: str
    label: str
    done: int
    target: int | None

    @property
    def percent(self) -> int | None:
        return min(100, round(100 * self.done / self.target)) if self.target else None


@dataclass(frozen=True)
class DepartmentCoverage:
    department: Department
    sessions: int


@dataclass
class CampaignProgress:
    modes: list[ModeProgress]
    drafts: int
    not_walked: QuerySet[Official]
    heads: object  # the figures' LevelRow of department heads (一把手)
    every_head_goal: bool
    departments: list[DepartmentCoverage] = field(default_factory=list)


def campaign_roster(campaign: Campaign) -> QuerySet[Official]:
    """The campaign's walking roster (campaigns.selectors.walking_roster), as the reports count it."""
    return walking_roster(campaign).select_related("department")


def department_coverage(campaign: Campaign, sessions: QuerySet[WalkthroughSession]) -> list[DepartmentCoverage]:
    paths = list(sessions.values_list("department__path", flat=True))
    return [
        DepartmentCoverage(department, sum(1 for path in paths if path.startswith(department.path)))
        for department in campaign.departments.order_by("path")
    ]


def campaign_progress(campaign: Campaign, figures, *, user) -> CampaignProgress:
    """The campaign page's extras around `figures` (reports.selectors.campaign_figures for the same campaign), over
    the part of the campaign this user may see (a county's staff: their county's part of a city's campaign)."""
    from campaigns.scope import departments_in_scope, subtree_scope_q
    from campaigns.selectors import walkthrough_scope_q

    targets = (campaign.goals or {}).get("sessions_per_mode", {})
    roster = with_walks(campaign_roster(campaign).filter(subtree_scope_q(user, "department")), campaign)
    in_scope = set(departments_in_scope(user).values_list("pk", flat=True))
    return CampaignProgress(
        modes=[ModeProgress(m.mode, m.label, m.count, targets.get(m.mode) or None) for m in figures.sessions_by_mode],
        drafts=campaign.sessions.filter(walkthrough_scope_q(user), status=WalkthroughSession.Status.DRAFT).count(),
        not_walked=roster.filter(walked=False),
        heads=next(row for row in figures.by_level if row.level == Official.Level.DEPARTMENT_HEAD),
        every_head_goal=bool((campaign.goals or {}).get("every_department_head_walks")),
        departments=[
            row for row in department_coverage(campaign, walked_sessions(campaign).filter(walkthrough_scope_q(user)))
            if row.department.pk in in_scope
        ],
    )
