"""A date from a cell, however the clerk's program stored or the clerk typed it.

Excel keeps a date as a day number; whether a reader sees a date or that number depends on the cell's number
format, and the East Asian built-in formats (2026年11月2日, numFmtId 27–36 and 50–58) are not in every reader's
list, so a number in a date column is read as a day number. Typed dates are accepted in the forms people write
them: 2026-11-02, 2026/11/2, 2026.11.2, 2026年11月2日 (or 号), 20261102, 二〇二六年十一月二日, with full-width
digits, spaces or a time after them.
"""

import datetime
import re
import unicodedata

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

FIRST_SERIAL, LAST_SERIAL = 1, 2958465  # 1900-01-01 … 9999-12-31 as Excel day numbers
TYPED = re.compile(
    r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*[日号]?"
    r"(?:[\sT]*\d{1,2}[:时]\d{1,2}(?:[:分]\d{1,2}(?:\.\d+)?秒?)?)?"
)
COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
CHINESE_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE = re.compile(r"(?P<year>[〇零○O一二三四五六七八九]{4})年(?P<month>[一二三四五六七八九十]{1,3})月"
                     r"(?P<day>[一二三四五六七八九十]{1,3})[日号]")


def _chinese_number(text: str) -> int:
    """一 … 三十一: tens written with 十 (十一, 二十, 三十一)."""
    if "十" not in text:
        return CHINESE_DIGITS[text] if len(text) == 1 else -1
    tens, _ten, ones = text.partition("十")
    return (CHINESE_DIGITS.get(tens, -1) if tens else 1) * 10 + (CHINESE_DIGITS.get(ones, -1) if ones else 0)


def _from_match(match, number) -> datetime.date:
    year = int("".join(str(CHINESE_DIGITS[c]) for c in match["year"])) if number is _chinese_number else int(
        match["year"])
    return datetime.date(year, number(match["month"]), number(match["day"]))


def parse_date(value, *, epoch: datetime.datetime = CALENDAR_WINDOWS_1900) -> datetime.date | None:
    """The date in a cell value (a date, a datetime, an Excel day number or text), None for an empty cell.

    `epoch` is the workbook's date system (1900, or 1904 for old Mac files). Raises ValueError with a message for
    the clerk when the value is not a date."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueError(_not_a_date(value))
    if isinstance(value, int | float):
        return _from_number(value, epoch)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    for pattern, number in ((TYPED, int), (COMPACT, int), (CHINESE, _chinese_number)):
        match = pattern.fullmatch(text)
        if match:
            try:
                return _from_match(match, number)
            except ValueError:
                break  # written as a date, but no such day (2026-02-30)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _from_number(float(text), epoch)
    raise ValueError(_not_a_date(value))


def _from_number(value: float, epoch) -> datetime.date:
    if float(value).is_integer() and COMPACT.fullmatch(str(int(value))):
        try:
            return _from_match(COMPACT.fullmatch(str(int(value))), int)  # 20261102 typed as a number
        except ValueError:
            pass
    if FIRST_SERIAL <= value <= LAST_SERIAL:
        return from_excel(value, epoch=epoch).date()
    raise ValueError(_not_a_date(value))


def _not_a_date(value) -> str:
    return _("“%(value)s”不是有效的日期,请写成如 2026-03-15 或 2026年3月15日") % {"value": value}
