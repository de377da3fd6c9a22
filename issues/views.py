from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from issues import services, workflow
from issues.filters import IssueFilter
from issues.forms import EvidenceForm, StepForm
from issues.selectors import issue_get, issue_list
from issues.tables import IssueTable


@login_required
def issue_index(request):
    issue_filter = IssueFilter(request.GET, queryset=issue_list(user=request.user))
    table = IssueTable(issue_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "issues/issue_list.html", {"filter": issue_filter, "table": table})


def _issue_page(request, issue, *, bound_step=None, bound_form=None, evidence_form=None, status=200):
    roles = services.acting_roles(user=request.user, issue=issue)
    steps = workflow.steps_from(issue.stage, roles)
    step_forms = [
        bound_form if bound_step and step.action == bound_step.action else StepForm(step=step, issue=issue)
        for step in steps
    ]
    if bound_form is not None and bound_step not in steps:
        for error in bound_form.non_field_errors():  # the form is not on the page: say why on top
            messages.error(request, error)
    context = {
        "issue": issue,
        "events": issue.events.select_related("actor"),
        "evidence": issue.evidence.all(),
        "step_forms": step_forms,
        "evidence_form": evidence_form
        or (EvidenceForm() if services.can_add_evidence(user=request.user, issue=issue) else None),
    }
    return render(request, "issues/issue_detail.html", context, status=status)


@login_required
def issue_detail(request, pk):
    return _issue_page(request, issue_get(user=request.user, pk=pk))


@login_required
@require_POST
def issue_step(request, pk, action):
    issue = issue_get(user=request.user, pk=pk)
    step = workflow.STEPS_BY_ACTION.get(action)
    if step is None:
        raise PermissionDenied
    form = StepForm(request.POST, step=step, issue=issue)
    if form.is_valid():
        try:
            services.issue_transition(
                issue=issue, action=action, by=request.user, note=form.cleaned_data["note"], changes=form.changes()
            )
        except workflow.TransitionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, step.label)
            return redirect(issue)
    return _issue_page(request, issue, bound_step=step, bound_form=form, status=400)


@login_required
@require_POST
def evidence_upload(request, pk):
    issue = issue_get(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        services.evidence_add(
            issue=issue, by=request.user, file=form.cleaned_data["file"], description=form.cleaned_data["description"]
        )
        return redirect(issue)
    return _issue_page(request, issue, evidence_form=form, status=400)
