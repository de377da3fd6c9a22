"""Similar-issue hints for the walkthrough form (JSON) and staff merging a duplicate into another issue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campaigns.roles import Role, roles_of
from issues import workflow
from issues.duplicates import issue_merge
from issues.selectors import issue_get, issue_list
from issues.similarity import similar_issues


def _int_or_none(value):
    return int(value) if value and str(value).isdigit() else None


@login_required
@require_GET
def similar_hints(request):
    """GET ?text=…&service_item=…&department=… → {"issues": [{number, title, stage, department, sightings, url}]},
    at most five, only issues the user may be shown (issues.similarity.hint_scope_q)."""
    found = similar_issues(
        user=request.user,
        text=request.GET.get("text", ""),
        service_item_id=_int_or_none(request.GET.get("service_item")),
        department_id=_int_or_none(request.GET.get("department")),
    )
    return JsonResponse({"issues": [
        {
            "pk": issue.pk, "number": issue.number, "title": issue.title, "stage": issue.get_stage_display(),
            "department": issue.department_name or "", "sightings": issue.sighting_count,
            # A walker may be shown a hint he may not open: no link then.
            "url": issue.get_absolute_url() if issue.readable else "",
        }
        for issue in found
    ]})


@login_required
@require_POST
def merge(request, pk):
    """Merge this issue (the duplicate) into the one whose number was typed; back to the kept issue."""
    if Role.CENTER_STAFF not in roles_of(request.user):
        raise PermissionDenied(_("只有中心工作人员可以合并重复问题"))
    duplicate = issue_get(user=request.user, pk=pk)
    number = request.POST.get("into", "").strip()
    into = issue_list(user=request.user).filter(number=number).first()
    if into is None:
        messages.error(request, _("找不到台账编号为“%(number)s”的问题,请核对后重新输入") % {"number": number})
        return redirect(duplicate.get_absolute_url())
    try:
        kept = issue_merge(duplicate=duplicate, into=into, by=request.user, note=request.POST.get("note", ""))
    except workflow.TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(duplicate.get_absolute_url())
    done = _("已将%(dup)s作为重复问题合并至%(kept)s") % {"dup": duplicate.number, "kept": kept.number}
    messages.success(request, done)
    return redirect(kept.get_absolute_url())
