from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from campaigns.models import WalkthroughSession
from campaigns.roles import Role, roles_of
from campaigns.selectors import current_campaign, walkthrough_list
from campaigns.tasks import last_heartbeat
from issues.models import Issue
from issues.selectors import issue_list
from issues.todo import findings_of, overdue_by_department, todo_panel


@login_required
def home(request):
    """Under the current campaign's heading, that campaign's figures (reports.selectors.campaign_figures, as the
    campaign page, the dashboard and the briefing print them); with no campaign at all, the user's whole ledger."""
    from reports.selectors import campaign_figures

    campaign = current_campaign(user=request.user)
    if campaign is not None:
        figures = campaign_figures(user=request.user, campaign=campaign)
        walkthrough_count, issue_count = figures.sessions, figures.found
        stage_counts = {row.stage: row.count for row in figures.by_stage}
    else:
        figures = None
        stage_counts = dict(issue_list(user=request.user).values_list("stage").annotate(n=Count("pk")).order_by())
        walkthrough_count, issue_count = walkthrough_list(user=request.user).count(), sum(stage_counts.values())
    context = {
        "campaign": campaign,
        "figures": figures,
        "walkthrough_count": walkthrough_count,
        "stage_rows": [(stage, stage_counts.get(stage.value, 0)) for stage in Issue.Stage],
        "issue_count": issue_count,
        "heartbeat": last_heartbeat(),
        **_waiting_for(request.user),
    }
    return render(request, "home.html", context)


def _waiting_for(user) -> dict:
    """The to-do panel: what waits for this user, each number linking to the list it counts."""
    today = timezone.localdate()
    roles = roles_of(user)
    waiting = {"todos": todo_panel(user=user, today=today)}
    if Role.LEADER in roles:
        waiting["overdue_departments"] = overdue_by_department(user=user, today=today)
    if Role.PARTICIPANT in roles:
        drafts = walkthrough_list(user=user).filter(status=WalkthroughSession.Status.DRAFT, created_by=user)
        waiting["draft_count"] = drafts.count()
        waiting["drafts_url"] = f"{reverse('campaigns:walkthrough_list')}?status=draft"
        waiting["findings"] = findings_of(user=user)
    return waiting
