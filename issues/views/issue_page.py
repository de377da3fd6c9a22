"""One issue: its page (facts, timeline, the forms this user may use now) and the posts those forms make."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.files import file_response
from campaigns.views.errors import show_service_errors
from issues import deadlines, services, workflow
from issues.forms import (
    PROVISIONAL_NOTE,
    CallbackForm,
    EvidenceForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    IssueDetailsForm,
    RectificationForm,
    StepForm,
)
from issues.records import issue_records
from issues.selectors import (
    is_overdue,
    issue_get,
    issue_list,
    issue_version,
    working_days_left,
    working_days_overdue,
)
from issues.submit_form import SubmitForm
from issues.timeline import issue_timeline
from issues.views.issue_context import handling_context
from issues.workdays import work_calendar


def issue_page_with(request, issue, *, bound: dict | None = None, status=400):
    """The issue page with a refused form in its slot (`bound`), so the user sees his input and the reason."""
    return _issue_page(request, issue, bound=bound, status=status)


def _issue_page(request, issue, *, bound: dict | None = None, status=200):
    """The page; `bound` holds a refused form by its slot name, so the user sees his input and the reason."""
    bound = bound or {}
    today, calendar = timezone.localdate(), work_calendar()
    roles = services.acting_roles(user=request.user, issue=issue)
    version = issue_version(issue)
    records = issue_records(issue)
    steps = workflow.steps_from(issue.stage, roles, services.issue_facts(issue, records=records))
    forms = {step: bound.get(f"step:{step.action}") or step_form_class(step)(step=step, issue=issue, user=request.user)
             for step in steps}
    step_forms = [form for step, form in forms.items() if workflow.moves_on(step, issue.stage)]
    side_step_forms = [form for step, form in forms.items() if not workflow.moves_on(step, issue.stage)]
    pending = records.pending_extension

    def offered(slot, activity, factory, condition=True):
        if not (condition and workflow.may(activity, stage=issue.stage, roles=roles)):
            return None
        return bound.get(slot) or factory()

    context = {
        "issue": issue,
        "today": today,
        "calendar": calendar,
        "overdue": is_overdue(issue, today=today),
        "days_overdue": working_days_overdue(issue, today=today, calendar=calendar),
        "days_left": working_days_left(issue, today=today, calendar=calendar),
        "deadline_provisional": issue.deadline is not None
        and calendar.span_is_provisional(issue.deadline_start, issue.deadline),
        "deadline_day_off": issue.deadline is not None and not calendar.is_workday(issue.deadline),
        "can_confirm_deadline": issue.deadline_review_since is not None
        and deadlines.can_confirm_deadline(request.user),
        "provisional_note": PROVISIONAL_NOTE,
        "reopen_count": records.reopen_count,
        "timeline": issue_timeline(issue, records=records),
        "evidence": records.evidence,
        "reductions": issue.reductions.order_by("kind"),
        "extensions": records.extensions,
        "pending_extension": pending,
        "step_forms": step_forms,
        "side_step_forms": side_step_forms,
        "evidence_form": offered("evidence", "add_evidence", EvidenceForm),
        "callback_form": offered(
            "callback", "record_callback",
            lambda: CallbackForm(initial={
                "version": version,
                "callback_on": issue.callback_on or today,
                "callback_by": issue.callback_by or request.user.get_full_name() or request.user.username,
                "callback_result": issue.callback_result,
            }),
        ),
        "extension_form": offered("extension", "request_extension", ExtensionRequestForm, condition=pending is None),
        "decision_form": offered("decision", "decide_extension", ExtensionDecisionForm, condition=pending is not None),
        **handling_context(issue, records=records, user=request.user, roles=roles, bound=bound),
        "can_edit_details": workflow.may("edit_details", stage=issue.stage, roles=roles),
        "can_record_rectification": workflow.may("record_rectification", stage=issue.stage, roles=roles),
    }
    shown = {id(form) for form in [*step_forms, *side_step_forms, *context.values()] if form is not None}
    shown |= {id(form) for form in context["reply_forms"].values()}
    for slot, form in bound.items():
        if slot.startswith("step:") or id(form) in shown:
            continue
        for error in form.non_field_errors():  # the form is not offered any more: say why on top
            messages.error(request, error)
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
    form = step_form_class(step)(request.POST, request.FILES, step=step, issue=issue, user=request.user)
    if form.is_valid():
        try:
            _take_step(request, issue, step, form)
        except (workflow.TransitionRefused, ValidationError) as refusal:
            show_refusal(form, refusal)
        else:
            if not issue_list(user=request.user).filter(pk=issue.pk).exists():  # 退回: it left his department
                messages.success(request, _("已%(action)s%(number)s,它已交回政务服务中心,不再在本单位台账中") % {
                    "action": step.label, "number": issue.number})
                return redirect("issues:issue_list")
            messages.success(request, _("已%(action)s") % {"action": step.label})
            return redirect(issue)
    issue.refresh_from_db()
    roles = services.acting_roles(user=request.user, issue=issue)
    # When the form is not on the page any more, say why on top, and keep what was typed.
    offered_now = workflow.steps_from(issue.stage, roles, services.issue_facts(issue))
    if action not in [offered.action for offered in offered_now]:
        for error in form.non_field_errors() or [_("当前不能%(action)s") % {"action": step.label}]:
            messages.error(request, error)
        if form.data.get(f"{action}-note", "").strip():
            messages.info(request, _("您填写的说明未保存:%(note)s") % {"note": form.data[f"{action}-note"].strip()})
    return _issue_page(request, issue, bound={f"step:{action}": form}, status=400)


def step_form_class(step):
    """The liaison's 提交验收 is one form with the rectification and its evidence; other steps take their fields."""
    return SubmitForm if step.action == "submit" else StepForm


