"""The day's callback list from an .xlsx or .xls (the window's handled-cases export with the callback result filled in).

Read with the ledger importer's cell parsers and bounds (issues.importing): every row checked, all rows or none,
each problem with its Excel row, column and what to do.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from callbacks.models import Callback
from campaigns.selectors import department_list
from issues.importing import (
    MAX_ROWS,
    ImportResult,
    RowError,
    _choice,
    _date,
    _Lookup,
    _text,
    _yes_no,
    add_known_sheet,
)
from issues.references import reference_key
from spreadsheets.reading import UnreadableWorkbook, is_blank, open_sheet, read_header, row_values


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


def read_callback_workbook(upload, *, reader, today=None) -> ImportResult:
    """Every row checked; either all usable (result.rows, dicts for services.callback_record) or every problem.

    `upload` is an .xlsx or .xls file, read through spreadsheets.reading like the other imports; its windows' units
    are those of the importer `reader`'s scope (campaigns.selectors.department_list)."""
    today = today or timezone.localdate()
    result = ImportResult()
    try:
        sheet = open_sheet(upload)
    except UnreadableWorkbook:
        result.errors.append(RowError(0, "", _("无法读取该文件,请确认是用Excel或WPS保存的 .xlsx 或 .xls 工作簿")))
        return result
    _number, header = next(sheet.rows, (1, ()))
    positions = _header(header, result)
    if result.errors:
        return result
    lookup, parsers, seen = _Lookup(department_list(user=reader), reader=reader, epoch=sheet.epoch), _parsers(), {}
    known = {reference_key(reference) for reference in
             Callback.objects.exclude(case_reference="").values_list("case_reference", flat=True)}
    by_key = {column.key: column for column in COLUMNS}
    for number, values in sheet.rows:
        if is_blank(values):
            continue
        if number > MAX_ROWS + 1:
            result.errors.append(RowError(number, "", _("一次最多导入%(n)d行,请分批导入") % {"n": MAX_ROWS}))
            break
        row, errors = {}, []
        for key, value in row_values(values, positions).items():
            column = by_key[key]
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
        reference = reference_key(row.get("case_reference") or "")
        if reference:  # checked even when the row has other problems: every problem is listed at once
            if reference in seen:
                errors.append(RowError(number, str(COLUMNS[1].header),
                                       _("与第%(row)d行的办件编号重复") % {"row": seen[reference]}))
            elif reference in known:
                errors.append(RowError(number, str(COLUMNS[1].header), _("该办件已登记过回访")))
            seen.setdefault(reference, number)
        result.errors.extend(errors)
        if not errors:
            result.rows.append({key: value for key, value in row.items() if value is not None})
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", _("文件中没有回访记录(第2行起填写,每行一次回访)")))
    if result.errors:
        result.rows = []
    return result


def _header(values, result) -> dict:
    header = read_header(values, COLUMNS)  # other columns of the window's export are ignored
    result.errors += [RowError(1, name, _("缺少这一必填列,请使用下载的模板")) for name in header.missing]
    return header.positions


def write_callback_template(stream, *, departments) -> None:
    """The callback list to fill in, and the 可填单位和事项 sheet (`departments`: the user's scope) its checks name."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("回访记录"))
    sheet.append([f"{column.header}*" if column.required else str(column.header) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter in "ABCDEFGH":
        sheet.column_dimensions[letter].width = 16
    add_known_sheet(workbook, departments)
    workbook.save(stream)
