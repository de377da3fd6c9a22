"""The four roles of the product. Pure: the workflow and the selectors both read these names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTER_STAFF = "center_staff", _("中心工作人员")
    DEPT_LIAISON = "dept_liaison", _("部门联络员")
    LEADER = "leader", _("领导")
    PARTICIPANT = "participant", _("体验员")


def roles_of(user) -> frozenset[Role]:
    """The roles a user holds, from his groups; a superuser acts as center staff."""
    if not user.is_authenticated:
        return frozenset()
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    roles = {role for role in Role if role.value in names}
    if user.is_superuser:
        roles.add(Role.CENTER_STAFF)
    return frozenset(roles)


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))
