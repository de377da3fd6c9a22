from campaigns.roles import Role, roles_of


def navigation(request):
    """The roles of the signed-in user, so the navbar shows only what he can use."""
    roles = roles_of(request.user) if hasattr(request, "user") else frozenset()
    return {
        "user_roles": {role.value for role in roles},
        "is_center_staff": Role.CENTER_STAFF in roles,
        "can_log_walkthrough": bool(roles & {Role.CENTER_STAFF, Role.PARTICIPANT}),
    }
