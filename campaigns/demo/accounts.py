"""The demo roster (campaigns/data/demo_officials.csv) and the demo logins bound to it.

Every login shares one password, DEMO_PASSWORD. Existing accounts are kept and their password is reset.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from campaigns.models import Department, Jurisdiction, Official
from campaigns.roles import Role
from campaigns.services import official_create, official_update

from .reference import DATA_DIR, ReferenceDataError, read_rows

DEMO_PASSWORD = "zlc-demo-2026"
OFFICIALS_CSV = DATA_DIR / "demo_officials.csv"
OFFICIAL_COLUMNS = ("name", "department_code", "position", "level", "phone", "username", "role")
SUPERUSER = "admin"
# The one login per role shown first in the table; other department liaisons follow.
HEADLINE_LOGINS = ("staff", "liaison", "leader", "walker", "city_leader", "city_staff", "bx_staff", "bx_leader")


@dataclass(frozen=True)
class Login:
    username: str
    role: str  # a Role value, or "superuser"
    name: str
    department: str

    @property
    def role_label(self) -> str:
        return "系统管理员(超级用户)" if self.role == "superuser" else str(Role(self.role).label)


def ensure_user(username: str, *, full_name: str = "", superuser: bool = False, password_hash: str = ""):
    """The account, created if missing; its password is (re)set to the demo password either way.
    `password_hash`, one make_password(DEMO_PASSWORD) shared by a run, saves hashing it once per account."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username)
    user.first_name = full_name or user.first_name
    user.is_active = True
    if superuser:
        user.is_staff = user.is_superuser = True
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@transaction.atomic
def ensure_roster(path=OFFICIALS_CSV) -> tuple[dict, dict, list[Login]]:
    """Officials by name, users by username, and the logins created, from the roster file."""
    departments = {d.code: d for d in Department.objects.all()}
    levels = set(Official.Level.values)
    roles = set(Role.values)
    officials, users, logins = {}, {}, []
    password_hash = make_password(DEMO_PASSWORD)
    # The superuser first: he keeps the roster through the roster service (a superuser acts as center staff).
    admin = ensure_user(SUPERUSER, full_name="系统管理员", superuser=True, password_hash=password_hash)
    users[SUPERUSER] = admin
    for line, row in read_rows(path, OFFICIAL_COLUMNS):
        where = f"{path.name}:{line}"
        department = departments.get(row["department_code"])
        if department is None:
            raise ReferenceDataError(f"{where}: 单位编码 {row['department_code']} 不存在")
        if row["level"] not in levels:
            raise ReferenceDataError(f"{where}: 层级 {row['level']} 无效")
        if row["name"] in officials:
            raise ReferenceDataError(f"{where}: 姓名 {row['name']} 重复(演示名册按姓名引用人员)")
        fields = {
            "name": row["name"], "department": department, "position": row["position"], "level": row["level"],
            "phone": row["phone"], "is_active": True,
        }
        official = Official.objects.filter(department=department, name=row["name"]).first()
        if official is None:
            official = official_create(by=admin, fields=fields)
        elif any(getattr(official, name) != value for name, value in fields.items()):
            official = official_update(official=official, by=admin, fields=fields)
        officials[row["name"]] = official
        if not row["username"]:
            continue
        if row["role"] not in roles:
            raise ReferenceDataError(f"{where}: 角色 {row['role']} 无效")
        user = ensure_user(row["username"], full_name=row["name"], password_hash=password_hash)
        group, _ = Group.objects.get_or_create(name=row["role"])
        user.groups.add(group)
        if row["role"] in (Role.CENTER_STAFF, Role.LEADER):
            # Staff and leaders oversee the county or city their unit belongs to (campaigns.scope).
            Jurisdiction.objects.update_or_create(user=user, defaults={"unit": department.region()})
        if official.user_id != user.pk:
            Official.objects.filter(user=user).exclude(pk=official.pk).update(user=None)
            official.user = user
            official.save(update_fields=["user"])
        if row["role"] == Role.DEPT_LIAISON and official.expected_to_walk:
            # a liaison account is not on the walking roster: it would inflate the share who walked
            official = official_update(official=official, by=admin, fields={"expected_to_walk": False})
        users[row["username"]] = user
        logins.append(Login(row["username"], row["role"], row["name"], department.short_name or department.name))
    logins.append(Login(SUPERUSER, "superuser", "系统管理员", "—"))
    return officials, users, sort_logins(logins)


def sort_logins(logins: list[Login]) -> list[Login]:
    def key(login):
        if login.username in HEADLINE_LOGINS:
            return (0, HEADLINE_LOGINS.index(login.username), "")
        return (1 if login.role == "superuser" else 2, 0, login.username)

    return sorted(logins, key=key)


def liaison_for(department: Department):
    """The liaison account whose department subtree holds `department` (the nearest one), or None."""
    bound = Official.objects.filter(user__groups__name=Role.DEPT_LIAISON, user__is_active=True).select_related(
        "department", "user"
    )
    matches = [o for o in bound if department.path.startswith(o.department.path)]
    if not matches:
        return None
    return max(matches, key=lambda o: (len(o.department.path), -o.pk)).user


def format_logins(logins: list[Login]) -> str:
    """A plain-text table of the demo logins; every one uses DEMO_PASSWORD."""
    header = ("用户名", "角色", "姓名", "单位", "密码")
    rows = [(lg.username, lg.role_label, lg.name, lg.department, DEMO_PASSWORD) for lg in logins]

    def width(text):
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    widths = [max(width(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row):
        return "  ".join(str(cell) + " " * (widths[i] - width(str(cell))) for i, cell in enumerate(row)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])
