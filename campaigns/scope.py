"""Who sees what — the one place that decides it, read by every selector, export, dashboard, file view and
notification.

Every account is bound to one node of the department tree (province → city → county → department → section) and
sees that node's subtree: center staff and leaders through their Jurisdiction (a county's service centre → the
county; a city's data bureau → the city), a liaison his department (his Jurisdiction if set, else his roster
department). A participant sees only his own records, whatever his binding. A superuser sees the whole tree. An
account with a role that needs a binding but has none sees nothing, and is told why (`unbound_reason`).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.models import Department
from campaigns.roles import Role, roles_of

# Roles whose reading is the whole subtree of their node (not just their own records).
SUBTREE_ROLES = frozenset({Role.CENTER_STAFF, Role.LEADER, Role.DEPT_LIAISON})
NOTHING = Q(pk__in=[])


def sees_whole_tree(user) -> bool:
    """Only a superuser (the system administrator) reads every county of the installation."""
    return bool(getattr(user, "is_superuser", False))


def _roster_official(user):
    """The user's own roster entry (Official) with its department, or None. Memoised on the user object for the
    request (one query): the scope of a walker asks for it more than once."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_roster_official"):
        from campaigns.models import Official

        user._roster_official = Official.objects.filter(user=user).select_related("department").first()
    return user._roster_official


def jurisdiction_of(user) -> Department | None:
    """The node whose subtree this account oversees, or None when it is bound to nothing.
    Memoised on the user object for the request (one query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, "_scope_node"):
        return user._scope_node
    from campaigns.models import Jurisdiction

    node = None
    binding = Jurisdiction.objects.filter(user=user).select_related("unit").first()
    if binding is not None:
        node = binding.unit
    elif Role.DEPT_LIAISON in roles_of(user):
        official = _roster_official(user)
        node = official.department if official is not None else None
    user._scope_node = node
    return node


def reads_subtree(user) -> bool:
    """Staff, leaders and liaisons read every row of their node's subtree; participants only their own."""
    return sees_whole_tree(user) or bool(roles_of(user) & SUBTREE_ROLES)


def oversees(user) -> bool:
    """Center staff and leaders: their node's whole subtree, every department in it (a liaison: only his own)."""
    return sees_whole_tree(user) or bool(roles_of(user) & {Role.CENTER_STAFF, Role.LEADER})


def oversees_everything(user) -> bool:
    """A superuser, or staff/leader bound to the single root of the tree (a province holding every county): every
    ledger line is theirs, so their lists need no scope filter at all (one query, memoised for the request)."""
    if sees_whole_tree(user):
        return True
    if not hasattr(user, "_oversees_everything"):
        node = jurisdiction_of(user) if oversees(user) else None
        user._oversees_everything = (
            node is not None and node.depth == 1
            and not Department.objects.filter(depth=1).exclude(pk=node.pk).exists()
        )
    return user._oversees_everything


def subtree_scope_q(user, prefix: str) -> Q:
    """Rows whose department (reached through `prefix`, e.g. "department" or "walkthrough__department") lies in the
    user's subtree: everything for a superuser, nothing for an account without a binding or a subtree role."""
    if sees_whole_tree(user):
        return Q()
    if not reads_subtree(user):
        return NOTHING
    node = jurisdiction_of(user)
    return node.subtree_q(prefix) if node is not None else NOTHING


def departments_in_scope(user) -> QuerySet[Department]:
    """The departments this user may read about, pick in filters and assign work to, in tree order."""
    if sees_whole_tree(user):
        return Department.objects.order_by("path")
    node = jurisdiction_of(user)
    if node is None or not reads_subtree(user):
        return Department.objects.none()
    return Department.objects.filter(path__startswith=node.path).order_by("path")


def outside_scope(user, *department_ids) -> set[int]:
    """Those of `department_ids` (pks; None ignored) outside departments_in_scope(user): the units he may not write
    about. One query; an empty set when all are his."""
    wanted = set(department_ids) - {None}
    if not wanted:
        return set()
    return wanted - set(departments_in_scope(user).filter(pk__in=wanted).values_list("pk", flat=True))


def report_base(user) -> Department | None:
    """The node a user's reports are about when he filters nothing: his own, or the single root for a superuser."""
    if sees_whole_tree(user):
        roots = list(Department.objects.get_root_nodes()[:2])
        return roots[0] if len(roots) == 1 else None
    return jurisdiction_of(user)


def unbound_reason(user) -> str:
    """Why a signed-in account sees nothing ("" when it is bound): shown on the home page and empty lists."""
    if not getattr(user, "is_authenticated", False) or sees_whole_tree(user):
        return ""
    roles = roles_of(user)
    if roles & SUBTREE_ROLES and jurisdiction_of(user) is None:
        return str(_(
            "您的账号尚未绑定管辖单位,因此看不到任何数据。请联系系统管理员在后台“管辖范围”中为您的账号指定单位。"
        ))
    return ""


def campaign_scope_q(user) -> Q:
    """Campaigns a user sees: installation-wide ones, those organised at his node or above it (he runs his part of
    them), and those organised inside his subtree (he oversees them). A participant: by his roster department."""
    if oversees_everything(user):
        return Q()
    node = jurisdiction_of(user)
    if node is None:
        official = _roster_official(user)
        node = official.department if official is not None else None
    everywhere = Q(level_unit__isnull=True)
    if node is None:
        return everywhere
    return everywhere | Q(level_unit__path__in=node.lineage_paths()) | node.subtree_q("level_unit")


def users_overseeing(department: Department | None, *roles: Role) -> QuerySet:
    """Active accounts holding one of `roles` whose scope contains `department`: bound to it or to an ancestor.
    The recipients of a notification about that department — never staff or leaders of another county."""
    User = get_user_model()
    users = User.objects.filter(is_active=True, groups__name__in=[role.value for role in roles])
    if department is None:
        return users.none()
    lineage = department.lineage_paths()
    bound = Q(jurisdiction__unit__path__in=lineage)
    if Role.DEPT_LIAISON in roles:
        bound |= Q(jurisdiction__isnull=True, groups__name=Role.DEPT_LIAISON.value,
                   official__department__path__in=lineage)
    return users.filter(bound).distinct()


# Kept for callers that ask the question the old way: "does this user read every department of his subtree?"
def liaison_department(user) -> Department | None:
    """The department whose subtree a liaison may see, or None if the user is no bound liaison."""
    if Role.DEPT_LIAISON not in roles_of(user):
        return None
    return jurisdiction_of(user)


def walkable_departments(user) -> QuerySet[Department]:
    """Where a user may log a walkthrough: his subtree (staff), or the region (county or above) that holds his own
    roster department (a participant walks any unit of his county, 部门间相互体验 included)."""
    if sees_whole_tree(user) or oversees(user):
        return departments_in_scope(user)
    official = _roster_official(user)
    if official is None:
        return Department.objects.none()
    region = official.department.region()
    return Department.objects.filter(path__startswith=region.path).order_by("path")


def scope_signature(user) -> str:
    """What decides this user's reading, as text: superuser or not, his roles and the node he is bound to. Two
    values differ whenever the rows he may read could — a cache of what he reads is keyed by it."""
    node = jurisdiction_of(user)
    roles = ",".join(sorted(role.value for role in roles_of(user)))
    return f"su={int(sees_whole_tree(user))};roles={roles};node={node.path if node is not None else ''}"
