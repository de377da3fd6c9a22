"""The benchmark province's fixed part: ~500 departments over four levels, ~2,000 officials, the logins, service
items and quarterly campaigns over five years. Written with COPY and explicit ids, so the ledger rows written
after it can point at them without reading anything back."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from bench.copying import copy_rows
from campaigns.models import Campaign, Department, Official, ServiceItem
from campaigns.roles import Role

PASSWORD = "bench-only-2026"  # every bench login; the database is throwaway
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's materialised-path alphabet
COUNTIES = 16
DEPARTMENTS_PER_COUNTY = 18
TOWNSHIPS_PER_COUNTY = 6
SUB_UNITS_PER_COUNTY = 6  # 股室/所 under the first departments: the fourth level
OFFICIALS = 2000
ITEMS_PER_DEPARTMENT = 4
YEARS = 5
DEPARTMENT_NAMES = (
    "市场监管局", "公安局", "人社局", "医保局", "税务局", "不动产登记中心", "住建局", "自然资源局", "交通运输局",
    "民政局", "卫健局", "教育局", "农业农村局", "生态环境局", "公积金中心", "退役军人事务局", "文旅局", "应急管理局",
)
LEVELS = [level.value for level in Official.Level]


@dataclass
class Province:
    """Ids of what was written, for the ledger rows to refer to."""

    departments: list[int] = field(default_factory=list)  # those issues are handed to (levels 3 and 4)
    liaison_of: dict[int, int] = field(default_factory=dict)  # department id → a liaison's user id
    officials: list[int] = field(default_factory=list)
    official_department: dict[int, int] = field(default_factory=dict)
    items_of: dict[int, list[int]] = field(default_factory=dict)  # department id → its service item ids
    items: list[int] = field(default_factory=list)
    campaigns: list[tuple[int, datetime.date, datetime.date]] = field(default_factory=list)  # id, start, end
    staff_user: int = 0
    walker_users: list[int] = field(default_factory=list)
    today: datetime.date = None


def _step(index: int) -> str:
    digits = ""
    while True:
        index, rest = divmod(index, len(ALPHABET))
        digits = ALPHABET[rest] + digits
        if not index:
            return digits.rjust(Department.steplen, "0")


def _departments(province: Province) -> list[tuple]:
    """Rows (id, path, depth, numchild, code, name, short_name, kind), parents before children, paths in code order."""
    rows, next_id = [], iter(range(1, 10_000))
    root = next(next_id)
    rows.append([root, _step(1), 1, COUNTIES, "BN", "基准市", "基准市", "county"])
    for c in range(1, COUNTIES + 1):
        county_id, county_path = next(next_id), _step(1) + _step(c)
        county = f"基准{c:02d}县"
        units = 1 + DEPARTMENTS_PER_COUNTY + TOWNSHIPS_PER_COUNTY
        rows.append([county_id, county_path, 2, units, f"BN-C{c:02d}", county, county, "county"])
        children = [("A00", f"{county}政务服务中心", "县政务服务中心", "service_center")]
        children += [(f"D{d:02d}", f"{county}{name}", f"县{name}", "department")
                     for d, name in enumerate(DEPARTMENT_NAMES[:DEPARTMENTS_PER_COUNTY], start=1)]
        children += [(f"T{t:02d}", f"{county}第{t}镇", f"第{t}镇", "township")
                     for t in range(1, TOWNSHIPS_PER_COUNTY + 1)]
        for index, (code, name, short, kind) in enumerate(children, start=1):
            unit_id, unit_path = next(next_id), county_path + _step(index)
            subs = SUB_UNITS_PER_COUNTY if code == "D01" else 0
            rows.append([unit_id, unit_path, 3, subs, f"BN-C{c:02d}-{code}", name, short, kind])
            province.departments.append(unit_id)
            for s in range(1, subs + 1):
                sub_id = next(next_id)
                rows.append([sub_id, unit_path + _step(s), 4, 0, f"BN-C{c:02d}-{code}-S{s}", f"{name}第{s}分局",
                             f"第{s}分局", "department"])
                province.departments.append(sub_id)
    return rows


def write_organisation(rng: random.Random, today: datetime.date) -> Province:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    province = Province(today=today)
    departments = _departments(province)
    copy_rows(Department, ["id", "path", "depth", "numchild", "code", "name", "short_name", "kind"], departments)
    depth_of = {row[0]: row[2] for row in departments}
    parent_of = {}
    by_path = {row[1]: row[0] for row in departments}
    for row in departments:
        if row[2] > 1:
            parent_of[row[0]] = by_path[row[1][: -Department.steplen]]

    # Logins: admin, staff, leader; one liaison per department issues go to; walkers.
    password = make_password(PASSWORD)
    joined = timezone.now()
    users = [(1, "bench-admin", True, True), (2, "bench-staff", False, False), (3, "bench-leader", False, False)]
    roles = [(2, Role.CENTER_STAFF), (3, Role.LEADER)]
    province.staff_user = 2
    user_id = 3
    liaison_user = {}
    for department in province.departments:
        if depth_of[department] == 3:
            user_id += 1
            users.append((user_id, f"bench-liaison-{department}", False, False))
            roles.append((user_id, Role.DEPT_LIAISON))
            liaison_user[department] = user_id
    for department in province.departments:  # a sub-unit's issues reach its parent's liaison
        province.liaison_of[department] = liaison_user.get(department) or liaison_user[parent_of[department]]
    for n in range(1, 101):
        user_id += 1
        users.append((user_id, f"bench-walker-{n:03d}", False, False))
        roles.append((user_id, Role.PARTICIPANT))
        province.walker_users.append(user_id)
    copy_rows(User, ["id", "username", "is_superuser", "is_staff", "password", "is_active", "date_joined"],
              ((uid, name, su, st, password, True, joined) for uid, name, su, st in users))
    groups = dict(Group.objects.filter(name__in=[r.value for r in Role]).values_list("name", "id"))
    copy_rows(User.groups.through, ["user_id", "group_id"], ((uid, groups[role.value]) for uid, role in roles))
    # Staff and the leader oversee the whole province (campaigns.scope: every account is bound to a node).
    from campaigns.models import Jurisdiction

    root = Department.objects.order_by("path").values_list("pk", flat=True).first()
    copy_rows(Jurisdiction, ["id", "user_id", "unit_id"], [(1, 2, root), (2, 3, root)])

    # The roster: the liaisons and walkers are officials bound to their logins, the rest have none.
    bound = {uid: dept for dept, uid in liaison_user.items()}
    walker_departments = {uid: rng.choice(province.departments) for uid in province.walker_users}
    bound.update(walker_departments)
    bound_items = list(bound.items())
    officials = []
    for official_id in range(1, OFFICIALS + 1):
        user = None
        if official_id <= len(bound_items):
            user, department = bound_items[official_id - 1]
        else:
            department = rng.choice(province.departments) if rng.random() < 0.9 else rng.choice(list(depth_of))
        level = rng.choice(LEVELS)
        officials.append((official_id, f"干部{official_id:04d}", department, f"职务{official_id % 7}", level,
                          f"139{official_id:08d}", user, True))
        province.officials.append(official_id)
        province.official_department[official_id] = department
    copy_rows(Official, ["id", "name", "department_id", "position", "level", "phone", "user_id", "is_active"],
              officials)

    items, item_id = [], 0
    for department in province.departments:
        province.items_of[department] = []
        for n in range(ITEMS_PER_DEPARTMENT):
            item_id += 1
            statutory = rng.choice((5, 10, 15, 20, 30))
            items.append((item_id, f"BN-SI-{item_id:05d}", f"服务事项{item_id:05d}", department, statutory,
                          max(1, statutory // 2), n == 0, rng.random() < 0.6, n < 2))
            province.items_of[department].append(item_id)
            province.items.append(item_id)
    copy_rows(ServiceItem, ["id", "code", "name", "department_id", "statutory_limit_days", "promised_limit_days",
                            "is_instant", "is_online", "is_high_frequency"], items)

    province.campaigns = _quarters(today)
    copy_rows(Campaign, ["id", "theme", "organiser", "starts_on", "ends_on", "status"], (
        (pk, f"{start.year}年第{(start.month - 1) // 3 + 1}季度走流程", "市数据局", start, end,
         "closed" if end < today else ("active" if start <= today else "planned"))
        for pk, start, end in province.campaigns
    ))
    counties = [row[0] for row in departments if row[2] == 2]
    copy_rows(Campaign.departments.through, ["campaign_id", "department_id"],
              ((pk, county) for pk, _, _ in province.campaigns for county in counties))
    return province


def _quarters(today: datetime.date) -> list[tuple[int, datetime.date, datetime.date]]:
    """Quarterly campaigns: the current quarter and the 4 × YEARS − 1 before it."""
    quarters = []
    year, quarter = today.year, (today.month - 1) // 3
    for _ in range(4 * YEARS):
        start = datetime.date(year, quarter * 3 + 1, 1)
        end = (datetime.date(year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1) - datetime.timedelta(days=1))
        quarters.append((start, end))
        year, quarter = (year, quarter - 1) if quarter else (year - 1, 3)
    return [(pk, start, end) for pk, (start, end) in enumerate(reversed(quarters), start=1)]
