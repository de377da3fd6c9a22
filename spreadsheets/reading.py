"""A clerk's workbook as rows of plain values, for the roster and issue importers.

Both formats county offices keep are read: .xlsx (Excel, WPS) with openpyxl, and old .xls with xlrd. The sheet
size a file declares (`<dimension>`) is not trusted: some WPS versions write a wrong one, and openpyxl's
read-only mode would then stop after the rows it declares. Rows come back as tuples of None, str, int, float,
bool or datetime; numbers in a date column may still be Excel day numbers (see spreadsheets.dates).
"""

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import xlrd
from openpyxl import load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from spreadsheets.cells import clean_text

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls (a compound file)
# The file chooser's filter for an import: both formats.
WORKBOOK_ACCEPT = ",".join((
    ".xlsx", ".xls", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-excel"
))


class UnreadableWorkbook(Exception):
    """The upload is not a workbook either reader can open."""


@dataclass
class SheetRows:
    """The rows of one sheet: `rows` yields (Excel row number, values) from the first row on."""

    rows: Iterator[tuple[int, tuple]]
    epoch: datetime.datetime  # the workbook's date system, for day numbers


def open_sheet(upload, *, sheet_name: str = "") -> SheetRows:
    """The sheet called `sheet_name` (else the first) of an .xlsx or .xls upload; UnreadableWorkbook otherwise."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(OLE_SIGNATURE):
        return _xls_sheet(upload, sheet_name)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as problem:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise UnreadableWorkbook(str(problem)) from problem
    sheet = workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
    sheet.reset_dimensions()  # read every row and column there is, not the ones the file claims

    def rows():
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, tuple(values)
        finally:
            workbook.close()

    return SheetRows(rows(), CALENDAR_MAC_1904 if workbook.epoch == CALENDAR_MAC_1904 else CALENDAR_WINDOWS_1900)


def _xls_sheet(upload, sheet_name: str) -> SheetRows:
    try:
        book = xlrd.open_workbook(file_contents=upload.read())
    except Exception as problem:  # noqa: BLE001 - xlrd raises many kinds for a damaged file
        raise UnreadableWorkbook(str(problem)) from problem
    finally:
        upload.seek(0)
    if book.nsheets == 0:
        raise UnreadableWorkbook("no sheets")
    sheet = book.sheet_by_name(sheet_name) if sheet_name in book.sheet_names() else book.sheet_by_index(0)

    def value(cell):
        if cell.ctype == xlrd.XL_CELL_DATE:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return None
        return cell.value

    rows = ((number, tuple(value(cell) for cell in sheet.row(number - 1))) for number in range(1, sheet.nrows + 1))
    return SheetRows(rows, CALENDAR_MAC_1904 if book.datemode == 1 else CALENDAR_WINDOWS_1900)


def cell_text(value) -> str:
    """A cell as the text a clerk sees: numbers Excel stored for digits (a phone, a ticket number 12345.0) come
    back without ".0", characters a workbook cannot hold are dropped, and the ends are trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip()


def header_name(value) -> str:
    """A header cell compared by what it says: full-width letters, a required-column star (* or *), spaces and
    line breaks inside (“姓  名”) do not count."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value))).rstrip("*")


@dataclass
class Header:
    positions: dict[str, int]  # column key → index in the row
    unknown: list[str]  # header texts that name no column
    repeated: list[str]  # header texts that appear more than once
    missing: list[str]  # required columns' headers not found


def read_header(values, columns) -> Header:
    """Where each of `columns` (objects with .key, .header, .required) is in the header row `values`."""
    by_name = {header_name(column.header): column for column in columns}
    header = Header({}, [], [], [])
    for index, value in enumerate(values):
        name = header_name(value)
        if not name:
            continue
        column = by_name.get(name)
        if column is None:
            header.unknown.append(cell_text(value))
        elif column.key in header.positions:
            header.repeated.append(str(column.header))
        else:
            header.positions[column.key] = index
    header.missing = [str(c.header) for c in columns if c.required and c.key not in header.positions]
    return header


def row_values(values: tuple, positions: dict[str, int]) -> dict:
    """The row's cells by column key; a row shorter than the header has None for the cells it lacks."""
    return {key: values[index] if index < len(values) else None for key, index in positions.items()}


def is_blank(values) -> bool:
    return all(cell_text(value) == "" for value in values)
