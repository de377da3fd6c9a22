from campaigns.roles import Role, roles_of
from campaigns.selectors import can_read_roster


def navigation(request):
    """The roles of the signed-in user, so the navbar shows only what he can use."""
    roles = roles_of(request.user) if hasattr(request, "user") else frozenset()
    return {
        "user_roles": {role.value for role in roles},
        "is_center_staff": Role.CENTER_STAFF in roles,
        "can_log_walkthrough": bool(roles & {Role.CENTER_STAFF, Role.PARTICIPANT}),
        # Links are shown only to those the page behind them lets in (the same rule as the view).
        "can_read_roster": bool(roles) and can_read_roster(request.user),
    }
