"""Who sees what: the department a user is confined to, read by every selector."""

from campaigns.roles import Role, roles_of


def sees_everything(user) -> bool:
    """Center staff and leaders read across all departments."""
    return bool(roles_of(user) & {Role.CENTER_STAFF, Role.LEADER})


def liaison_department(user):
    """The department whose subtree a liaison may see, or None if the user is no bound liaison."""
    if Role.DEPT_LIAISON not in roles_of(user):
        return None
    official = getattr(user, "official", None)
    return official.department if official is not None else None
