"""Posts of the issue page for joint handling (协办) and urging (督办), and the center's 待改派 queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.roles import Role, has_role
from issues import handling, workflow
from issues.handling_forms import AssistanceForm, AssistingForm, UrgeForm, UrgingReplyForm
from issues.selectors import issue_get, reassign_queue
from issues.views.issue_page import issue_page_with, show_refusal


@login_required
def reassign_queue_page(request):
    """待改派: issues departments sent back, with who returned them and why; each opens on its 改派 form."""
    if not has_role(request.user, Role.CENTER_STAFF):
        raise PermissionDenied(_("只有中心工作人员可以改派"))
    return render(request, "issues/reassign_queue.html", {"issues": reassign_queue(user=request.user)})


def _post(request, pk, *, form_class, slot, write, success, **form_kwargs):
    issue = issue_get(user=request.user, pk=pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            write(issue, form.cleaned_data)
        except (workflow.TransitionRefused, ValidationError) as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, success)
            return redirect(issue)
    return issue_page_with(request, issue, bound={slot: form})


@login_required
@require_POST
def urge(request, pk):
    return _post(
        request, pk, form_class=UrgeForm, slot="urge", success=_("已督办,联络员已收到通知"),
        write=lambda issue, data: handling.issue_urge(issue=issue, by=request.user, note=data["note"]),
    )


@login_required
@require_POST
def urging_reply(request, pk, urging_pk):
    issue = issue_get(user=request.user, pk=pk)
    urging = get_object_or_404(issue.urgings, pk=urging_pk)
    return _post(
        request, pk, form_class=UrgingReplyForm, slot=f"reply:{urging.pk}", success=_("已回复督办"),
        write=lambda issue, data: handling.urging_reply(urging=urging, by=request.user, reply=data["reply"]),
    )


@login_required
@require_POST
def assisting_set(request, pk):
    return _post(
        request, pk, form_class=AssistingForm, slot="assisting", success=_("协办单位已保存"), user=request.user,
        write=lambda issue, data: handling.assisting_set(
            issue=issue, by=request.user, departments=list(data["departments"])
        ),
    )


@login_required
@require_POST
def assistance_record(request, pk):
    return _post(
        request, pk, form_class=AssistanceForm, slot="assistance", success=_("协办措施已保存"),
        write=lambda issue, data: handling.assistance_record(issue=issue, by=request.user, measures=data["measures"]),
    )