def _take_step(request, issue, step, form):
    expected = form.cleaned_data["seen_stage"] or issue.stage
    if step.action == "submit":
        services.rectification_submit(
            issue=issue, by=request.user, changes=form.rectification_changes(), reductions=form.reductions(),
            files=form.cleaned_data["files"], note=form.cleaned_data["note"], expected_stage=expected,
        )
        return
    services.issue_transition(
        issue=issue, action=step.action, by=request.user, note=form.cleaned_data["note"], changes=form.changes(),
        expected_stage=expected,
    )


@login_required
@require_POST
def deadline_confirm(request, pk):
    """Center staff keep a hand-typed deadline that a calendar change flagged for review."""
    issue = issue_get(user=request.user, pk=pk)
    deadlines.confirm_deadline(issue=issue, by=request.user)
    messages.success(request, _("已复核整改时限"))
    return redirect(issue)


@login_required
@require_POST
def evidence_upload(request, pk):
    issue = issue_get(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        # Not the responsible department at rectification: PermissionDenied, the 403 page saying why.
        services.evidence_add(
            issue=issue, by=request.user, file=form.cleaned_data["file"], description=form.cleaned_data["description"],
        )
        messages.success(request, _("佐证材料已上传"))
        return redirect(issue)
    return _issue_page(request, issue, bound={"evidence": form}, status=400)


@login_required
def evidence_download(request, pk, evidence_pk):
    """One proof of rectification, only to those who may read its issue."""
    issue = issue_get(user=request.user, pk=pk)
    evidence = get_object_or_404(issue.evidence, pk=evidence_pk)
    return file_response(evidence.file, content_type=evidence.content_type, original_name=evidence.original_name)


@login_required
@require_POST
def callback_record(request, pk):
    issue = issue_get(user=request.user, pk=pk)
    form = CallbackForm(request.POST)
    if form.is_valid():
        try:
            services.issue_update(
                issue=issue, by=request.user, activity="record_callback", changes=form.changes(),
                seen_version=form.cleaned_data["version"],
            )
        except services.StaleEdit as stale:
            form = _rebound(CallbackForm, request.POST, latest_of=issue)
            form.add_error(None, str(stale))
        except (workflow.TransitionRefused, ValidationError) as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("二次回访已登记"))
            return redirect(issue)
    return _issue_page(request, issue, bound={"callback": form}, status=400)


