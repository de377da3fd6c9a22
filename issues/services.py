"""Writes to the ledger.

Every stage change goes through `issue_transition` and leaves an IssueEvent. Every other write asks
`workflow.check_activity` first, runs under the issue's row lock, and keeps its field history
(simple-history, with the acting user). Refusals are `workflow.TransitionRefused` (a message for the
user) or `ValidationError` (messages for fields of the form).
"""

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.roles import Role, roles_of
from campaigns.scope import liaison_department, outside_scope
from campaigns.selectors import campaign_running_on
from campaigns.uploads import check_upload
from issues import workflow
from issues.deadlines import hand_off_rule
from issues.item_values import apply_reductions_to_items, set_reduction_items
from issues.models import (
    DeadlineExtension,
    Evidence,
    Issue,
    IssueEvent,
    IssueNumberCounter,
    Reduction,
)
from issues.references import reference_key, reference_taken_message
from issues.selectors import default_deadline, default_working_days, handoff_departments
from issues.workdays import work_calendar

NOT_CHOSEN = object()  # issue_create without a `campaign`: take the default


class StaleEdit(workflow.TransitionRefused):
    """Someone changed the issue after this user opened his form; his input is shown again, nothing is saved."""


def next_issue_sequence(year: int) -> int:
    """The next ledger number of the year; the counter row is locked until the caller's transaction ends."""
    IssueNumberCounter.objects.get_or_create(year=year)
    counter = IssueNumberCounter.objects.select_for_update().get(year=year)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def issue_campaign(*, walkthrough, discovered_on, chosen=NOT_CHOSEN):
    """The campaign a new ledger line belongs to: its walkthrough's; else the one chosen (None: no campaign);
    else the campaign running on the discovery date. Raises ValidationError when the choice contradicts the
    walkthrough."""
    if walkthrough is not None:
        if chosen not in (NOT_CHOSEN, None) and chosen.pk != walkthrough.campaign_id:
            raise ValidationError({"campaign": _("走流程发现的问题属于该次走流程所在的活动,不能另选活动")})
        return walkthrough.campaign
    if chosen is not NOT_CHOSEN:
        return chosen
    return campaign_running_on(discovered_on)


@transaction.atomic
def issue_create(*, by, title: str, discovered_on, **fields) -> Issue:
    """A new ledger line at `experience` with its number and its first IssueEvent. Without `campaign` it joins
    its walkthrough's campaign, or the campaign running on `discovered_on` (see issue_campaign)."""
    _refuse_reused_reference(fields.get("source", ""), fields.get("source_reference", ""), by=by)
    fields["campaign"] = issue_campaign(
        walkthrough=fields.get("walkthrough"), discovered_on=discovered_on, chosen=fields.get("campaign", NOT_CHOSEN)
    )
    year = discovered_on.year
    fields.setdefault("intake_unit", intake_unit_for(by=by, **fields))
    issue = Issue(
        title=title,
        discovered_on=discovered_on,
        created_by=by,
        year=year,
        sequence=next_issue_sequence(year),
        **fields,
    )
    issue.full_clean(exclude=["number"])
    issue._history_user = by
    issue.save()
    IssueEvent.objects.create(issue=issue, actor=by, from_stage="", to_stage=issue.stage, note="")
    return issue


def intake_unit_for(*, by, department=None, walkthrough=None, **_fields):
    """The unit whose ledger a new line belongs to until it is handed off: its department, else the walkthrough's,
    else the reporter's own node (campaigns.scope), else the single root of the tree; None if none of these."""
    from campaigns.models import Department
    from campaigns.scope import jurisdiction_of

    for unit in (department, walkthrough.department if walkthrough is not None else None, jurisdiction_of(by)):
        if unit is not None:
            return unit
    official = getattr(by, "official", None) if by is not None else None
    if official is not None:
        return official.department
    roots = list(Department.objects.get_root_nodes()[:2])
    return roots[0] if len(roots) == 1 else None


def _refuse_reused_reference(source: str, reference: str, *, by, exclude_pk=None) -> None:
    """A 12345 ticket (or any source's number) enters the ledger once; say under which number it already is, when
    `by` may read that line (issues.references.reference_taken_message)."""
    key = reference_key(reference)
    if not key:
        return
    existing = Issue.objects.filter(source=source, source_reference_key=key).exclude(pk=exclude_pk).first()
    if existing is not None:
        raise ValidationError({"source_reference": reference_taken_message(existing, reader=by)})


def can_report_issue(user) -> bool:
    return Role.CENTER_STAFF in roles_of(user)


