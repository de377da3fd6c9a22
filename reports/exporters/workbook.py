"""How a report sheet is written: merged title and subtitle, a frozen header row with autofilter, typed cells
(real dates, numbers, percentages), wrapped text, set widths, and A4 landscape print setup — fit to one page
wide, header rows repeated on every page, page numbers in the footer.

Every cell goes through spreadsheets.cells.text_cell: user text is cleaned of characters a workbook cannot hold
and is always a string cell, never a formula.

Written in openpyxl's write-only mode (lxml installed): rows stream through to a temporary file, so memory
does not grow with the number of rows. Nothing here knows what the rows mean.
"""

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from spreadsheets.cells import clean_text, text_cell

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
TITLE_ROWS = 2  # title, subtitle; the header is the row after them
FONT = "宋体"  # what government offices' Excel has; LibreOffice substitutes a CJK font of the same metrics
LINE_POINTS = 15.0  # height of one line of 11-point CJK text
MAX_ROW_POINTS = 409  # Excel's limit
NUMBER_FORMATS = {
    "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "int": "0", "percent": "0.0%", "decimal": "General",
    "text": "General",
}


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    wrap: bool = False
    kind: str = "text"  # text, int, decimal, percent (a value like 85.7 meaning 85.7%), date, datetime (naive)


@dataclass(frozen=True)
class Sheet:
    name: str  # the tab; Excel allows 31 characters
    title: str
    subtitle: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]


class _CharWidths(dict):
    """Width in Excel column units of each character met so far: a CJK character is about two digits wide."""

    def __missing__(self, char: str) -> float:
        width = self[char] = 2.1 if unicodedata.east_asian_width(char) in "WF" else 1.05
        return width


_CHAR_WIDTHS = _CharWidths()
_WIDEST_CHAR = 2.1


def _text_width(text: str) -> float:
    """Width in Excel column units (the characters' widths added in order, so always the same float)."""
    return sum(map(_CHAR_WIDTHS.__getitem__, text))


def _lines(text: str, usable: float) -> int:
    """Lines `text` takes in a wrapped column `usable` units wide."""
    if len(text) * _WIDEST_CHAR < usable - 0.001 and "\n" not in text:
        return 1  # fits whatever its characters are: a label, a name, a short note
    return sum(max(1, math.ceil(_text_width(part) / usable)) for part in text.split("\n"))


def row_height(columns: Sequence[Column], values: Sequence) -> float | None:
    """Points a row needs so its wrapped cells show every line. Neither Excel nor LibreOffice grows rows
    written by openpyxl on opening, so the height is estimated from the text and the column widths."""
    lines = 1
    for column, value in zip(columns, values, strict=True):
        if not column.wrap or not value:
            continue
        lines = max(lines, _lines(str(value), max(column.width - 1, 1)))
    return None if lines == 1 else min(lines * LINE_POINTS + 3, MAX_ROW_POINTS)


def _styles(workbook: Workbook) -> None:
    """Named styles are registered once, so each cell only carries a style name (fast, small files)."""
    base = dict(border=BORDER, font=Font(name=FONT, size=11))
    for kind, number_format in NUMBER_FORMATS.items():
        for wrap in (False, True):
            style = NamedStyle(
                name=f"body-{kind}-{'wrap' if wrap else 'plain'}",
                number_format=number_format,
                alignment=Alignment(vertical="top", wrap_text=wrap),
                **base,
            )
            workbook.add_named_style(style)
    workbook.add_named_style(NamedStyle(
        name="header", font=Font(name=FONT, size=11, bold=True), fill=HEADER_FILL, border=BORDER,
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    ))
    workbook.add_named_style(NamedStyle(
        name="title", font=Font(name=FONT, bold=True, size=16),
        alignment=Alignment(horizontal="center", vertical="center"),
    ))
    workbook.add_named_style(NamedStyle(
        name="subtitle", font=Font(name=FONT, size=10), alignment=Alignment(horizontal="right"),
    ))


def _cell(sheet, value, style: str):
    """One cell in the named `style` (text_cell's quote prefix kept: naming a style resets the cell's array)."""
    cell = Cell(sheet, row=1, column=1)
    cell.style = style
    return text_cell(sheet, value, style_array=cell._style)


def _styled(sheet, style: str):
    """A maker of cells in one named style. Resolving a style by name costs a lookup per cell; giving each cell
    a copy of the resolved style array does not (half the writing time at 50,000 rows)."""
    resolved = _cell(sheet, None, style)._style

    def make(value):
        return text_cell(sheet, value, style_array=resolved)
    return make


class _RowHeights(dict):
    """The attributes openpyxl writes on a body row of each height (ht="33" customHeight="1"), made once per
    height by a RowDimension: making one for each row cost more than its wrapped cells' height estimate."""

    def __missing__(self, height: float) -> dict[str, str]:
        attributes = self[height] = dict(RowDimension(None, ht=height))
        return attributes


def _value(column: Column, value):
    if value is None or value == "":
        return None
    if column.kind == "percent":
        return float(Decimal(value) / 100)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


def _sheet_name(name: str) -> str:
    """A tab name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", clean_text(name)).strip()[:31] or "Sheet"


def _write_sheet(workbook: Workbook, spec: Sheet) -> int:
    sheet = workbook.create_sheet(_sheet_name(spec.name))
    columns = list(spec.columns)
    last_letter = get_column_letter(len(columns))
    header_row = TITLE_ROWS + 1
    # Everything written before the first row: widths, frozen panes, row heights of the top rows.
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.row_dimensions[1].height = 30
    sheet.row_dimensions[header_row].height = 30
    sheet.print_title_rows = f"1:{header_row}"
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = _("第 &P 页,共 &N 页")
    sheet.merged_cells.ranges.add(f"A1:{last_letter}1")
    sheet.merged_cells.ranges.add(f"A2:{last_letter}2")

    sheet.append([_cell(sheet, spec.title, "title")])
    sheet.append([_cell(sheet, spec.subtitle, "subtitle")])
    sheet.append([_cell(sheet, column.header, "header") for column in columns])
    makers = [_styled(sheet, f"body-{c.kind}-{'wrap' if c.wrap else 'plain'}") for c in columns]
    heights = _RowHeights()
    count = 0
    for row in spec.rows:
        count += 1
        row_index = header_row + count
        height = row_height(columns, row)
        if height:
            sheet.row_dimensions[row_index] = heights[height]
        sheet.append([make(_value(column, value)) for column, make, value in zip(columns, makers, row, strict=True)])
        if height:
            del sheet.row_dimensions[row_index]  # already written; keeps memory flat
    sheet.auto_filter.ref = f"A{header_row}:{last_letter}{header_row + max(count, 1)}"
    return count


def write_workbook(stream, sheets: Iterable[Sheet]) -> int:
    """Write the sheets in order into `stream` (a file or an HttpResponse); returns the number of body rows."""
    workbook = Workbook(write_only=True)
    _styles(workbook)
    total = sum(_write_sheet(workbook, sheet) for sheet in sheets)
    workbook.save(stream)
    return total


def write_table_workbook(stream, *, sheet_title: str, title: str, subtitle: str, columns, rows) -> int:
    """A workbook of one sheet."""
    return write_workbook(stream, [Sheet(sheet_title, title, subtitle, columns, rows)])
