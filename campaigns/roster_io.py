"""The roster as an Excel workbook: the blank template, reading an import (.xlsx or .xls), and the export.

The export has the template's columns, so a clerk can export, correct and import again. Reading checks every
row and reports each problem by row number, column and reason; the caller writes nothing unless none was found.
A row is the same person as a roster entry when its phone number matches (with the same name), else when
department and name match one entry; that entry is updated instead of a second one being added.
"""

from dataclasses import dataclass, field
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from campaigns.forms.roster import PHONE_HELP, normalise_phone, phone_is_valid
from campaigns.models import Department, Official
from spreadsheets.cells import text_row
from spreadsheets.reading import UnreadableWorkbook, cell_text, open_sheet, read_header, row_values

SHEET = "名册"
UNITS_SHEET = "单位列表"
MAX_ROWS = 5000
YES = {"是", "在册", "y", "yes", "true", "1", "√"}
NO = {"否", "不在册", "停用", "n", "no", "false", "0", "×"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    width: int
    max_length: int | None = None


COLUMNS = [
    Column("name", "姓名", True, 12, 50),
    Column("department", "单位", True, 28),
    Column("position", "职务", False, 20, 100),
    Column("level", "层级", True, 16),
    Column("phone", "联系电话", False, 16),
    Column("is_active", "在册", False, 8),
]
HEADERS = {column.header: column for column in COLUMNS}


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str
    message: str


@dataclass
class RosterRow:
    row: int
    fields: dict
    existing: Official | None = None


@dataclass
class RosterReading:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# --- writing ---------------------------------------------------------------------------------------------------
def _header_row(sheet) -> None:
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, index, column.header + ("*" if column.required else ""))
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def _validations(sheet, units: int) -> None:
    letter = {column.key: get_column_letter(index) for index, column in enumerate(COLUMNS, start=1)}
    levels = DataValidation(type="list", formula1='"' + ",".join(str(label) for label in Official.Level.labels) + '"')
    active = DataValidation(type="list", formula1='"是,否"')
    department = DataValidation(type="list", formula1=f"'{UNITS_SHEET}'!$A$2:$A${units + 1}")
    for validation, key in ((levels, "level"), (active, "is_active"), (department, "department")):
        validation.error = _("请从下拉列表中选择")
        validation.showErrorMessage = False  # a hint, not a wall: the import reports what is wrong
        sheet.add_data_validation(validation)
        validation.add(f"{letter[key]}2:{letter[key]}{MAX_ROWS + 1}")


def _units_sheet(workbook, departments) -> int:
    sheet = workbook.create_sheet(UNITS_SHEET)
    sheet.append([_("单位名称"), _("单位编码"), _("类型")])
    departments = list(departments)
    for department in departments:
        sheet.append(text_row(sheet, [department.name, department.code, department.get_kind_display()]))
    for letter, width in (("A", 32), ("B", 16), ("C", 14)):
        sheet.column_dimensions[letter].width = width
    return len(departments)


def _instructions_sheet(workbook) -> None:
    sheet = workbook.create_sheet(_("填写说明"))
    lines = [
        _("在“名册”表中每行填写一人,第一行表头不要改动;带*的列必须填写。"),
        _("单位:填写“单位列表”中的单位名称或单位编码。"),
        _("层级:%(levels)s。") % {"levels": "、".join(str(label) for label in Official.Level.labels)},
        _("联系电话:%(help)s;同一电话号码视为同一人。") % {"help": PHONE_HELP},
        _("在册:填“是”或“否”,不填视为“是”;填“否”表示此人已调离,不再参加走流程。"),
        _("再次导入同一人(电话相同,或单位和姓名相同)会更新他的信息,不会重复添加。"),
        _("只要有一行有错,整个文件都不会导入;请按提示改正后重新上传。"),
        _("示例:张三 | 县市场监管局 | 副局长 | 部门分管负责人 | 13900000000 | 是"),
    ]
    for line in lines:
        sheet.append([line])
    sheet.column_dimensions["A"].width = 100


