"""Writes for joint handling (主办/协办) and urging (督办/催办). Like issues.services: the workflow decides who may,
the issue's row is locked, and whoever must act is told once the write commits."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from issues import notifications, workflow
from issues.models import AssistingDepartment, Issue, Urging
from issues.services import _lock, acting_roles

NOTE_MAX_CHARS = 500


def assisting_set(*, issue: Issue, by, departments) -> list[AssistingDepartment]:
    """Center staff name the assisting departments (协办单位) of an issue: the given ones are kept or added, the
    others removed (with what they wrote). The lead department cannot assist itself. Newly added departments' liaisons
    are told once the issue is with a department (at hand-off otherwise)."""
    with transaction.atomic():
        locked = _lock(issue)
        workflow.check_activity("set_assisting", stage=locked.stage, roles=acting_roles(user=by, issue=locked))
        wanted = {department.pk: department for department in departments}
        if locked.department_id in wanted:
            raise ValidationError(
                {"departments": _("%(name)s是主办单位,不能同时协办") % {"name": locked.department.name}}
            )
        locked.assistants.exclude(department__in=list(wanted)).delete()
        present = set(locked.assistants.values_list("department_id", flat=True))
        added = [
            AssistingDepartment.objects.create(issue=locked, department=department, added_by=by)
            for pk, department in wanted.items()
            if pk not in present
        ]
        if added and locked.stage in workflow.DEPARTMENT_AT_WORK:
            transaction.on_commit(lambda: _tell_assisting(locked, added, by=by), robust=True)
    return list(locked.assistants.select_related("department"))


def _tell_assisting(issue: Issue, added, *, by) -> None:
    lead = issue.department.name if issue.department else ""
    for assistant in added:
        params = notifications.issue_params(issue, lead=lead)
        params["department"] = assistant.department.name
        notifications.tell(
            recipients=notifications.department_liaisons(assistant.department), kind="assisting", params=params,
            issue=issue, actor_id=by.pk,
        )


def assistance_record(*, issue: Issue, by, measures: str) -> AssistingDepartment:
    """An assisting department's own measures (协办措施), marked with that department; the lead department reads
    them when it submits the whole rectification."""
    with transaction.atomic():
        locked = _lock(issue)
        workflow.check_activity("record_assistance", stage=locked.stage, roles=acting_roles(user=by, issue=locked))
        if not measures.strip():
            raise ValidationError({"measures": _("请填写协办措施")})
        assistant = assistance_of(issue=locked, user=by)
        assistant.measures = measures.strip()
        assistant.measures_by = by
        assistant.measures_at = timezone.now()
        assistant.save(update_fields=["measures", "measures_by", "measures_at"])
    return assistant


def assistance_of(*, issue: Issue, user) -> AssistingDepartment | None:
    """The assisting department row this liaison acts for on the issue (his department or the nearest above it)."""
    from campaigns.scope import liaison_department

    department = liaison_department(user)
    if department is None:
        return None
    rows = issue.assistants.select_related("department").filter(department__path__startswith=department.path)
    return rows.order_by("department__path").first()


def issue_urge(*, issue: Issue, by, note: str) -> Urging:
    """A leader or the center urges (督办) the lead department with a note; its liaisons are told at once."""
    with transaction.atomic():
        locked = _lock(issue)
        workflow.check_activity("urge", stage=locked.stage, roles=acting_roles(user=by, issue=locked))
        if not note.strip():
            raise ValidationError({"note": _("请填写督办意见")})
        urging = Urging.objects.create(
            issue=locked, urged_by=by, note=note.strip()[:NOTE_MAX_CHARS], department=locked.department
        )
        params = notifications.issue_params(locked, note=urging.note[:100], by=by.get_full_name() or by.username)
        transaction.on_commit(
            lambda: notifications.tell(
                recipients=notifications.department_liaisons(locked.department), kind="urged", params=params,
                issue=locked, actor_id=by.pk,
            ),
            robust=True,
        )
    return urging


def urging_reply(*, urging: Urging, by, reply: str) -> Urging:
    """The lead department answers an urging once; whoever urged is told."""
    with transaction.atomic():
        locked = _lock(urging.issue)
        workflow.check_activity("reply_urging", stage=locked.stage, roles=acting_roles(user=by, issue=locked))
        row = Urging.objects.select_for_update().get(pk=urging.pk)
        if row.replied_at is not None:
            raise workflow.TransitionRefused(_("该督办已回复"))
        if not reply.strip():
            raise ValidationError({"reply": _("请填写回复内容")})
        row.reply, row.replied_by, row.replied_at = reply.strip()[:NOTE_MAX_CHARS], by, timezone.now()
        row.save(update_fields=["reply", "replied_by", "replied_at"])
        params = notifications.issue_params(locked, reply=row.reply[:100])
        params["department"] = row.department.name
        transaction.on_commit(
            lambda: notifications.tell(
                recipients=[row.urged_by], kind="urging_replied", params=params, issue=locked, actor_id=by.pk
            ),
            robust=True,
        )
    return row
