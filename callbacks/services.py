"""Writes to the callback ledger: one callback, a checked day's list, and a callback's problem into the ledger."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from callbacks.models import Callback
from campaigns.roles import Role, has_role
from campaigns.scope import outside_scope
from issues.models import Issue
from issues.services import issue_report


def can_record_callbacks(user) -> bool:
    return has_role(user, Role.CENTER_STAFF)


def _require(user) -> None:
    if not can_record_callbacks(user):
        raise PermissionDenied(_("回访台账由中心工作人员登记"))


def callback_record(*, by, **fields) -> Callback:
    """One callback, checked (ValidationError naming the fields) and saved."""
    _require(by)
    department = fields.get("department")
    if department is not None and outside_scope(by, department.pk):
        raise ValidationError({"department": _("只能登记本辖区单位的回访,请从列表中选择窗口单位")})
    callback = Callback(created_by=by, **fields)
    callback.full_clean(exclude=["created_by", "follow_up_issue"])
    callback.save()
    return callback


@transaction.atomic
def callback_import(*, by, rows: list[dict]) -> list[Callback]:
    """The rows of a checked callback list (importing.read_callback_workbook): all saved, or none."""
    return [callback_record(by=by, **row) for row in rows]


def callback_raise_issue(*, callback: Callback, by, title: str, category: str = Issue.Category.OTHER,
                         description: str = "") -> Issue:
    """The problem an applicant raised on the phone, as a ledger line with source 回访 at `experience`, linked
    to the callback, in one transaction. Refused when the callback already has its ledger line."""
    _require(by)
    with transaction.atomic():
        locked = Callback.objects.select_for_update().get(pk=callback.pk)
        if locked.follow_up_issue_id:
            raise ValidationError(_("该回访已转为台账%(number)s") % {"number": locked.follow_up_issue.number})
        issue = issue_report(
            by=by, title=title, discovered_on=locked.called_on, source=Issue.Source.CALLBACK,
            source_reference=f"HF{locked.pk:08d}", category=category,
            description=description or locked.note, department=locked.department, service_item=locked.service_item,
        )
        locked.follow_up_issue = issue
        locked.save(update_fields=["follow_up_issue"])
    return issue