def roster_workbook(officials=(), *, departments, mask_phones: bool = False) -> bytes:
    """The roster template, filled with `officials` when given (the export). `departments` (the reader's scope,
    campaigns.selectors.department_list) make its 单位列表 sheet and the unit column's drop-down; `mask_phones` for
    the roles that see numbers masked on screen (139****0001)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    _header_row(sheet)
    for official in officials:
        sheet.append(text_row(sheet, [
            official.name, official.department.name, official.position, official.get_level_display(),
            official.masked_phone if mask_phones else official.phone,
            "是" if official.is_active else "否",  # the file format, as the import reads it
        ]))
    units = _units_sheet(workbook, departments)
    _validations(sheet, units)
    _instructions_sheet(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading ---------------------------------------------------------------------------------------------------
_text = cell_text


class _Lookups:
    """Departments (of the importer's scope) and levels by every name a clerk may write them with."""

    def __init__(self, departments):
        self.departments: dict[str, list[Department]] = {}
        for department in departments:
            for key in {department.name, department.short_name, department.code} - {""}:
                self.departments.setdefault(key, []).append(department)
        self.levels = {str(label): value for value, label in Official.Level.choices}
        self.levels.update({value: value for value in Official.Level.values})


def _read_header(values) -> tuple[dict[str, int], list[RowError]]:
    header = read_header(values, COLUMNS)
    message = _("表头缺少“%(column)s”列,请使用下载的模板")
    errors = [RowError(1, name, message % {"column": name}) for name in header.missing]
    errors += [RowError(1, name, _("该列出现了两次")) for name in header.repeated]
    return header.positions, errors


def _check_row(number: int, values: dict, lookups: _Lookups, errors: list[RowError]) -> tuple[dict, bool]:
    """The row's fields as far as they could be read, and whether every cell was right; problems go to `errors`."""
    found = []

    def error(key, message):
        found.append(RowError(number, next(c.header for c in COLUMNS if c.key == key), message))

    for column in COLUMNS:
        if column.required and not values[column.key]:
            error(column.key, _("不能为空"))
        elif column.max_length and len(values[column.key]) > column.max_length:
            error(column.key, _("超过%(n)d个字") % {"n": column.max_length})
    departments = lookups.departments.get(values["department"], []) if values["department"] else None
    if departments == []:
        error("department", _("找不到单位“%(name)s”,请填写“单位列表”中的名称或编码") % {"name": values["department"]})
    elif departments and len(departments) > 1:
        codes = "、".join(d.code for d in departments)
        message = _("有多个单位叫“%(name)s”,请改填单位编码(%(codes)s)")
        error("department", message % {"name": values["department"], "codes": codes})
    level = lookups.levels.get(values["level"]) if values["level"] else None
    if values["level"] and level is None:
        error("level", _("层级“%(value)s”不在可选范围内") % {"value": values["level"]})
    phone = normalise_phone(values["phone"])
    if not phone_is_valid(phone):
        error("phone", _("电话号码“%(value)s”格式不对:%(help)s") % {"value": values["phone"], "help": PHONE_HELP})
    active = values["is_active"].lower()
    if active and active not in YES | NO:
        error("is_active", _("请填“是”或“否”"))
    errors.extend(found)
    department = departments[0] if departments and len(departments) == 1 else None
    fields = {
        "name": values["name"], "department": department, "position": values["position"], "level": level,
        "phone": phone if phone_is_valid(phone) else "", "is_active": active not in NO,
    }
    return fields, not found


def _match(fields: dict, in_scope: set[int]) -> tuple[Official | None, str | None]:
    """The roster entry this row is, or (None, reason) when the row clashes with someone else. Only people of the
    importer's departments (`in_scope`, pks) are matched, named or clashed with: another county's roster is not
    his to read, nor to block (a number held there too makes a new entry here)."""
    if fields["phone"]:
        by_phone = list(Official.objects.filter(phone=fields["phone"], department__in=in_scope)
                        .select_related("department"))
        same_name = [o for o in by_phone if o.name == fields["name"]]
        if same_name:
            return next((o for o in same_name if o.department_id == fields["department"].pk), same_name[0]), None
        if by_phone:
            other = by_phone[0]
            return None, _("电话号码已属于名册中的%(name)s(%(dept)s)") % {"name": other.name, "dept": other.department}
    namesakes = list(Official.objects.filter(department=fields["department"], name=fields["name"]))
    if len(namesakes) == 1:
        return namesakes[0], None  # the same person, perhaps with a new phone number
    if len(namesakes) > 1 and not fields["phone"]:
        return None, _("该单位有%(n)d位同名人员,请填写联系电话以区分") % {"n": len(namesakes)}
    return None, None


def read_roster(upload, *, departments) -> RosterReading:
    """Every row of the workbook (.xlsx or .xls) checked, each row's every problem listed; `errors` empty means
    `rows` may all be written. `departments`: the importer's scope (campaigns.selectors.department_list); a unit
    outside it is not found, as it is not in his template's 单位列表."""
    departments = list(departments)
    reading = RosterReading()
    try:
        sheet = open_sheet(upload, sheet_name=SHEET)
    except UnreadableWorkbook:
        reading.errors.append(RowError(None, "", _("无法读取这个文件,请确认它是用Excel或WPS保存的.xlsx或.xls工作簿")))
        return reading
    _number, header = next(sheet.rows, (1, ()))
    positions, reading.errors = _read_header(header)
    if reading.errors:
        return reading
    lookups, seen, in_scope = _Lookups(departments), {}, {department.pk for department in departments}
    for number, cells in sheet.rows:
        values = {key: _text(value) for key, value in row_values(cells, positions).items()}
        values = {column.key: values.get(column.key, "") for column in COLUMNS}
        if not any(values.values()):
            continue
        if number > MAX_ROWS + 1:
            reading.errors.append(RowError(number, "", _("一次最多导入%(n)d行,请分批导入") % {"n": MAX_ROWS}))
            break
        fields, valid = _check_row(number, values, lookups, reading.errors)
        if fields["department"] is None or not fields["name"]:
            continue  # who this row is cannot be told; its problems are listed
        existing, clash = _match(fields, in_scope)
        if clash:
            reading.errors.append(RowError(number, "联系电话" if fields["phone"] else "姓名", clash))
            continue
        key = ("pk", existing.pk) if existing else (fields["department"].pk, fields["name"], fields["phone"])
        if key in seen:
            message = _("与第%(row)d行是同一人,请删去重复的一行") % {"row": seen[key]}
            reading.errors.append(RowError(number, "姓名", message))
            continue
        seen[key] = number
        if valid:
            reading.rows.append(RosterRow(number, fields, existing))
    if not reading.rows and not reading.errors:
        reading.errors.append(RowError(None, "", _("文件里没有人员,请在“名册”表第2行起填写")))
    if reading.errors:
        reading.rows = []
    return reading
