"""How a ledger-style sheet is written: merged title, frozen header with autofilter, real dates, print setup.

Written in openpyxl's write-only mode so memory does not grow with the number of rows.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
TITLE_ROWS = 2  # title, subtitle; the header is the row after them


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    wrap: bool = False
    date: bool = False


def write_table_workbook(stream, *, sheet_title: str, title: str, subtitle: str, columns: list[Column], rows: Iterable):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    last_letter = get_column_letter(len(columns))
    header_row = TITLE_ROWS + 1
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"1:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.merged_cells.ranges.add(f"A1:{last_letter}1")
    sheet.merged_cells.ranges.add(f"A2:{last_letter}2")

    sheet.append([_cell(sheet, title, font=Font(bold=True, size=16), align=Alignment(horizontal="center"))])
    sheet.append([_cell(sheet, subtitle, align=Alignment(horizontal="right"))])
    header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.append([_cell(sheet, c.header, font=Font(bold=True), fill=HEADER_FILL, align=header_align) for c in columns])
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    count = 0
    for row in rows:
        count += 1
        sheet.append(
            [
                _cell(
                    sheet,
                    value,
                    align=wrap if column.wrap else top,
                    number_format="yyyy-mm-dd" if column.date else None,
                )
                for column, value in zip(columns, row, strict=True)
            ]
        )
    sheet.auto_filter.ref = f"A{header_row}:{last_letter}{header_row + max(count, 1)}"
    workbook.save(stream)
    return count


def _cell(sheet, value, *, font=None, fill=None, align=None, number_format=None):
    cell = WriteOnlyCell(sheet, value=value)
    cell.border = BORDER
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if align:
        cell.alignment = align
    if number_format:
        cell.number_format = number_format
    return cell