def issue_report(*, by, title: str, discovered_on, **fields) -> Issue:
    """A ledger line from a source other than a walkthrough (12345, 好差评, ...), entered by center staff."""
    if not can_report_issue(by):
        raise PermissionDenied(_("只有中心工作人员可以登记问题"))
    if fields.get("source", Issue.Source.WALKTHROUGH) == Issue.Source.WALKTHROUGH:
        raise ValidationError({"source": _("走流程发现的问题请在走流程记录中登记")})
    department = fields.get("department")
    if department is not None and outside_scope(by, department.pk):
        raise ValidationError({"department": _("只能登记本辖区单位的问题,请从列表中选择责任单位")})
    return issue_create(by=by, title=title, discovered_on=discovered_on, **fields)


@transaction.atomic
def issue_import(*, by, rows) -> list[Issue]:
    """The rows of a checked workbook (importing.read_issue_workbook) as new ledger lines: all of them or none."""
    return [issue_report(by=by, **row) for row in rows]


def acting_roles(*, user, issue: Issue) -> frozenset:
    """The user's roles as they apply to this issue: a liaison acts as `dept_liaison` only for his own department's
    issues (主办), and as workflow.ASSISTING_LIAISON for issues his department assists (协办); a participant acts
    only on the issues he reported or that came from his walkthroughs."""
    roles = set(roles_of(user))
    department = liaison_department(user)
    if Role.DEPT_LIAISON in roles:
        roles.discard(Role.DEPT_LIAISON)
        if department is not None:
            if issue.department is not None and issue.department.path.startswith(department.path):
                roles.add(Role.DEPT_LIAISON)
            elif issue.pk and issue.assistants.filter(department__path__startswith=department.path).exists():
                roles.add(workflow.ASSISTING_LIAISON)
    if Role.PARTICIPANT in roles and not _walker_owns(user, issue):
        roles.discard(Role.PARTICIPANT)  # a walker acts (立行立改) only on what he found himself
    return frozenset(roles)


def _walker_owns(user, issue: Issue) -> bool:
    return issue.created_by_id == user.pk or (
        issue.walkthrough_id is not None and issue.walkthrough.lead.user_id == user.pk
    )


def issue_facts(issue: Issue, *, records=None) -> workflow.IssueFacts:
    """The facts the workflow's guards read; `records` (issues.records.IssueRecords), when the caller has read
    them already, answers the evidence and hand-off questions without asking the database again."""
    return workflow.IssueFacts(
        has_department=issue.department_id is not None,
        has_deadline=issue.deadline is not None,
        has_measures=bool(issue.measures.strip()),
        has_evidence=bool(records.evidence) if records is not None else issue.evidence.exists(),
        evaluation_passed=issue.evaluation_passed,
        has_responsible_person=bool(issue.responsible_person.strip()),
        was_handed_off=records.was_handed_off if records is not None
        else issue.events.filter(to_stage=workflow.Stage.FEEDBACK).exists(),
    )


def last_sent_back(issue: Issue) -> IssueEvent | None:
    """The latest 退回 of the issue (which department gave it back, and why), if any."""
    return (
        issue.events.filter(action="send_back").select_related("from_department", "actor").order_by("-pk").first()
    )


def _lock(issue: Issue) -> Issue:
    """The issue's row, locked until the transaction ends: whoever comes second waits, then sees the first's work."""
    return Issue.objects.select_for_update().get(pk=issue.pk)


def _save(issue: Issue, *, by, reason) -> None:
    issue._history_user = by
    issue._change_reason = str(reason)[:100]
    issue.save()


def save_with_reason(issue: Issue, *, by, reason) -> None:
    """Saves a locked issue with a field-history entry naming who and why (the timeline shows the reason)."""
    _save(issue, by=by, reason=reason)


def _remember_deadline_rule(issue: Issue) -> None:
    """A hand-off deadline remembers how it was derived, so a calendar change can count it again."""
    rule = hand_off_rule(
        deadline=issue.deadline,
        today=timezone.localdate(),
        rule_days=default_working_days(severity=issue.severity, source=issue.source),
        calendar=work_calendar(),
    )
    issue.deadline_start, issue.deadline_working_days = rule.start, rule.working_days
    issue.deadline_review_since = None


