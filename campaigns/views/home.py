from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count
from django.shortcuts import render

from campaigns.selectors import current_campaign, walkthrough_list
from campaigns.tasks import HEARTBEAT_KEY
from issues.models import Issue
from issues.selectors import issue_list


@login_required
def home(request):
    issues = issue_list(user=request.user)
    stage_counts = dict(issues.values_list("stage").annotate(n=Count("pk")).order_by())
    heartbeat = cache.get(HEARTBEAT_KEY)
    context = {
        "campaign": current_campaign(),
        "walkthrough_count": walkthrough_list(user=request.user).count(),
        "stage_rows": [(stage, stage_counts.get(stage.value, 0)) for stage in Issue.Stage],
        "issue_count": sum(stage_counts.values()),
        "heartbeat": datetime.fromisoformat(heartbeat) if heartbeat else None,
    }
    return render(request, "home.html", context)
