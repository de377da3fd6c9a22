"""Loads the reference data (departments, service items) from the CSV files in campaigns/data/.

Both loaders are idempotent: rows are matched by `code`, changed only where the file differs, and
nothing is ever deleted. A county can replace the demo files with its own lists of the same shape.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from campaigns.models import Department, ServiceItem

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEPARTMENTS_CSV = DATA_DIR / "departments.csv"
SERVICE_ITEMS_CSV = DATA_DIR / "service_items.csv"

DEPARTMENT_COLUMNS = ("code", "parent_code", "name", "short_name", "kind")
SERVICE_ITEM_COLUMNS = (
    "code", "department_code", "name", "statutory_limit_days", "promised_limit_days",
    "is_instant", "is_online", "is_high_frequency",
)
TRUE_WORDS = {"1", "true", "yes", "y", "是", "√"}
FALSE_WORDS = {"0", "false", "no", "n", "否", ""}


class ReferenceDataError(ValueError):
    """A data file is malformed; the message names the file and line."""


@dataclass
class LoadResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return f"新增 {len(self.created)},更新 {len(self.updated)},未变 {self.unchanged}"


def read_rows(path: Path, columns: tuple) -> list[tuple[int, dict]]:
    """(line number, row) pairs with stripped values; utf-8-sig so files saved from Excel load too."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise ReferenceDataError(f"{path.name}: 缺少列 {', '.join(sorted(missing))}")
        rows = []
        for row in reader:
            if not any((value or "").strip() for value in row.values()):
                continue
            rows.append((reader.line_num, {key: (row.get(key) or "").strip() for key in columns}))
    return rows


def parse_bool(value: str, *, where: str) -> bool:
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ReferenceDataError(f"{where}: 无法识别的是否值“{value}”")


def parse_days(value: str, *, where: str) -> int | None:
    if value == "":
        return None
    try:
        days = int(value)
    except ValueError:
        raise ReferenceDataError(f"{where}: 时限应为整数工作日,而不是“{value}”") from None
    if days < 0:
        raise ReferenceDataError(f"{where}: 时限不能为负数")
    return days


def parent_first(rows: list[tuple[int, dict]], path: Path) -> list[tuple[int, dict]]:
    """The department rows reordered so that every parent comes before its children."""
    by_code = {}
    for line, row in rows:
        if not row["code"]:
            raise ReferenceDataError(f"{path.name}:{line}: 编码不能为空")
        if row["code"] in by_code:
            raise ReferenceDataError(f"{path.name}:{line}: 编码 {row['code']} 重复")
        by_code[row["code"]] = (line, row)
    ordered, placed = [], set()

    def place(code, trail):
        if code in placed:
            return
        line, row = by_code[code]
        parent = row["parent_code"]
        if parent:
            if parent in trail:
                raise ReferenceDataError(f"{path.name}:{line}: 上级编码形成循环({parent})")
            if parent in by_code:
                place(parent, trail | {code})
            elif not Department.objects.filter(code=parent).exists():
                raise ReferenceDataError(f"{path.name}:{line}: 上级编码 {parent} 不存在")
        ordered.append((line, row))
        placed.add(code)

    for code in by_code:
        place(code, frozenset())
    return ordered


@transaction.atomic
def load_departments(path: Path = DEPARTMENTS_CSV) -> LoadResult:
    result = LoadResult()
    kinds = set(Department.Kind.values)
    for line, row in parent_first(read_rows(path, DEPARTMENT_COLUMNS), path):
        where = f"{path.name}:{line}"
        if row["kind"] not in kinds:
            raise ReferenceDataError(f"{where}: 类型应为 {', '.join(sorted(kinds))} 之一")
        if not row["name"]:
            raise ReferenceDataError(f"{where}: 名称不能为空")
        values = {"name": row["name"], "short_name": row["short_name"], "kind": row["kind"]}
        parent = Department.objects.get(code=row["parent_code"]) if row["parent_code"] else None
        node = Department.objects.filter(code=row["code"]).first()
        if node is None:
            if parent is None:
                Department.objects.add_root(create_kwargs={"code": row["code"], **values})
            else:
                Department.objects.add_child(parent, create_kwargs={"code": row["code"], **values})
            result.created.append(row["code"])
            continue
        changed = [name for name, value in values.items() if getattr(node, name) != value]
        current_parent = Department.objects.get_parent(node)
        if (current_parent.code if current_parent else None) != (parent.code if parent else None):
            if parent is None:
                raise ReferenceDataError(f"{where}: 不能把已有部门 {row['code']} 改为根节点")
            Department.objects.move(node, parent, pos="sorted-child")
            node = Department.objects.get(pk=node.pk)
            changed.append("parent")
        if changed:
            for name, value in values.items():
                setattr(node, name, value)
            node.save()
            result.updated.append(row["code"])
        else:
            result.unchanged += 1
    return result


@transaction.atomic
def load_service_items(path: Path = SERVICE_ITEMS_CSV) -> LoadResult:
    result = LoadResult()
    departments = {d.code: d for d in Department.objects.all()}
    seen = set()
    for line, row in read_rows(path, SERVICE_ITEM_COLUMNS):
        where = f"{path.name}:{line}"
        if not row["code"] or row["code"] in seen:
            raise ReferenceDataError(f"{where}: 事项编码为空或重复")
        seen.add(row["code"])
        department = departments.get(row["department_code"])
        if department is None:
            raise ReferenceDataError(f"{where}: 实施部门编码 {row['department_code']} 不存在")
        values = {
            "name": row["name"],
            "department": department,
            "statutory_limit_days": parse_days(row["statutory_limit_days"], where=where),
            "promised_limit_days": parse_days(row["promised_limit_days"], where=where),
            "is_instant": parse_bool(row["is_instant"], where=where),
            "is_online": parse_bool(row["is_online"], where=where),
            "is_high_frequency": parse_bool(row["is_high_frequency"], where=where),
        }
        statutory, promised = values["statutory_limit_days"], values["promised_limit_days"]
        if statutory is not None and promised is not None and promised > statutory:
            raise ReferenceDataError(f"{where}: 承诺时限 {promised} 超过法定时限 {statutory}")
        if values["is_instant"] and promised not in (0, None):
            raise ReferenceDataError(f"{where}: 即办件的承诺时限应为 0")
        item = ServiceItem.objects.filter(code=row["code"]).first()
        if item is None:
            item = ServiceItem(code=row["code"], **values)
            result.created.append(row["code"])
        else:
            changed = [name for name, value in values.items() if getattr(item, name) != value]
            if not changed:
                result.unchanged += 1
                continue
            for name, value in values.items():
                setattr(item, name, value)
            result.updated.append(row["code"])
        try:
            item.full_clean()
        except ValidationError as error:
            raise ReferenceDataError(f"{where}: {'; '.join(error.messages)}") from None
        item.save()
    return result