def issue_transition(
    *, issue: Issue, action: str, by, note: str = "", changes: dict | None = None, expected_stage=None
) -> Issue:
    """Take one workflow step under a row lock: the step's fields, the new stage and its IssueEvent land together
    or not at all. `expected_stage` is the stage the user saw (default: the stage of `issue` as loaded); if the
    issue has moved on meanwhile the step is refused as stale. Raises workflow.TransitionRefused."""
    expected = expected_stage or issue.stage
    with transaction.atomic():
        locked = _lock(issue)
        if locked.stage != expected:
            raise workflow.TransitionRefused(workflow.STALE_MESSAGE % {"stage": workflow.Stage(locked.stage).label})
        step = workflow.STEPS_BY_ACTION.get(action)
        held_by = locked.department
        for field, value in (changes or {}).items():
            if step is None or field not in step.fields:
                raise workflow.TransitionRefused(workflow.FIELD_NOT_EDITABLE % {"field": _field_label(field)})
            setattr(locked, field, value)
        if "deadline" in (changes or {}) and locked.deadline is not None:
            _remember_deadline_rule(locked)
        step = workflow.plan(
            stage=locked.stage,
            action=action,
            roles=acting_roles(user=by, issue=locked),
            facts=issue_facts(locked),
            note=note,
        )
        for field, value in step.sets:
            setattr(locked, field, value)
        from_stage = locked.stage
        if step.gives_department:
            _refuse_outside_region(locked, placed=held_by or locked.intake_unit, by=by)
        from_department, to_department = _departments_of_step(step, locked, held_by=held_by, from_stage=from_stage)
        if step.releases_department:
            locked.department, locked.responsible_person = None, ""
        locked.stage = step.target
        _save(locked, by=by, reason=step.label)
        event = IssueEvent.objects.create(
            issue=locked, actor=by, from_stage=from_stage, to_stage=step.target, note=note, action=step.action,
            from_department=from_department, to_department=to_department,
        )
        if step.target == workflow.Stage.CLOSED:
            apply_reductions_to_items(issue=locked, by=by)
            _owe_platform_results(locked, event)
        # Whoever must act next is told once the step is committed; a failure there never undoes the step.
        transaction.on_commit(lambda: _notify_stage_change(locked, event), robust=True)
    return locked


def _owe_platform_results(issue: Issue, event: IssueEvent) -> None:
    """A closed issue that came from a 12345/好差评 platform owes it the result: the delivery rows are written in
    this transaction, so a crash after the close can never lose them."""
    from intake.webhooks import deliveries_for_close

    deliveries_for_close(issue=issue, closed_at=event.created_at)


def _refuse_outside_region(issue: Issue, *, placed, by) -> None:
    """TransitionRefused when the department a step names lies outside the county (or city) the issue belongs to
    (issues.selectors.handoff_departments): the issue page offers no other, a bulk hand-off or a crafted post might."""
    if issue.department_id is None:
        return
    if not handoff_departments(placed=placed, user=by).filter(pk=issue.department_id).exists():
        raise workflow.TransitionRefused(
            _("%(department)s不在该问题所属辖区,只能交办给本辖区的单位") % {"department": issue.department.name}
        )


def _departments_of_step(step, issue: Issue, *, held_by, from_stage):
    """(from, to) departments the step moves the issue between; a 改派 must name another department."""
    if step.releases_department:
        return held_by, None
    if not step.gives_department:
        return None, None
    if step.action == "reassign":
        if from_stage == workflow.Stage.EXPERIENCE:
            returned = last_sent_back(issue)
            held_by = returned.from_department if returned else None
        elif issue.department_id == getattr(held_by, "pk", None):
            raise ValidationError({"department": _("改派须选择另一个责任单位(现为%(name)s)") % {"name": held_by.name}})
        issue.assistants.filter(department=issue.department).delete()  # the new lead no longer assists
        return held_by, issue.department
    return None, issue.department


def _notify_stage_change(issue: Issue, event: IssueEvent) -> None:
    from issues.notifications import notify_stage_change

    notify_stage_change(issue, event)


def issue_bulk_hand_off(
    *, issues, by, department=None, deadline=None, responsible_person: str = "", note: str = ""
) -> list[Issue]:
    """Hand many `experience` issues off in one transaction, one `issue_transition` (and IssueEvent) each:
    all of them, or none when one is refused (the message names it). Without a department each issue goes to
    the one it already names; without a deadline each gets its own (set earlier, else the default)."""
    calendar = work_calendar()
    today = timezone.localdate()
    handed = []
    with transaction.atomic():
        for issue in issues:
            changes = {
                "department": department or issue.department,
                "deadline": deadline
                or issue.deadline
                or default_deadline(severity=issue.severity, source=issue.source, today=today, calendar=calendar).day,
            }
            if responsible_person:
                changes["responsible_person"] = responsible_person
            try:
                handed.append(
                    issue_transition(
                        issue=issue, action="hand_off", by=by, note=note, changes=changes,
                        expected_stage=workflow.Stage.EXPERIENCE,
                    )
                )
            except workflow.TransitionRefused as refusal:
                raise workflow.TransitionRefused(
                    _("%(number)s:%(reason)s;所选问题均未交办") % {"number": issue.number, "reason": refusal}
                ) from refusal
    return handed


