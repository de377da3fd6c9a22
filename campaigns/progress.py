"""How far a campaign has come against its goals: sessions by mode, who walked, departments covered, findings.

Everything is counted from submitted sessions at the moment of asking; nothing here is stored.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from campaigns.models import Campaign, Department, Official, WalkthroughSession
from campaigns.selectors import walked_sessions, walkthrough_mode_counts, with_walks
from issues.models import Issue


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
    sessions: int
    drafts: int
    roster: int
    walked: int
    not_walked: QuerySet[Official]
    heads: int
    heads_walked: int
    every_head_goal: bool
    departments: list[DepartmentCoverage] = field(default_factory=list)
    findings: int = 0
    findings_closed: int = 0
    findings_fixed_on_spot: int = 0
    findings_by_stage: list[tuple[str, int]] = field(default_factory=list)

    @property
    def departments_covered(self) -> int:
        return sum(1 for row in self.departments if row.sessions)

    @property
    def walked_percent(self) -> int:
        return round(100 * self.walked / self.roster) if self.roster else 0


def campaign_roster(campaign: Campaign) -> QuerySet[Official]:
    """Active officials of the departments in scope (subunits included); the whole roster when none is named."""
    scope = Q()
    for department in campaign.departments.all():
        scope |= department.subtree_q("department")
    queryset = Official.objects.filter(is_active=True).select_related("department")
    return queryset.filter(scope) if scope else queryset


def department_coverage(campaign: Campaign, sessions: QuerySet[WalkthroughSession]) -> list[DepartmentCoverage]:
    paths = list(sessions.values_list("department__path", flat=True))
    return [
        DepartmentCoverage(department, sum(1 for path in paths if path.startswith(department.path)))
        for department in campaign.departments.order_by("path")
    ]


def _in_scope(department, user) -> bool:
    from campaigns.scope import departments_in_scope

    return departments_in_scope(user).filter(pk=department.pk).exists()


def campaign_progress(campaign: Campaign, *, user) -> CampaignProgress:
    """The campaign's numbers against its goals, as its detail page and reports show them — the part of it this
    user may see (a county's staff see their county's part of a city's campaign)."""
    from campaigns.scope import subtree_scope_q
    from campaigns.selectors import walkthrough_scope_q
    from issues.selectors import issue_scope_q

    sessions = walked_sessions(campaign).filter(walkthrough_scope_q(user))
    targets = (campaign.goals or {}).get("sessions_per_mode", {})
    modes = [
        ModeProgress(mode, label, done, targets.get(mode) or None)
        for mode, label, done in walkthrough_mode_counts(sessions)
    ]
    roster = with_walks(campaign_roster(campaign).filter(subtree_scope_q(user, "department")), campaign)
    heads = roster.filter(level=Official.Level.DEPARTMENT_HEAD)
    issues = Issue.objects.filter(issue_scope_q(user), walkthrough__in=sessions)
    stage_counts = dict(issues.order_by().values_list("stage").annotate(n=Count("pk")))
    return CampaignProgress(
        modes=modes,
        sessions=sessions.count(),
        drafts=campaign.sessions.filter(walkthrough_scope_q(user), status=WalkthroughSession.Status.DRAFT).count(),
        roster=roster.count(),
        walked=roster.filter(walked=True).count(),
        not_walked=roster.filter(walked=False),
        heads=heads.count(),
        heads_walked=heads.filter(walked=True).count(),
        every_head_goal=bool((campaign.goals or {}).get("every_department_head_walks")),
        departments=[row for row in department_coverage(campaign, sessions) if _in_scope(row.department, user)],
        findings=sum(stage_counts.values()),
        findings_closed=stage_counts.get(Issue.Stage.CLOSED, 0),
        findings_fixed_on_spot=issues.filter(fixed_on_spot=True).count(),
        findings_by_stage=[(stage.label, stage_counts.get(stage.value, 0)) for stage in Issue.Stage],
    )
