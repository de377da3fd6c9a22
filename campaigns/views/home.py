from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from campaigns.selectors import current_campaign, walkthrough_list
from campaigns.tasks import last_heartbeat
from issues.models import Issue
from issues.selectors import issue_list


@login_required
def home(request):
    """Under the current campaign's heading, that campaign's figures (reports.selectors.campaign_figures, as the
    campaign page, the dashboard and the briefing print them); with no campaign at all, the user's whole ledger."""
    from reports.selectors import campaign_figures

    campaign = current_campaign()
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
    }
    return render(request, "home.html", context)