# The default of `seen_version` for callers with no form (demo data, tasks): no check. A form's missing version is
# None, and None is stale: an edit that cannot say what it was based on may overwrite anything.
UNCHECKED = -1


def _refuse_if_stale(issue: Issue, seen_version: int | None) -> None:
    if seen_version == UNCHECKED:
        return
    if seen_version is None:
        raise StaleEdit(workflow.MISSING_VERSION_MESSAGE)
    latest = issue.history.select_related("history_user").order_by("-history_id").first()
    if latest is not None and latest.history_id != seen_version:
        who = latest.history_user
        raise StaleEdit(
            workflow.STALE_EDIT_MESSAGE
            % {
                "who": (who.get_full_name() or who.username) if who else _("他人"),
                "when": timezone.localtime(latest.history_date).strftime("%m-%d %H:%M"),
            }
        )


def issue_update(*, issue: Issue, by, activity: str, changes: dict, seen_version: int | None = UNCHECKED) -> Issue:
    """Fill in part of an issue (its details, the rectification, the callback) under a row lock, if the workflow
    lets this user do `activity` now. `seen_version` (issue_version when the form was opened) refuses an edit
    made on top of someone else's newer change instead of silently overwriting it."""
    with transaction.atomic():
        locked = _lock(issue)
        found = workflow.check_activity(activity, stage=locked.stage, roles=acting_roles(user=by, issue=locked))
        _refuse_if_stale(locked, seen_version)
        changed = False
        for field, value in changes.items():
            if field not in found.fields:
                raise workflow.TransitionRefused(workflow.FIELD_NOT_EDITABLE % {"field": _field_label(field)})
            changed |= getattr(locked, field) != value
            setattr(locked, field, value)
        if changed:
            _refuse_reused_reference(locked.source, locked.source_reference, by=by, exclude_pk=locked.pk)
            locked.full_clean(exclude=["number"])
            _save(locked, by=by, reason=found.label)
    return locked


def rectification_record(
    *, issue: Issue, by, changes: dict, reductions: dict, seen_version: int | None = UNCHECKED
) -> Issue:
    """The department's account of its rectification: measures, flags and the four reductions (四减), saved
    together. `reductions` maps a Reduction.Kind to (before, after) or (before, after, service items it changes),
    or to None to drop that kind. The named items take the "after" value when the issue is closed."""
    with transaction.atomic():
        locked = issue_update(
            issue=issue, by=by, activity="record_rectification", changes=changes, seen_version=seen_version
        )
        existing = {reduction.kind: reduction for reduction in locked.reductions.all()}
        for kind, values in reductions.items():
            current = existing.get(kind)
            if values is None:
                if current is not None:
                    current._history_user = by
                    current.delete()
                continue
            before, after, *items = values
            if current is not None and (current.before, current.after) == (before, after):
                if items:
                    set_reduction_items(reduction=current, items=items[0])
                continue
            reduction = current or Reduction(issue=locked, kind=kind)
            reduction.before, reduction.after = before, after
            reduction.full_clean()
            reduction._history_user = by
            reduction.save()
            if items:
                set_reduction_items(reduction=reduction, items=items[0])
    return locked


def rectification_submit(
    *, issue: Issue, by, changes: dict, reductions: dict, files, note: str = "", expected_stage=None
) -> Issue:
    """提交验收 in one go: the rectification (measures, flags, 四减), the new evidence files and the step to
    evaluation, all in one transaction — a refusal anywhere leaves nothing half-written."""
    with transaction.atomic():
        rectification_record(issue=issue, by=by, changes=changes, reductions=reductions)
        for upload in files:
            evidence_add(issue=issue, by=by, file=upload)
        return issue_transition(
            issue=issue, action="submit", by=by, note=note, changes={"measures": changes["measures"]},
            expected_stage=expected_stage,
        )


def can_add_evidence(*, user, issue: Issue) -> bool:
    """The responsible department (or center staff) adds evidence while the issue is being rectified."""
    return workflow.may("add_evidence", stage=issue.stage, roles=acting_roles(user=user, issue=issue))