@login_required
@require_POST
def extension_request(request, pk):
    issue = issue_get(user=request.user, pk=pk)
    form = ExtensionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.extension_request(
                issue=issue, by=request.user, reason=form.cleaned_data["reason"],
                requested_deadline=form.cleaned_data["requested_deadline"],
            )
        except (workflow.TransitionRefused, ValidationError) as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("延期申请已提交,等待中心审批"))
            return redirect(issue)
    return _issue_page(request, issue, bound={"extension": form}, status=400)


@login_required
@require_POST
def extension_decide(request, pk, extension_pk):
    issue = issue_get(user=request.user, pk=pk)
    extension = get_object_or_404(issue.extensions, pk=extension_pk)
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.extension_decide(
                extension=extension, by=request.user, approve=approve, note=form.cleaned_data["decision_note"]
            )
        except (workflow.TransitionRefused, ValidationError) as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("已同意延期,整改时限已调整") if approve else _("已驳回延期申请"))
            return redirect(issue)
    if extension.status != extension.Status.PENDING:
        messages.error(request, form.non_field_errors()[0] if form.non_field_errors() else _("该延期申请已处理"))
    return _issue_page(request, issue, bound={"decision": form}, status=400)


def show_refusal(form, refusal) -> None:
    """A service's refusal on the form: field errors beside their fields, a workflow refusal above the form."""
    if isinstance(refusal, ValidationError):
        show_service_errors(form, refusal)
    else:
        form.add_error(None, str(refusal))


def _rebound(form_class, data, *, latest_of, **kwargs):
    """The user's input again, now against the latest version, so a second submit is taken."""
    data = data.copy()
    data["version"] = issue_version(latest_of)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def _edit_page(request, issue, *, form_class, activity, template, success, **form_kwargs):
    """A full page for a larger edit (the ledger line's details, the rectification) with its stale check."""
    roles = services.acting_roles(user=request.user, issue=issue)
    workflow_activity = workflow.ACTIVITIES_BY_NAME[activity]
    if not workflow.may(activity, stage=issue.stage, roles=roles):
        raise PermissionDenied(_("当前不能%(action)s") % {"action": workflow_activity.label})
    stale = False
    if request.method == "POST":
        form = form_class(request.POST, issue=issue, **form_kwargs)
        if form.is_valid():
            try:
                success(form)
            except services.StaleEdit as refusal:
                issue.refresh_from_db()
                form = _rebound(form_class, request.POST, latest_of=issue, issue=issue, **form_kwargs)
                form.add_error(None, str(refusal))
                stale = True
            except (workflow.TransitionRefused, ValidationError) as refusal:
                show_refusal(form, refusal)
            else:
                messages.success(request, _("已保存"))
                return redirect(issue)
    else:
        form = form_class(issue=issue, initial={"version": issue_version(issue)}, **form_kwargs)
    context = {"issue": issue, "form": form, "stale": stale, "activity": workflow_activity}
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@login_required
def issue_edit(request, pk):
    issue = issue_get(user=request.user, pk=pk)

    def save(form):
        services.issue_update(
            issue=issue, by=request.user, activity="edit_details", changes=form.issue_fields(),
            seen_version=form.cleaned_data["version"],
        )

    return _edit_page(
        request, issue, form_class=IssueDetailsForm, activity="edit_details", template="issues/issue_edit.html",
        success=save, user=request.user,
    )


@login_required
def rectification_edit(request, pk):
    issue = issue_get(user=request.user, pk=pk)

    def save(form):
        services.rectification_record(
            issue=issue, by=request.user, changes=form.changes(), reductions=form.reductions(),
            seen_version=form.cleaned_data["version"],
        )

    return _edit_page(
        request, issue, form_class=RectificationForm, activity="record_rectification",
        template="issues/rectification_form.html", success=save,
    )

