"""Bounds on an uploaded workbook, checked before any importer reads it (the roster, the issue intake).

openpyxl loads every shared string into memory and walks every row, blank or not, so a small file can cost minutes
and gigabytes: 1.2 MB of zip holding millions of shared strings, a million empty rows, one cell of 500,000 characters.
`check_workbook` streams the zip's own parts with lxml (no entities, no network, bounded depth) and refuses the file
at the first bound it passes, saying which bound and what to do. Nothing is read by the importer, nothing written.

Bounds (settings, overridable from the environment): IMPORT_MAX_BYTES (the upload), IMPORT_MAX_UNCOMPRESSED_BYTES
(all parts together, as the zip declares them; zipfile never inflates a part beyond its declared size),
IMPORT_MAX_SHARED_STRINGS, IMPORT_MAX_CELL_CHARS, IMPORT_MAX_ROWS (per sheet, blank rows included) and
IMPORT_MAX_SECONDS (the whole check). An old .xls is bounded by its size only.
"""

import re
import time
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree

from campaigns.uploads import OLE_SIGNATURE

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
LAST_ROW = re.compile(r"[A-Z]+(\d+)$")


@dataclass(frozen=True)
class Bounds:
    max_bytes: int
    max_uncompressed_bytes: int
    max_shared_strings: int
    max_cell_chars: int
    max_rows: int
    max_seconds: float

    @classmethod
    def from_settings(cls) -> "Bounds":
        return cls(
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            max_shared_strings=settings.IMPORT_MAX_SHARED_STRINGS,
            max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_seconds=settings.IMPORT_MAX_SECONDS,
        )


class _Clock:
    def __init__(self, bounds: Bounds):
        self.deadline = time.monotonic() + bounds.max_seconds
        self.bounds = bounds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ValidationError(
                _("检查这个文件用时超过了%(seconds)s秒的上限,文件过于复杂。请把数据复制到下载的模板中,另存为新文件后再上传")
                % {"seconds": self.bounds.max_seconds},
                code="too_slow",
            )


def check_workbook(upload, *, bounds: Bounds | None = None) -> None:
    """Refuse (ValidationError with a message naming the bound and what to do) an .xlsx over any bound; returns None
    for a workbook an importer may read. The upload's position is left at its start."""
    bounds = bounds or Bounds.from_settings()
    if upload.size > bounds.max_bytes:
        raise ValidationError(
            _("文件有%(size)s,超过了%(limit)s的上限。请删去多余的工作表、图片和空行,或分成几个文件上传")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(bounds.max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    if upload.read(len(OLE_SIGNATURE)) == OLE_SIGNATURE:
        # An old .xls (read by xlrd): its parts are not a zip to stream, so only its size is bounded here.
        upload.seek(0)
        return
    clock = _Clock(bounds)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
            unpacked = sum(part.file_size for part in parts)
            if unpacked > bounds.max_uncompressed_bytes:
                raise ValidationError(
                    _("文件解压后有%(size)s,超过了%(limit)s的上限。请把数据复制到下载的模板中,另存为新文件后再上传")
                    % {"size": filesizeformat(unpacked), "limit": filesizeformat(bounds.max_uncompressed_bytes)},
                    code="too_large_unpacked",
                )
            names = {part.filename for part in parts}
            if "xl/sharedStrings.xml" in names:
                with archive.open("xl/sharedStrings.xml") as stream:
                    _check_shared_strings(stream, bounds, clock)
            for name in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
                with archive.open(name) as stream:
                    _check_sheet(stream, bounds, clock)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, EOFError, KeyError) as broken:
        raise ValidationError(
            _("文件无法读取,不是有效的 .xlsx 文件。请用Excel打开后“另存为”.xlsx 格式再上传"), code="bad_workbook"
        ) from broken
    finally:
        upload.seek(0)


def _parse(stream, tag: str):
    return etree.iterparse(
        stream, events=("end",), tag=tag, resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )


def _too_long(length: int, bounds: Bounds) -> ValidationError:
    return ValidationError(
        _("文件中有一个单元格有%(length)s个字符,超过了%(limit)s个字符的上限。请缩短这段文字后再上传")
        % {"length": length, "limit": bounds.max_cell_chars},
        code="cell_too_long",
    )


def _check_shared_strings(stream, bounds: Bounds, clock: _Clock) -> None:
    count = 0
    for _event, element in _parse(stream, f"{MAIN}si"):
        count += 1
        if count > bounds.max_shared_strings:
            raise ValidationError(
                _("文件中的不同文字超过了%(limit)s条的上限。请只保留要导入的数据(可复制到下载的模板中)后再上传")
                % {"limit": bounds.max_shared_strings},
                code="too_many_strings",
            )
        length = sum(len(text) for text in element.itertext())
        if length > bounds.max_cell_chars:
            raise _too_long(length, bounds)
        _forget(element)
        if count % 1000 == 0:
            clock.check()
    clock.check()


def _check_sheet(stream, bounds: Bounds, clock: _Clock) -> None:
    rows = 0
    for _event, element in _parse(stream, (f"{MAIN}row", f"{MAIN}dimension")):
        # A reader fills the gap up to a far row number (or the declared dimension) with blank rows: they count.
        if element.tag == f"{MAIN}dimension":
            last = LAST_ROW.search(element.get("ref") or "")
            _check_rows(int(last.group(1)) if last else 0, bounds)
            continue
        rows += 1
        number = element.get("r")
        _check_rows(max(rows, int(number) if number and number.isdigit() else 0), bounds)
        for text in element.iter(f"{MAIN}v", f"{MAIN}t"):
            if text.text and len(text.text) > bounds.max_cell_chars:
                raise _too_long(len(text.text), bounds)
        _forget(element)
        if rows % 200 == 0:
            clock.check()
    clock.check()


def _check_rows(rows: int, bounds: Bounds) -> None:
    if rows > bounds.max_rows:
        raise ValidationError(
            _("一个工作表超过了%(limit)s行的上限(空行也计算在内)。请删除表格末尾的空行,或分成几个文件上传")
            % {"limit": bounds.max_rows},
            code="too_many_rows",
        )


def _forget(element) -> None:
    """Free a parsed element and the siblings before it, so memory stays flat however long the part is."""
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]
