"""Writes to the ledger. Every stage change goes through `issue_transition` and leaves an IssueEvent."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.roles import Role, roles_of
from campaigns.scope import liaison_department
from issues import workflow
from issues.models import Evidence, Issue, IssueEvent, IssueNumberCounter


def next_issue_sequence(year: int) -> int:
    """The next ledger number of the year; the counter row is locked until the caller's transaction ends."""
    IssueNumberCounter.objects.get_or_create(year=year)
    counter = IssueNumberCounter.objects.select_for_update().get(year=year)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


@transaction.atomic
def issue_create(*, by, title: str, discovered_on, **fields) -> Issue:
    """A new ledger line at `experience` with its number and its first IssueEvent."""
    year = discovered_on.year
    issue = Issue(
        title=title,
        discovered_on=discovered_on,
        created_by=by,
        year=year,
        sequence=next_issue_sequence(year),
        **fields,
    )
    issue.full_clean(exclude=["number"])
    issue.save()
    IssueEvent.objects.create(issue=issue, actor=by, from_stage="", to_stage=issue.stage, note="")
    return issue


def acting_roles(*, user, issue: Issue) -> frozenset:
    """The user's roles as they apply to this issue: a liaison acts only for his own department's issues."""
    roles = set(roles_of(user))
    department = liaison_department(user)
    if Role.DEPT_LIAISON in roles and (
        department is None or issue.department is None or not issue.department.path.startswith(department.path)
    ):
        roles.discard(Role.DEPT_LIAISON)
    return frozenset(roles)


def issue_facts(issue: Issue) -> workflow.IssueFacts:
    return workflow.IssueFacts(
        has_department=issue.department_id is not None,
        has_deadline=issue.deadline is not None,
        has_measures=bool(issue.measures.strip()),
        has_evidence=issue.evidence.exists(),
        evaluation_passed=issue.evaluation_passed,
    )


def issue_transition(*, issue: Issue, action: str, by, note: str = "", changes: dict | None = None) -> Issue:
    """Take one workflow step under a row lock: the step's fields, the new stage and its IssueEvent land together
    or not at all. Raises workflow.TransitionRefused when the step is not allowed now."""
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.stage != issue.stage:
            raise workflow.TransitionRefused(
                workflow.STALE_MESSAGE % {"stage": workflow.Stage(locked.stage).label}
            )
        step = workflow.STEPS_BY_ACTION.get(action)
        for field, value in (changes or {}).items():
            if step is None or field not in step.fields:
                raise workflow.TransitionRefused(workflow.FIELD_NOT_EDITABLE % {"field": field})
            setattr(locked, field, value)
        step = workflow.plan(
            stage=locked.stage,
            action=action,
            roles=acting_roles(user=by, issue=locked),
            facts=issue_facts(locked),
            note=note,
        )
        from_stage = locked.stage
        locked.stage = step.target
        locked._change_reason = note
        locked.save()
        IssueEvent.objects.create(
            issue=locked, actor=by, from_stage=from_stage, to_stage=step.target, note=note
        )
    return locked


def can_add_evidence(*, user, issue: Issue) -> bool:
    """The responsible department (or center staff) adds evidence while the issue is being rectified."""
    roles = acting_roles(user=user, issue=issue)
    return issue.stage == workflow.Stage.RECTIFICATION and bool(roles & {Role.DEPT_LIAISON, Role.CENTER_STAFF})


def evidence_add(*, issue: Issue, by, file, description: str = "") -> Evidence:
    """A rectification proof attached to the issue; refused outside rectification or the user's department."""
    if not can_add_evidence(user=by, issue=issue):
        raise PermissionDenied(_("只有责任单位在整改环节可以上传佐证材料"))
    return Evidence.objects.create(issue=issue, file=file, description=description, uploaded_by=by)
