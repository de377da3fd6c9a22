"""The ledger list (with its filter and the bulk hand-off for staff) and the liaison's own task list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django_tables2 import RequestConfig

from campaigns.counting import CachedCountPaginator
from campaigns.roles import Role, roles_of
from campaigns.scope import liaison_department
from issues import services, workflow
from issues.filters import IssueFilter
from issues.forms import BulkHandOffForm
from issues.selectors import (
    department_task_list,
    issue_list,
    ledger_page_lines,
    with_ledger_facts,
    working_days_left,
    working_days_overdue,
)
from issues.tables import IssueTable
from issues.workdays import work_calendar


def _can_hand_off(user) -> bool:
    return any(step.action == "hand_off" for step in workflow.steps_from(workflow.Stage.EXPERIENCE, roles_of(user)))


def _experience_issues(user):
    """Issues waiting for their first 交办 (a sent-back one is re-dispatched by 改派, one by one)."""
    return issue_list(user=user).filter(stage=workflow.Stage.EXPERIENCE).exclude(events__action="send_back")


@login_required
def issue_index(request):
    """The ledger; staff tick `experience` issues in it and hand them off in bulk by posting to the same URL,
    so a refused hand-off is shown again with the same filters, page and ticks."""
    if request.method == "POST":
        return _bulk_hand_off(request)
    return _ledger_page(request)


def _ledger_page(request, *, bulk_form=None, status=200):
    today = timezone.localdate()
    issue_filter = IssueFilter(
        request.GET, queryset=with_ledger_facts(ledger_page_lines(user=request.user), today=today), request=request
    )
    can_hand_off = _can_hand_off(request.user)
    selected = {str(pk) for pk in request.POST.getlist("issues")} if bulk_form is not None else set()
    table = IssueTable(
        issue_filter.qs, today=today, calendar=work_calendar(), selectable=can_hand_off, selected=selected
    )
    RequestConfig(request, paginate={"per_page": 25, "paginator_class": CachedCountPaginator}).configure(table)
    if can_hand_off and bulk_form is None:
        bulk_form = BulkHandOffForm(issues=_experience_issues(request.user), user=request.user)
    context = {
        "filter": issue_filter,
        "table": table,
        "bulk_form": bulk_form if can_hand_off else None,
        "can_report": services.can_report_issue(request.user),
    }
    return render(request, "issues/issue_list.html", context, status=status)


def _bulk_hand_off(request):
    if not _can_hand_off(request.user):
        raise PermissionDenied
    form = BulkHandOffForm(request.POST, issues=_experience_issues(request.user), user=request.user)
    if form.is_valid():
        chosen = form.cleaned_data["issues"].order_by("year", "sequence")
        try:
            handed = services.issue_bulk_hand_off(
                issues=list(chosen), by=request.user, department=form.cleaned_data["department"],
                deadline=form.cleaned_data["deadline"], responsible_person=form.cleaned_data["responsible_person"],
                note=form.cleaned_data["note"],
            )
        except workflow.TransitionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                ngettext("已交办%(n)d个问题:%(numbers)s", "已交办%(n)d个问题:%(numbers)s", len(handed))
                % {"n": len(handed), "numbers": "、".join(issue.number for issue in handed)},
            )
            return redirect(request.get_full_path())
    for error in form.errors.get("issues", []):
        messages.error(request, error)
    return _ledger_page(request, bulk_form=form, status=400)


@login_required
def department_tasks(request):
    """我的部门任务: what the liaison's department has to do, overdue and nearest deadlines first."""
    if Role.DEPT_LIAISON not in roles_of(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    calendar = work_calendar()
    tasks = []
    for issue in department_task_list(user=request.user, today=today):
        roles = services.acting_roles(user=request.user, issue=issue)
        tasks.append(
            {
                "issue": issue,
                "steps": workflow.steps_from(issue.stage, roles),
                "days_overdue": working_days_overdue(issue, today=today, calendar=calendar),
                "days_left": working_days_left(issue, today=today, calendar=calendar),
            }
        )
    context = {"tasks": tasks, "department": liaison_department(request.user), "today": today}
    return render(request, "issues/department_tasks.html", context)
