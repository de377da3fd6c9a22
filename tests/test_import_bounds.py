"""An imported workbook is bounded before it is read: size zipped and unzipped, shared strings, cell length, rows
(blank ones too) and time. Over a bound: a message naming it and what to do, and nothing imported."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Official
from issues.models import Issue
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def workbook(*, strings: str = "", sheet_data: str = "<row r=\"1\"/>", dimension: str = "A1", extra=None) -> bytes:
    """A minimal .xlsx written part by part, so a test can put any shape of bad data in it cheaply."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        types = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("xl/workbook.xml", f"<workbook {NS}><sheets/></workbook>")
        archive.writestr("xl/sharedStrings.xml", f"<sst {NS}>{strings}</sst>")
        sheet = f'<worksheet {NS}><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def many_strings(n: int) -> str:
    return "<si><t>x</t></si>" * n


TOO_MANY_ROWS = "超过了6000行的上限(空行也计算在内)"
INLINE_LONG = f'<row r="1"><c t="inlineStr"><is><t>{"x" * 9000}</t></is></c></row>'
BAD = [
    ("shared-strings", lambda: workbook(strings=many_strings(300_000)), "不同文字超过了50000条的上限"),
    ("long-cell", lambda: workbook(strings=f"<si><t>{'长' * 300_000}</t></si>"), "超过了5000个字符的上限"),
    ("long-inline-cell", lambda: workbook(sheet_data=INLINE_LONG), "超过了5000个字符的上限"),
    ("a-far-blank-row", lambda: workbook(sheet_data='<row r="1"/><row r="1000000"/>'), TOO_MANY_ROWS),
    ("a-million-row-dimension", lambda: workbook(dimension="A1:F1000000"), TOO_MANY_ROWS),
    ("many-unnumbered-blank-rows", lambda: workbook(sheet_data="<row/>" * 7000), TOO_MANY_ROWS),
    ("unpacks-huge", lambda: workbook(extra={"xl/media/pad.bin": b"\0" * (60 * 1024 * 1024)}), "解压后有"),
]


@pytest.fixture
def staff(client, users):
    client.login(username="staff", password=PASSWORD)
    return users["staff"]


@pytest.mark.parametrize(("label", "build", "message"), BAD, ids=[bad[0] for bad in BAD])
def test_an_issue_import_over_a_bound_is_refused_with_the_bound_and_nothing_imported(client, staff, label, build,
                                                                                       message):
    upload = SimpleUploadedFile("问题.xlsx", build(), content_type=XLSX)
    response = client.post(reverse("issues:issue_import"), {"file": upload})
    page = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 400
    assert message in page
    assert not Issue.objects.exists()


@pytest.mark.parametrize(("label", "build", "message"), BAD, ids=[bad[0] for bad in BAD])
def test_a_roster_import_over_a_bound_is_refused_with_the_bound_and_nothing_imported(client, staff, label, build,
                                                                                      message):
    before = Official.objects.count()
    upload = SimpleUploadedFile("名册.xlsx", build(), content_type=XLSX)
    response = client.post(reverse("roster:import"), {"workbook": upload})
    page = response.content.decode().replace("\xa0", " ")
    assert message in page
    assert Official.objects.count() == before


def test_a_file_too_large_zipped_is_refused_before_it_is_opened(client, staff, settings):
    settings.IMPORT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("问题.xlsx", workbook(strings=many_strings(2000)) + b"\0" * 2048, content_type=XLSX)
    page = client.post(reverse("issues:issue_import"), {"file": upload}).content.decode().replace("\xa0", " ")
    assert "超过了1.0 KB的上限" in page and "分成几个文件上传" in page


def test_a_check_that_runs_too_long_is_stopped_with_the_time_bound(client, staff, settings):
    settings.IMPORT_MAX_SECONDS = 0
    upload = SimpleUploadedFile("问题.xlsx", workbook(strings=many_strings(10)), content_type=XLSX)
    page = client.post(reverse("issues:issue_import"), {"file": upload}).content.decode()
    assert "用时超过了0秒的上限" in page and not Issue.objects.exists()
