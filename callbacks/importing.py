"""The day's callback list from an .xlsx (the window's handled-cases export with the callback result filled in).

Read with the ledger importer's cell parsers and bounds (issues.importing): every row checked, all rows or none,
each problem with its Excel row, column and what to do.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from callbacks.models import Callback
from issues.importing import MAX_ROWS, ImportResult, RowError, _choice, _date, _Lookup, _text, _yes_no


@dataclass(frozen=True)
class Column:
    key: str
    header: object
    required: bool = False


COLUMNS = (
    Column("called_on", gettext_lazy("回访日期"), True),
    Column("case_reference", gettext_lazy("办件编号")),
    Column("service_item", gettext_lazy("办理事项")),
    Column("department", gettext_lazy("窗口单位"), True),
    Column("window", gettext_lazy("窗口")),
    Column("result", gettext_lazy("回访结果"), True),
    Column("is_complaint", gettext_lazy("是否投诉")),
    Column("note", gettext_lazy("情况说明")),
)
MAX_LENGTHS = {"case_reference": 50, "window": 50, "note": 2000}


def _parsers():
    return {
        "called_on": _date,
        "service_item": lambda value, lookup: lookup.service_item(_text(value)) if _text(value) else None,
        "department": lambda value, lookup: lookup.department(_text(value)),
        "result": _choice(Callback.Result.choices, gettext_lazy("回访结果")),
        "is_complaint": _yes_no,
    }


def read_callback_workbook(upload, *, today=None) -> ImportResult:
    """Every row checked; either all usable (result.rows, dicts for services.callback_record) or every problem."""
    today = today or timezone.localdate()
    result = ImportResult()
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        result.errors.append(RowError(0, "", _("无法读取该文件,请确认是用Excel保存的 .xlsx 工作簿")))
        return result
    lines = workbook.worksheets[0].iter_rows(values_only=True)
    positions = _header(next(lines, None) or (), result)
    if result.errors:
        return result
    lookup, parsers, seen = _Lookup(), _parsers(), {}
    known = set(Callback.objects.exclude(case_reference="").values_list("case_reference", flat=True))
    for number, values in enumerate(lines, start=2):
        if all(_text(value) == "" for value in values):
            continue
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append(RowError(number, "", _("一次最多导入%(n)d行,请分批导入") % {"n": MAX_ROWS}))
            break
        row, errors = {}, []
        for column, index in positions.items():
            value = values[index] if index < len(values) else None
            if column.required and _text(value) == "":
                errors.append(RowError(number, str(column.header), _("必填,不能空白")))
                continue
            try:
                row[column.key] = parsers.get(column.key, lambda v, _lookup: _text(v))(value, lookup)
            except ValueError as problem:
                errors.append(RowError(number, str(column.header), str(problem)))
                continue
            limit = MAX_LENGTHS.get(column.key)
            if limit and len(row[column.key]) > limit:
                errors.append(RowError(number, str(column.header), _("不能超过%(n)d个字") % {"n": limit}))
        if row.get("called_on") and row["called_on"] > today:
            errors.append(RowError(number, str(COLUMNS[0].header), _("回访日期不能晚于今天")))
        reference = row.get("case_reference")
        if reference and not errors:
            if reference in seen:
                errors.append(RowError(number, str(COLUMNS[1].header),
                                       _("与第%(row)d行的办件编号重复") % {"row": seen[reference]}))
            elif reference in known:
                errors.append(RowError(number, str(COLUMNS[1].header), _("该办件已登记过回访")))
            seen.setdefault(reference, number)
        result.errors.extend(errors)
        if not errors:
            result.rows.append({key: value for key, value in row.items() if value is not None})
    workbook.close()
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", _("文件中没有回访记录(第2行起填写,每行一次回访)")))
    if result.errors:
        result.rows = []
    return result


def _header(header, result) -> dict:
    by_name = {str(column.header): column for column in COLUMNS}
    positions = {}
    for index, value in enumerate(header):
        name = _text(value).rstrip("*").strip()
        if name in by_name and by_name[name] not in positions:
            positions[by_name[name]] = index  # other columns of the window's export are ignored
    for column in COLUMNS:
        if column.required and column not in positions:
            result.errors.append(RowError(1, str(column.header), _("缺少这一必填列,请使用下载的模板")))
    return positions


def write_callback_template(stream) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("回访记录"))
    sheet.append([f"{column.header}*" if column.required else str(column.header) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter in "ABCDEFGH":
        sheet.column_dimensions[letter].width = 16
    workbook.save(stream)
