from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from campaigns.selectors import current_campaign, walkthrough_list
from campaigns.tasks import last_heartbeat
from issues.models import Issue
from issues.selectors import issue_list


@login_required
def home(request):
    issues = issue_list(user=request.user)
    stage_counts = dict(issues.values_list("stage").annotate(n=Count("pk")).order_by())
    context = {
        "campaign": current_campaign(user=request.user),
        "walkthrough_count": walkthrough_list(user=request.user).count(),
        "stage_rows": [(stage, stage_counts.get(stage.value, 0)) for stage in Issue.Stage],
        "issue_count": sum(stage_counts.values()),
        "heartbeat": last_heartbeat(),
    }
    return render(request, "home.html", context)
