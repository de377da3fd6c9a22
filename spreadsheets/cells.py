"""The one way user text goes into a workbook cell.

A cell is XML: most control characters (what Word leaves behind when a line break is pasted, a vertical tab)
are not allowed in it, and openpyxl refuses them. And a text that starts with `=` becomes a formula in Excel and
LibreOffice (`=== 窗口无人值守 ===` shows an error, `=HYPERLINK(...)` a live link). So text is cleaned, and every
string is typed as a string. A string that starts like a formula (= + - @) also carries Excel's quote prefix
(the "'" a user would type), so editing the cell and pressing Enter keeps it text, in Excel, WPS and LibreOffice.
"""

import re

from openpyxl.cell import Cell
from openpyxl.styles.cell_style import StyleArray

# Line breaks Word, old Macs and form feeds leave: kept as line breaks.
LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\u2028\u2029\x85]")
# What XML 1.0 forbids (tab and newline are allowed), plus lone surrogates, which no file can hold.
FORBIDDEN = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Any character either of the two above would change: most text has none, and one search is half of two subs.
TO_CLEAN = re.compile(r"[\r\x0b\x0c\u2028\u2029\x85\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
MAX_CELL_CHARACTERS = 32767  # Excel's limit for one cell
FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")  # full-width ones too: IMEs type them


def clean_text(text: str) -> str:
    """`text` with line-break characters turned into "\\n" and characters a workbook cannot hold removed."""
    if TO_CLEAN.search(text) is None:
        return text
    return FORBIDDEN.sub("", LINE_BREAKS.sub("\n", text))


def text_cell(sheet, value, *, style_array=None) -> Cell:
    """A cell for `sheet` (write-only or not) holding `value`; a string is always a string cell, never a formula.

    Numbers, dates and None are kept as they are, so the cell is of the type its value is. `style_array` (a
    resolved openpyxl StyleArray) is copied into the cell as it is, whatever format its value would suggest."""
    if isinstance(value, str):
        text = clean_text(value)[:MAX_CELL_CHARACTERS]
        cell = Cell(sheet, row=1, column=1)  # write-only cells need a position; append() sets the real one
        if text:
            cell._value, cell.data_type = text, "s"  # assigning .value would make "=..." a formula
    else:
        cell = Cell(sheet, row=1, column=1, value=value)
    if style_array is not None:
        cell._style = StyleArray(style_array)
    if isinstance(value, str) and cell._value and cell._value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def text_row(sheet, values) -> list[Cell]:
    """`values` as cells for `sheet.append(...)`."""
    return [text_cell(sheet, value) for value in values]
