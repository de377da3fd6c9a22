"""Writes to the roster: staff keep it, one person at a time or a whole workbook at once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import Official
from campaigns.roles import Role, has_role
from campaigns.scope import departments_in_scope, outside_scope

ROSTER_FIELDS = ("name", "department", "position", "level", "phone", "is_active", "expected_to_walk")


def can_manage_roster(user) -> bool:
    return has_role(user, Role.CENTER_STAFF)


def _require_manager(user) -> None:
    if not can_manage_roster(user):
        raise PermissionDenied(_("只有政务服务中心工作人员可以维护人员名册"))


def _require_in_scope(by, *department_ids) -> None:
    """PermissionDenied unless every department (pks; None ignored) is in `by`'s scope (campaigns.scope.outside_scope):
    a county's staff keep their county's roster, not the next county's."""
    if outside_scope(by, *department_ids):
        raise PermissionDenied(_("只能维护本辖区单位的人员"))


def _refuse_phone_of_another(by, official: Official, fields: dict) -> None:
    """One phone number, one person (as the import reads it): a number already on `by`'s roster under someone else
    is refused, naming him. The rest of the province's roster is not `by`'s to read."""
    phone = fields.get("phone", official.phone)
    if not phone:
        return
    holder = (Official.objects.filter(phone=phone, department__in=departments_in_scope(by))
              .exclude(pk=official.pk).select_related("department").first())
    if holder is not None:
        message = _("电话号码已属于名册中的%(name)s(%(dept)s)") % {"name": holder.name, "dept": holder.department}
        raise ValidationError({"phone": message})


def _department_id(fields: dict) -> int | None:
    department = fields.get("department")
    return department.pk if department is not None else None


def _save(official: Official, fields: dict) -> Official:
    for name, value in fields.items():
        if name not in ROSTER_FIELDS:
            raise ValueError(f"{name} is not a roster field")
        setattr(official, name, value)
    official.full_clean()
    official.save()
    return official


@transaction.atomic
def official_create(*, by, fields: dict) -> Official:
    _require_manager(by)
    _require_in_scope(by, _department_id(fields))
    _refuse_phone_of_another(by, Official(), fields)
    return _save(Official(), fields)


@transaction.atomic
def official_update(*, official: Official, by, fields: dict) -> Official:
    _require_manager(by)
    official = Official.objects.select_for_update().get(pk=official.pk)
    _require_in_scope(by, official.department_id, _department_id(fields))
    _refuse_phone_of_another(by, official, fields)
    return _save(official, fields)


@transaction.atomic
def official_set_active(*, official: Official, by, active: bool) -> Official:
    """Deactivating keeps the person and his walks; he only leaves the lists of who may walk."""
    _require_manager(by)
    official = Official.objects.select_for_update().get(pk=official.pk)
    _require_in_scope(by, official.department_id)
    return _save(official, {"is_active": active})


@transaction.atomic
def roster_import(*, by, rows) -> dict:
    """Every row of a checked import written, or none: each row updates its person when he is already on the
    roster (`row.existing`), else adds him. Returns {"created": n, "updated": n, "unchanged": n}."""
    _require_manager(by)
    rows = list(rows)
    _require_in_scope(by, *(_department_id(row.fields) for row in rows),
                      *(row.existing.department_id for row in rows if row.existing is not None))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        if row.existing is None:
            _save(Official(), row.fields)
            counts["created"] += 1
            continue
        official = Official.objects.select_for_update().get(pk=row.existing.pk)
        if all(getattr(official, name) == value for name, value in row.fields.items()):
            counts["unchanged"] += 1
            continue
        _save(official, row.fields)
        counts["updated"] += 1
    return counts
