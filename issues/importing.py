"""Issues from other sources (12345, 好差评, ...) in bulk from an .xlsx or .xls workbook.

`read_issue_workbook` checks every row and returns either rows ready for `services.issue_import` or every
problem found, each with its Excel row number, column and a reason a clerk can act on. The service writes
all rows or none. `write_import_template` produces the workbook to fill in.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900
from openpyxl.worksheet.datavalidation import DataValidation

from campaigns.models import ServiceItem
from campaigns.selectors import department_list
from issues.models import Issue
from issues.references import reference_key, reference_taken_message
from spreadsheets.cells import text_row
from spreadsheets.dates import parse_date
from spreadsheets.reading import UnreadableWorkbook, cell_text, is_blank, open_sheet, read_header, row_values

MAX_ROWS = 2000
SHEET_TITLE = gettext_lazy("问题清单")
YES, NO = ("是", "√", "y", "yes", "1", "true"), ("否", "", "n", "no", "0", "false")


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: object  # lazy text
    required: bool = False
    width: int = 14
    hint: object = ""


COLUMNS = (
    ImportColumn("source", gettext_lazy("问题来源"), True, 16, gettext_lazy("从下拉列表选择,如:12345热线")),
    ImportColumn("source_reference", gettext_lazy("来源单号"), False, 18,
                 gettext_lazy("如12345工单号;同一来源的单号不能重复登记")),
    ImportColumn("title", gettext_lazy("问题标题"), True, 30, gettext_lazy("不超过200字")),
    ImportColumn("description", gettext_lazy("问题描述"), False, 40),
    ImportColumn("category", gettext_lazy("问题类别"), True, 16, gettext_lazy("从下拉列表选择")),
    ImportColumn("severity", gettext_lazy("严重程度"), False, 10, gettext_lazy("一般、较重或严重;空白按一般")),
    ImportColumn("service_item", gettext_lazy("涉及事项"), False, 24,
                 gettext_lazy("事项编码或事项名称,见“可填单位和事项”表")),
    ImportColumn("department", gettext_lazy("责任单位"), False, 20,
                 gettext_lazy("单位名称或编码,见“可填单位和事项”表;交办时可再改")),
    ImportColumn("responsible_person", gettext_lazy("责任人"), False, 10),
    ImportColumn("discovered_on", gettext_lazy("发现日期"), True, 12, gettext_lazy("如2026-03-15,不能晚于今天")),
    ImportColumn("deadline", gettext_lazy("整改时限"), False, 12, gettext_lazy("可空白,交办时按工作日自动计算")),
    ImportColumn("fixed_on_spot", gettext_lazy("立行立改"), False, 9, gettext_lazy("是或否;空白为否")),
    ImportColumn("long_term_rule", gettext_lazy("建章立制"), False, 9, gettext_lazy("是或否;空白为否")),
    ImportColumn("remarks", gettext_lazy("备注"), False, 20),
)
MAX_LENGTHS = {"title": 200, "source_reference": 50, "responsible_person": 50}


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it; 0 for a problem with the whole file
    column: str
    message: str


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)  # dicts of Issue fields, ready for issue_create
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def read_issue_workbook(upload, *, reader, today=None) -> ImportResult:
    """Every row checked; either all of them usable (result.rows) or every problem listed (result.errors).

    `upload` is an .xlsx or .xls file; each row's every problem is listed, not only its first. `reader` is the
    importer: a unit outside his scope (campaigns.selectors.department_list) is not found, as it is not in his
    template, and a ticket already in a ledger he may not read is refused without its ledger number."""
    today = today or timezone.localdate()
    result = ImportResult()
    try:
        sheet = open_sheet(upload, sheet_name=str(SHEET_TITLE))
    except UnreadableWorkbook:
        result.errors.append(RowError(0, "", _("无法读取该文件,请确认是用Excel或WPS保存的 .xlsx 或 .xls 工作簿")))
        return result
    _number, header = next(sheet.rows, (1, ()))
    positions = _read_header(header, result)
    if result.errors:
        return result
    lookup = _Lookup(department_list(user=reader), reader=reader, epoch=sheet.epoch)
    seen_references = {}
    for number, values in sheet.rows:
        if is_blank(values):
            continue
        if number > MAX_ROWS + 1:
            result.errors.append(RowError(number, "", _("一次最多导入%(n)d行,请分批导入") % {"n": MAX_ROWS}))
            break
        row, errors = _read_row(
            number, row_values(values, positions), lookup=lookup, today=today, seen_references=seen_references
        )
        result.errors.extend(errors)
        if not errors:
            result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", _("文件中没有要导入的问题(第2行起填写,每行一个问题)")))
    if result.errors:
        result.rows = []
    return result


def _read_header(values, result) -> dict:
    header = read_header(values, COLUMNS)
    result.errors += [RowError(1, name, _("无法识别的列,请使用下载的模板")) for name in header.unknown]
    result.errors += [RowError(1, name, _("该列出现了两次")) for name in header.repeated]
    result.errors += [RowError(1, name, _("缺少这一必填列,请使用下载的模板")) for name in header.missing]
    return header.positions


def _read_row(number, cells, *, lookup, today, seen_references):
    row, errors = {}, []

    def fail(key, message):
        header = next(str(column.header) for column in COLUMNS if column.key == key)
        errors.append(RowError(number, header, message))

    for column in COLUMNS:
        if column.key not in cells:
            continue
        value = cells[column.key]
        if column.required and cell_text(value) == "":
            fail(column.key, _("必填,不能空白"))
            continue
        try:
            row[column.key] = PARSERS.get(column.key, _plain_text)(value, lookup)
        except ValueError as problem:
            fail(column.key, str(problem))
            continue
        limit = MAX_LENGTHS.get(column.key)
        if limit and len(row[column.key]) > limit:
            fail(column.key, _("不能超过%(n)d个字") % {"n": limit})
    if row.get("discovered_on") and row["discovered_on"] > today:
        fail("discovered_on", _("发现日期不能晚于今天"))
    if row.get("discovered_on") and row.get("deadline") and row["deadline"] < row["discovered_on"]:
        fail("deadline", _("整改时限不能早于发现日期"))
    reference = reference_key(row.get("source_reference") or "")
    if reference and row.get("source"):  # checked even when the row has other problems: all are listed at once
        key = (row["source"], reference)
        if key in seen_references:
            fail("source_reference", _("与第%(row)d行的来源单号重复") % {"row": seen_references[key]})
        elif (taken := lookup.reference_taken(*key)) is not None:
            fail("source_reference", taken)
        seen_references.setdefault(key, number)
    if not row.get("severity"):
        row["severity"] = Issue.Severity.MINOR
    return {key: value for key, value in row.items() if value is not None}, errors


# ── cell parsers: each returns the field's value or raises ValueError with the reason ─────────────────────────

_text = cell_text  # a ticket number typed into Excel arrives as 12345.0 and is read as "12345"


def _plain_text(value, lookup) -> str:
    return _text(value)


def _choice(choices, what):
    by_label = {str(label): value for value, label in choices}
    values = {value for value, _label in choices}

    def parse(value, lookup):
        text = _text(value)
        if text in by_label:
            return by_label[text]
        if text in values:
            return text
        raise ValueError(
            _("“%(value)s”不是可选的%(what)s,可填:%(options)s")
            % {"value": text, "what": what, "options": "、".join(by_label)}
        )

    return parse


def _optional_choice(choices, what):
    parse = _choice(choices, what)
    return lambda value, lookup: parse(value, lookup) if _text(value) else None


def _date(value, lookup):
    return parse_date(value, epoch=lookup.epoch)


def _yes_no(value, lookup):
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(_("请填“是”或“否”,不能填“%(value)s”") % {"value": _text(value)})


def _department(value, lookup):
    return lookup.department(_text(value)) if _text(value) else None


def _service_item(value, lookup):
    return lookup.service_item(_text(value)) if _text(value) else None


PARSERS = {
    "source": _choice([c for c in Issue.Source.choices if c[0] != Issue.Source.WALKTHROUGH], gettext_lazy("问题来源")),
    "category": _choice(Issue.Category.choices, gettext_lazy("问题类别")),
    "severity": _optional_choice(Issue.Severity.choices, gettext_lazy("严重程度")),
    "discovered_on": _date,
    "deadline": _date,
    "fixed_on_spot": _yes_no,
    "long_term_rule": _yes_no,
    "department": _department,
    "service_item": _service_item,
}


class _Lookup:
    """Departments (of the importer's scope) and service items by name or code, read once per import."""

    def __init__(self, departments, *, reader=None, epoch=CALENDAR_WINDOWS_1900):
        self.epoch = epoch  # the workbook's date system, for dates stored as day numbers
        self.reader = reader  # whose ledger numbers a refusal may name
        self.departments = list(departments)
        self.items = list(ServiceItem.objects.all())

    def department(self, text):
        found = [d for d in self.departments if text in (d.code, d.name, d.short_name)]
        if not found:  # a unit of another county reads the same: it is not one the importer may name
            message = _("本辖区没有名称或编码为“%(value)s”的单位,请对照“可填单位和事项”表填写")
            raise ValueError(message % {"value": text})
        return self._one(found, text, _("单位"))

    def service_item(self, text):
        found = [item for item in self.items if text in (item.code, item.name)]
        return self._one(found, text, _("事项"))

    @staticmethod
    def _one(found, text, what):
        if not found:
            raise ValueError(
                _("系统中没有名称或编码为“%(value)s”的%(what)s,请对照“可填单位和事项”表填写")
                % {"value": text, "what": what}
            )
        if len(found) > 1:
            raise ValueError(_("有多个名为“%(value)s”的%(what)s,请改填编码") % {"value": text, "what": what})
        return found[0]

    def reference_taken(self, source, key) -> str | None:
        """Why the reference `key` (see issues.references) cannot be entered again, or None when it is new."""
        issue = Issue.objects.filter(source=source, source_reference_key=key).only("year", "sequence").first()
        return reference_taken_message(issue, reader=self.reader) if issue else None


# ── the template ───────────────────────────────────────────────────────────────────────────────────────────────

REQUIRED_FILL = PatternFill("solid", fgColor="FDE2E1")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


def write_import_template(stream, *, departments) -> None:
    """The workbook to fill in: the header (required columns marked *), drop-down lists, what to write in each
    column, and the service items the system knows and the `departments` (the user's scope) lines may name."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(SHEET_TITLE)
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=f"{column.header}*" if column.required else str(column.header))
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = column.width
        if column.key in ("discovered_on", "deadline"):
            for row in range(2, 502):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        options = _dropdown_options(column.key)
        if options:
            validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            validation.error = _("请从下拉列表中选择")
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(_("填写说明"))
    guide.append([_("列"), _("是否必填"), _("填写要求")])
    for column in COLUMNS:
        guide.append([str(column.header), _("必填") if column.required else _("选填"), str(column.hint)])
    guide.append([])
    guide.append([_("每行一个问题,从第2行开始填写;有任何一行出错,整个文件都不会导入,请按提示改正后重新上传。")])
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["C"].width = 60

    add_known_sheet(workbook, departments)
    workbook.save(stream)


def add_known_sheet(workbook, departments) -> None:
    """The 可填单位和事项 sheet the import messages point to: `departments` (the importer's scope, names and codes)
    beside every service item."""
    known = workbook.create_sheet(_("可填单位和事项"))
    known.append([_("单位名称"), _("单位编码"), "", _("事项名称"), _("事项编码")])
    departments = [(department.name, department.code) for department in departments]
    items = list(ServiceItem.objects.order_by("code").values_list("name", "code"))
    for index in range(max(len(departments), len(items))):
        department = departments[index] if index < len(departments) else ("", "")
        item = items[index] if index < len(items) else ("", "")
        known.append(text_row(known, [*department, "", *item]))
    for letter, width in zip("ABCDE", (24, 12, 2, 36, 18), strict=True):
        known.column_dimensions[letter].width = width


def _dropdown_options(key) -> list[str]:
    if key == "source":
        return [str(label) for value, label in Issue.Source.choices if value != Issue.Source.WALKTHROUGH]
    if key == "category":
        return [str(label) for _value, label in Issue.Category.choices]
    if key == "severity":
        return [str(label) for _value, label in Issue.Severity.choices]
    if key in ("fixed_on_spot", "long_term_rule"):
        return ["是", "否"]
    return []
