"""User text in every export stays text: control characters (Word's pasted line break) no longer break the file,
and a text starting with = + - @ is a string cell, never a formula. Every export is re-opened cell by cell."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Department, Official, WalkthroughSession
from issues.models import Issue
from reports.exporters.workbook import Column, Sheet, write_workbook
from spreadsheets.cells import clean_text
from tests.factories import PASSWORD
from tests.reports_scenario import build_scenario

pytestmark = pytest.mark.django_db

# PostgreSQL cannot store NUL (and forms refuse it), so stored text holds the others; NUL is written below.
EVERY_CONTROL = "".join(chr(code) for code in range(0x01, 0x20))
NASTY = [
    "=== 窗口无人值守 ===",
    '=HYPERLINK("http://example.invalid/","点此查看")',
    "+86 电话打不通",
    "-1 天就办结",
    "@所有人 请注意",
    "=1+1",
    f"第一行\x0b第二行(Word 粘贴的换行){EVERY_CONTROL}结束",
]


@pytest.fixture
def scenario(org, users):
    made = build_scenario(org, users)
    issues = made.issues
    Issue.objects.filter(pk=issues.i1.pk).update(title=NASTY[0], description=NASTY[6], measures=NASTY[1])
    Issue.objects.filter(pk=issues.i2.pk).update(title=NASTY[2], remarks=NASTY[3], responsible_person=NASTY[4])
    WalkthroughSession.objects.filter(campaign=made.a).update(experience=NASTY[6] + NASTY[5])
    Department.objects.filter(pk=org.market.pk).update(name="=县市场监管局")
    Official.objects.filter(pk=users["walker"].official.pk).update(name="=walker()", position=NASTY[1])
    return made


def download(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(BytesIO(content))


def text_cells(workbook):
    """Every cell holding text, on every sheet; and no cell of any type may be a formula."""
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", f"{sheet.title}!{cell.coordinate}"
                    # edited in Excel and Enter pressed, it stays text: the quote prefix a user would type
                    assert cell.quotePrefix == cell.value.startswith(("=", "+", "-", "@")), cell.coordinate
                    found.append(cell.value)
    return found


def assert_written_as_text(texts, expected):
    joined = "\n".join(texts)
    for value in expected:
        assert clean_text(value) in joined, value


def test_the_ledger_writes_control_characters_and_formula_lookalikes_as_plain_text(client, scenario):
    client.login(username="staff", password=PASSWORD)
    workbook = download(client, reverse("reports:ledger_export"), {"campaign": scenario.a.pk})
    texts = text_cells(workbook)
    assert_written_as_text(texts, [*NASTY[:5], "=县市场监管局"])
    description = next(text for text in texts if text.startswith("=== 窗口无人值守 ===\n"))
    # Word's vertical tab became a line break; tab, line feed and carriage return stay as line breaks or tabs;
    # the characters a workbook cannot hold are gone, and nothing else is lost.
    assert description == "=== 窗口无人值守 ===\n第一行\n第二行(Word 粘贴的换行)\t\n\n\n\n结束"


def test_every_control_character_from_nul_on_is_written_cleaned_by_the_sheet_writer():
    stream = BytesIO()
    columns = [Column("描述", 30, wrap=True), Column("数", 6, kind="int")]
    rows = [("".join(chr(code) for code in range(0x20)) + "=A1", 1), ("@SUM(A1)", 2)]
    assert write_workbook(stream, [Sheet("表\x07[1]", "=标题", "-副标题", columns, rows)]) == 2
    sheet = load_workbook(BytesIO(stream.getvalue())).worksheets[0]
    assert sheet.title == "表 1"
    assert [cell.value for cell in sheet["A"]] == ["=标题", "-副标题", "描述", "\t\n\n\n\n=A1", "@SUM(A1)"]
    assert {cell.data_type for cell in sheet["A"]} == {"s"} and sheet["B4"].value == 1
    assert [bool(cell.quotePrefix) for cell in sheet["A"]] == [True, True, False, False, True]


def test_the_walkthrough_log_writes_the_walkers_text_as_text(client, scenario):
    client.login(username="staff", password=PASSWORD)
    workbook = download(client, reverse("reports:walkthrough_export"), {"campaign": scenario.a.pk})
    texts = text_cells(workbook)
    assert_written_as_text(texts, [NASTY[6] + NASTY[5], "=县市场监管局"])


def test_the_roster_export_writes_names_as_text(client, scenario):
    client.login(username="staff", password=PASSWORD)
    workbook = download(client, reverse("roster:export"))
    texts = text_cells(workbook)
    assert_written_as_text(texts, ["=walker()", NASTY[1], "=县市场监管局"])


def test_the_dashboard_export_writes_department_names_as_text(client, scenario):
    client.login(username="leader", password=PASSWORD)
    workbook = download(client, reverse("reports:dashboard_export"), {"campaign": scenario.a.pk})
    texts = text_cells(workbook)
    assert "=县市场监管局" in texts


def test_the_import_template_lists_departments_as_text(client, scenario):
    client.login(username="staff", password=PASSWORD)
    workbook = download(client, reverse("issues:issue_import_template"))
    assert "=县市场监管局" in text_cells(workbook)