def evidence_add(*, issue: Issue, by, file, description: str = "") -> Evidence:
    """A rectification proof attached to the issue; refused outside rectification or the user's department
    (PermissionDenied), or when the bytes are no accepted file (ValidationError on `file`)."""
    roles = acting_roles(user=by, issue=issue)
    if not workflow.may("add_evidence", stage=issue.stage, roles=roles):
        raise PermissionDenied(_("只有责任单位和协办单位在整改环节可以上传佐证材料"))
    department = None
    if workflow.ASSISTING_LIAISON in roles and Role.DEPT_LIAISON not in roles:
        from issues.handling import assistance_of

        department = assistance_of(issue=issue, user=by).department  # marked as the assisting department's
    try:
        checked = check_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    return Evidence.objects.create(
        issue=issue, file=file, description=description, uploaded_by=by, department=department,
        original_name=file.name.rsplit("/", 1)[-1][:200], content_type=checked.content_type,
    )


def extension_request(*, issue: Issue, by, reason: str, requested_deadline) -> DeadlineExtension:
    """The liaison asks for a later deadline; at most one request per issue waits for a decision."""
    with transaction.atomic():
        locked = _lock(issue)
        workflow.check_activity("request_extension", stage=locked.stage, roles=acting_roles(user=by, issue=locked))
        if locked.extensions.filter(status=DeadlineExtension.Status.PENDING).exists():
            raise workflow.TransitionRefused(_("该问题已有一条待审批的延期申请,请等待中心审批后再申请"))
        errors = {}
        if not reason.strip():
            errors["reason"] = _("请填写延期理由")
        if locked.deadline and requested_deadline <= locked.deadline:
            errors["requested_deadline"] = _("申请延至的日期须晚于现整改时限(%(deadline)s)") % {
                "deadline": locked.deadline.isoformat()
            }
        if errors:
            raise ValidationError(errors)
        extension = DeadlineExtension.objects.create(
            issue=locked, requested_by=by, reason=reason.strip(), current_deadline=locked.deadline,
            requested_deadline=requested_deadline,
        )
        transaction.on_commit(lambda: _tell_extension(locked, extension, by=by), robust=True)
        return extension


def extension_decide(*, extension: DeadlineExtension, by, approve: bool, note: str = "") -> DeadlineExtension:
    """Center staff approve (the deadline moves, kept in the field history) or refuse (with a reason)."""
    with transaction.atomic():
        locked = _lock(extension.issue)
        workflow.check_activity("decide_extension", stage=locked.stage, roles=acting_roles(user=by, issue=locked))
        request = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
        if request.status != DeadlineExtension.Status.PENDING:
            decider = request.decided_by
            raise workflow.TransitionRefused(
                _("该延期申请已由%(who)s处理(%(status)s),请刷新页面")
                % {"who": decider.get_full_name() or decider.username, "status": request.get_status_display()}
            )
        if not approve and not note.strip():
            raise ValidationError({"decision_note": _("驳回延期申请须填写理由")})
        request.status = DeadlineExtension.Status.APPROVED if approve else DeadlineExtension.Status.REFUSED
        request.decided_by = by
        request.decided_at = timezone.now()
        request.decision_note = note.strip()
        request.save()
        if approve:
            if locked.deadline_working_days is not None:
                # counted now, so a later change of the calendar moves the extended deadline by its rule too
                request.working_days = work_calendar().working_days_between(
                    request.current_deadline, request.requested_deadline
                )
                request.save(update_fields=["working_days"])
            locked.deadline = request.requested_deadline
            locked.deadline_review_since = None
            _save(locked, by=by, reason=_("同意延期申请"))
        transaction.on_commit(lambda: _tell_extension(locked, request, by=by), robust=True)
    return request


def _tell_extension(issue: Issue, extension: DeadlineExtension, *, by) -> None:
    """A request goes to the center; a decision to the liaison who asked."""
    from issues import notifications

    note = (extension.decision_note if extension.decided_at else extension.reason)[:100]
    if extension.status == DeadlineExtension.Status.PENDING:
        recipients, kind = notifications.center_staff(notifications.issue_unit(issue)), "extension_requested"
        deadline = extension.requested_deadline
    else:
        recipients = [extension.requested_by]
        approved = extension.status == DeadlineExtension.Status.APPROVED
        kind = "extension_approved" if approved else "extension_refused"
        deadline = issue.deadline
    params = notifications.issue_params(issue, note=note, deadline=deadline)
    notifications.tell(recipients=recipients, kind=kind, params=params, issue=issue, actor_id=by.pk)


def _field_label(name: str) -> str:
    try:
        return str(Issue._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name

