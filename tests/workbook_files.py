"""Workbooks shaped like the ones county offices send: built here, byte by byte where a real program differs
from openpyxl (a wrong <dimension> from WPS, the built-in Chinese date format), and old .xls through xlwt."""

import datetime
import re
import zipfile
from io import BytesIO

import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def xlsx_bytes(rows, *, sheet_title="Sheet", date_format="yyyy-mm-dd") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = date_format
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def edit_parts(content: bytes, edits: dict) -> bytes:
    """The same .xlsx with some of its XML parts rewritten: `edits` maps a part name to bytes → bytes."""
    source, target = zipfile.ZipFile(BytesIO(content)), BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in edits:
                data = edits[item.filename](data)
            out.writestr(item, data)
    return target.getvalue()


def with_dimension(content: bytes, ref: str) -> bytes:
    """What some WPS versions write: a <dimension> smaller than the sheet really is."""
    def edit(xml):
        replaced, count = re.subn(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), xml)
        assert count == 1
        return replaced
    return edit_parts(content, {"xl/worksheets/sheet1.xml": edit})


def with_builtin_chinese_date_format(content: bytes) -> bytes:
    """Date cells styled with numFmtId 31 (zh-CN Excel's built-in 2026年11月2日), which files do not define."""
    def edit(xml):
        replaced, count = re.subn(rb'<xf numFmtId="164"', b'<xf numFmtId="31"', xml)
        assert count >= 1
        return re.sub(rb'<numFmts count="\d+">.*?</numFmts>', b"", replaced)
    return edit_parts(content, {"xl/styles.xml": edit})


def xls_bytes(rows, *, sheet_title="Sheet") -> bytes:
    """An Excel 97-2003 workbook; dates get a date format, as Excel stores them."""
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet(sheet_title)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
