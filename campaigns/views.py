from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from campaigns import services
from campaigns.filters import WalkthroughFilter
from campaigns.forms import FindingFormSet, WalkthroughForm
from campaigns.selectors import current_campaign, official_of, walkthrough_get, walkthrough_list
from campaigns.tables import WalkthroughTable
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


@login_required
def walkthrough_index(request):
    sessions = walkthrough_list(user=request.user).annotate(finding_count=Count("issues"))
    walkthrough_filter = WalkthroughFilter(request.GET, queryset=sessions)
    table = WalkthroughTable(walkthrough_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "campaigns/walkthrough_list.html", {"filter": walkthrough_filter, "table": table})


@login_required
def walkthrough_create(request):
    if not services.can_log_walkthrough(request.user):
        raise PermissionDenied
    initial = {"campaign": current_campaign(), "lead": official_of(request.user)}
    form = WalkthroughForm(request.POST or None, request.FILES or None, initial=initial)
    findings = FindingFormSet(request.POST or None, prefix="findings")
    if request.method == "POST" and form.is_valid() and findings.is_valid():
        session = services.walkthrough_create(
            by=request.user,
            fields=form.session_fields(),
            service_items=form.cleaned_data["service_items"],
            companions=form.cleaned_data["companions"],
            findings=[f.cleaned_data for f in findings if f.cleaned_data.get("title")],
            submit="save_draft" not in request.POST,
        )
        messages.success(
            request, _("走流程记录已保存,登记问题%(n)d个") % {"n": session.issues.count()}
        )
        return redirect("campaigns:walkthrough_detail", pk=session.pk)
    return render(request, "campaigns/walkthrough_form.html", {"form": form, "findings": findings})


@login_required
def walkthrough_detail(request, pk):
    session = walkthrough_get(user=request.user, pk=pk)
    findings = issue_list(user=request.user).filter(walkthrough=session)
    return render(request, "campaigns/walkthrough_detail.html", {"session": session, "findings": findings})
