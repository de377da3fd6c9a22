"""Writes to campaigns: only center staff plan them, and a closed campaign no longer changes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from campaigns.roles import Role, has_role


def can_manage_campaigns(user) -> bool:
    return has_role(user, Role.CENTER_STAFF)


def _require_manager(user) -> None:
    if not can_manage_campaigns(user):
        raise PermissionDenied(_("只有政务服务中心工作人员可以管理活动"))


def _refuse_outside_scope(by, *, fields: dict, departments) -> None:
    """A county's staff organise campaigns at their county's level or below, over their own departments only."""
    from campaigns.scope import departments_in_scope, jurisdiction_of

    allowed = departments_in_scope(by)
    unit = fields.get("level_unit")
    if unit is not None and not allowed.filter(pk=unit.pk).exists():
        node = jurisdiction_of(by)
        raise ValidationError({"level_unit": _("只能在本账号的管辖范围(%(scope)s)内组织活动") % {
            "scope": node.name if node else "—"}})
    allowed_pks = set(allowed.values_list("pk", flat=True)) if departments else set()
    outside = [d.name for d in (departments or ()) if d.pk not in allowed_pks]
    if outside:
        message = _("以下单位不在您的管辖范围内:%(names)s") % {"names": "、".join(outside)}
        raise ValidationError({"departments": message})


def _save(campaign: Campaign, *, fields: dict, departments, service_items) -> Campaign:
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    if departments is not None:
        campaign.departments.set(departments)
    if service_items is not None:
        campaign.service_items.set(service_items)
    return campaign


@transaction.atomic
def campaign_create(*, by, fields: dict, departments=(), service_items=()) -> Campaign:
    """A new campaign with its scope, goals and checklist."""
    _require_manager(by)
    _refuse_outside_scope(by, fields=fields, departments=departments)
    return _save(Campaign(), fields=fields, departments=departments, service_items=service_items)


@transaction.atomic
def campaign_update(
    *, campaign: Campaign, by, fields: dict, departments=None, service_items=None
) -> Campaign:
    """Changes to an open campaign (a scope left as None stays as it is); once closed it is read-only."""
    _require_manager(by)
    _refuse_outside_scope(by, fields=fields, departments=departments)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.is_closed:
        raise ValidationError(_("活动“%(theme)s”已结束,不能再修改") % {"theme": locked.theme})
    return _save(locked, fields=fields, departments=departments, service_items=service_items)
