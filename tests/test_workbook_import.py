"""Imports survive the files county staff really have: a wrong sheet size from WPS, dates in a Chinese number
format or typed the Chinese way, the same 12345 ticket typed differently, old .xls — and every problem of
every row is listed at once."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Official
from issues.importing import COLUMNS, read_issue_workbook
from issues.models import Issue
from spreadsheets.dates import parse_date
from tests.factories import PASSWORD, make_issue
from tests.workbook_files import (
    upload,
    with_builtin_chinese_date_format,
    with_dimension,
    xls_bytes,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
FOUND = TODAY - datetime.timedelta(days=3)
HEADERS = [f"{c.header}*" if c.required else str(c.header) for c in COLUMNS]
ROSTER_HEADER = ["姓名*", "单位*", "职务", "层级*", "联系电话", "在册"]


def read_whole_tree(file, **options):
    """The workbook read by someone whose scope is the whole tree (as center staff of the one-county test tree)."""
    reader, _created = User.objects.get_or_create(username="importer", defaults={"is_superuser": True})
    return read_issue_workbook(file, reader=reader, **options)


def issue_row(reference, *, found=FOUND, **overrides):
    row = {"问题来源": "12345热线", "来源单号": reference, "问题标题": f"工单{reference}反映的问题",
           "问题类别": "工作作风", "责任单位": "县市场监管局", "发现日期": found}
    row.update(overrides)
    return [row.get(header.rstrip("*")) for header in HEADERS]


def issue_sheet(*rows):
    return [HEADERS, *rows]


# ── the declared sheet size ────────────────────────────────────────────────────────────────────────────────────

def test_a_wps_file_declaring_fewer_rows_and_columns_than_it_has_is_read_whole(org):
    content = xlsx_bytes(issue_sheet(*(issue_row(f"GD-{n}") for n in range(1, 6))), sheet_title="问题清单")
    wps = with_dimension(content, "A1:C3")  # claims 3 rows and 3 columns; the sheet has 6 rows and 14 columns
    result = read_whole_tree(upload(wps, "12345.xlsx"))
    assert result.errors == []
    assert [row["source_reference"] for row in result.rows] == ["GD-1", "GD-2", "GD-3", "GD-4", "GD-5"]
    assert {row["discovered_on"] for row in result.rows} == {FOUND}


def test_a_wps_roster_with_a_wrong_dimension_imports_every_person(client, org, users):
    rows = [ROSTER_HEADER, *([f"干部{n}", "县市场监管局", "科员", "股室负责人", f"1390000100{n}", "是"]
                             for n in range(5))]
    wps = with_dimension(xlsx_bytes(rows, sheet_title="名册"), "A1:B2")  # 层级 lies outside what it claims
    client.login(username="staff", password=PASSWORD)
    response = client.post(reverse("roster:import"), {"workbook": upload(wps, "名册.xlsx")}, follow=True)
    assert "导入完成:新增5人" in response.content.decode()
    assert Official.objects.filter(name__startswith="干部", phone__startswith="1390000100").count() == 5


# ── dates ──────────────────────────────────────────────────────────────────────────────────────────────────────

def test_a_date_cell_in_the_builtin_chinese_format_is_read_as_its_date(org):
    content = xlsx_bytes(issue_sheet(issue_row("GD-1", found=datetime.date(2026, 11, 2))), sheet_title="问题清单")
    chinese = with_builtin_chinese_date_format(content)
    result = read_whole_tree(upload(chinese, "12345.xlsx"), today=datetime.date(2026, 11, 30))
    assert result.errors == [] and result.rows[0]["discovered_on"] == datetime.date(2026, 11, 2)


@pytest.mark.parametrize("typed", [
    "2026-11-02", "2026-11-2", "2026/11/2", "2026/11/02", "2026.11.2", "2026年11月2日", "2026年11月02日",
    "2026年11月2号", " 2026 年 11 月 2 日 ", "２０２６年１１月２日", "２０２６－１１－０２", "20261102",
    "2026-11-02 00:00:00", "2026/11/2 9:30", "二〇二六年十一月二日", 46328, 46328.0, "46328", 20261102,
])
def test_dates_are_read_in_every_form_people_write_them(typed):
    assert parse_date(typed) == datetime.date(2026, 11, 2)


@pytest.mark.parametrize("typed", ["2026-02-30", "2026年13月1日", "明天", "11/2", "0", True, -5])
def test_what_is_not_a_date_is_refused_with_the_forms_to_use(typed):
    with pytest.raises(ValueError, match="不是有效的日期,请写成如 2026-03-15 或 2026年3月15日"):
        parse_date(typed)


def test_typed_chinese_dates_import(org):
    rows = issue_sheet(issue_row("GD-1", found="2026年11月2日"), issue_row("GD-2", found="2026.11.2"),
                       issue_row("GD-3", found="2026/11/2", 整改时限="2026年11月30日"))
    result = read_whole_tree(upload(xlsx_bytes(rows), "12345.xlsx"), today=datetime.date(2026, 11, 30))
    assert result.errors == []
    assert [row["discovered_on"] for row in result.rows] == [datetime.date(2026, 11, 2)] * 3
    assert result.rows[2]["deadline"] == datetime.date(2026, 11, 30)


# ── the same ticket typed differently ─────────────────────────────────────────────────────────────────────────

def test_one_ticket_written_in_another_case_with_spaces_or_full_width_is_a_duplicate(org, users):
    existing = make_issue(by=users["staff"], source="hotline_12345", source_reference="GD-2026-001")
    existing.refresh_from_db()
    rows = issue_sheet(issue_row("Ab 12"), issue_row("aB12"), issue_row("ＡＢ１２"), issue_row("gd-2026-001 "),
                       issue_row("ＧＤ－２０２６－００１"))
    result = read_whole_tree(upload(xlsx_bytes(rows), "12345.xlsx"))
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "与第2行的来源单号重复"), (4, "与第2行的来源单号重复"),
        (5, f"该单号已登记为台账{existing.number}"), (6, "与第5行的来源单号重复"),
    ]


def test_the_database_refuses_the_same_ticket_typed_differently(org, users):
    make_issue(by=users["staff"], source="hotline_12345", source_reference="GD-2026-001")
    twin = Issue(source="hotline_12345", source_reference=" ｇｄ-2026-001", title="同一工单", year=2026, sequence=99,
                 discovered_on=TODAY, created_by=users["staff"])
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    other_source = Issue(source="review", source_reference="GD-2026-001", title="好差评的同号", year=2026,
                         sequence=100, discovered_on=TODAY, created_by=users["staff"])
    other_source.save()  # another source's numbering is its own
    assert Issue.objects.get(pk=other_source.pk).source_reference_key == "gd-2026-001"


def test_reporting_a_ticket_again_by_hand_names_the_line_it_is(client, org, users):
    existing = make_issue(by=users["staff"], source="hotline_12345", source_reference="GD-7")
    existing.refresh_from_db()
    from django.core.exceptions import ValidationError

    from issues.services import issue_report
    with pytest.raises(ValidationError, match=f"该单号已登记为台账{existing.number}"):
        issue_report(by=users["staff"], title="重复", discovered_on=TODAY, source="hotline_12345",
                     source_reference=" ｇｄ－７ ")


# ── every error of every row ──────────────────────────────────────────────────────────────────────────────────

def test_a_row_with_a_bad_deadline_and_a_duplicate_reference_shows_both(org):
    rows = issue_sheet(issue_row("GD-1"), issue_row("gd-1", 整改时限="下周", 问题类别="态度"))
    result = read_whole_tree(upload(xlsx_bytes(rows), "12345.xlsx"))
    assert sorted((e.row, e.column) for e in result.errors) == [(3, "整改时限"), (3, "来源单号"), (3, "问题类别")]
    assert result.rows == []


def roster_errors(client, rows, name="名册.xlsx", content=None):
    client.login(username="staff", password=PASSWORD)
    content = content or xlsx_bytes([ROSTER_HEADER, *rows], sheet_title="名册")
    response = client.post(reverse("roster:import"), {"workbook": upload(content, name)})
    if response.status_code == 302:
        return []  # imported
    return [(e.row, e.column, e.message) for e in response.context["reading"].errors]


def test_a_roster_row_shows_every_problem_it_has(client, org, users):
    errors = roster_errors(client, [
        ["张三", "县市场监管局", "科员", "股室负责人", "13900000001", ""],
        ["张三", "县市场监管局", "科员", "处长", "13900000001", "也许"],
    ])
    assert [(row, column) for row, column, _m in errors] == [(3, "层级"), (3, "在册"), (3, "姓名")]
    assert errors[2][2] == "与第2行是同一人,请删去重复的一行"
    assert not Official.objects.filter(name="张三").exists()


@pytest.mark.parametrize("phone", ["1390000", "12345678", "139000000011", "23900000001", "0731-123"])
def test_the_roster_import_refuses_a_phone_that_is_not_11_digits_or_a_landline_with_its_area_code(
    client, org, users, phone
):
    errors = roster_errors(client, [["李四", "县市场监管局", "", "股室负责人", phone, "是"]])
    assert errors == [(2, "联系电话", f"电话号码“{phone}”格式不对:手机号11位,或座机如0731-12345678")]


@pytest.mark.parametrize("phone, stored", [
    ("13900000001", "13900000001"), ("139-0000-0001", "13900000001"), ("+86 139 0000 0001", "13900000001"),
    ("0731-12345678", "0731-12345678"), (13900000001, "13900000001"),
])
def test_the_roster_import_keeps_good_phones(client, org, users, phone, stored):
    assert roster_errors(client, [["李四", "县市场监管局", "", "股室负责人", phone, "是"]]) == []
    assert Official.objects.get(name="李四").phone == stored


# ── old .xls ──────────────────────────────────────────────────────────────────────────────────────────────────

def test_an_old_xls_roster_is_imported_through_the_same_checks(client, org, users):
    rows = [ROSTER_HEADER, ["王五", "C0201", "股长", "股室负责人", 13900000005, "是"],
            ["赵六", "青石镇", "副镇长", "乡镇领导", "", "否"]]
    assert roster_errors(client, [], name="名册.xls", content=xls_bytes(rows, sheet_title="名册")) == []
    assert sorted(Official.objects.filter(name__in=["王五", "赵六"]).values_list(
        "name", "department__code", "phone", "is_active")) == [("王五", "C0201", "13900000005", True),
                                                               ("赵六", "C04", "", False)]
    bad = [ROSTER_HEADER, ["钱七", "C0201", "", "股室负责人", 1390000, "是"]]
    errors = roster_errors(client, [], name="名册.xls", content=xls_bytes(bad, sheet_title="名册"))
    assert errors == [(2, "联系电话", "电话号码“1390000”格式不对:手机号11位,或座机如0731-12345678")]


def test_an_old_xls_issue_list_is_imported_with_its_dates(client, org, users):
    content = xls_bytes(issue_sheet(issue_row("GD-1"), issue_row("GD-2", found="2026年11月2日")))
    result = read_whole_tree(upload(content, "12345.xls"), today=datetime.date(2026, 11, 30))
    assert result.errors == []
    assert [row["discovered_on"] for row in result.rows] == [FOUND, datetime.date(2026, 11, 2)]
    client.login(username="staff", password=PASSWORD)
    content = xls_bytes(issue_sheet(issue_row("GD-1"), issue_row("GD-2")))
    response = client.post(reverse("issues:issue_import"), {"file": upload(content, "12345.xls")})
    assert response.status_code == 302
    assert sorted(Issue.objects.values_list("source_reference", flat=True)) == ["GD-1", "GD-2"]


# ── the callback list goes through the same reader ───────────────────────────────────────────────────────────

CALLBACK_HEADER = ["回访日期", "办件编号", "办理事项", "窗口单位", "窗口", "回访结果", "是否投诉", "情况说明"]


@pytest.mark.parametrize("shape", ["wps", "xls"])
def test_a_callback_list_from_wps_or_old_excel_is_read_whole(org, users, shape):
    from callbacks.importing import read_callback_workbook

    rows = [CALLBACK_HEADER, *([FOUND, f"BJ{n}", "", "县市场监管局", "", "满意", "否", ""] for n in range(5)),
            ["2026年11月2日", " bj 0", "", "县市场监管局", "", "满意", "否", ""]]
    content = with_dimension(xlsx_bytes(rows), "A1:B2") if shape == "wps" else xls_bytes(rows)
    result = read_callback_workbook(upload(content, f"回访.{'xlsx' if shape == 'wps' else 'xls'}"),
                                    reader=users["staff"], today=datetime.date(2026, 11, 30))
    assert [(e.row, e.column, e.message) for e in result.errors] == [(7, "办件编号", "与第2行的办件编号重复")]
    rows[-1][1] = "BJ9"
    content = with_dimension(xlsx_bytes(rows), "A1:B2") if shape == "wps" else xls_bytes(rows)
    result = read_callback_workbook(upload(content, "回访.xlsx"), reader=users["staff"],
                                    today=datetime.date(2026, 11, 30))
    assert [row["called_on"] for row in result.rows] == [FOUND] * 5 + [datetime.date(2026, 11, 2)]


def test_the_key_migration_fills_every_line_in_batches_and_marks_an_older_twin(
    org, users, django_assert_max_num_queries, monkeypatch
):
    """issues.0007 fills the normalised key for lines entered before it, 1,000 rows per UPDATE (a province's
    million lines must not take one statement each); a second spelling of one ticket keeps a key marked with its
    id, so old data never stops the migration."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("issues.migrations.0007_reference_key_and_long_numbers")
    first = make_issue(by=users["staff"], source="hotline_12345", source_reference="GD-1")
    twin = make_issue(by=users["staff"], source="hotline_12345", source_reference="GD-9")
    others = [make_issue(by=users["staff"], source="review", source_reference=f"R {n}") for n in range(5)]
    # As before the migration: no keys, and the twin spelt like the first (the old constraint compared raw text).
    Issue.objects.update(source_reference_key="")
    Issue.objects.filter(pk=twin.pk).update(source_reference="ｇｄ-1")
    monkeypatch.setattr(migration, "BATCH", 2)
    with django_assert_max_num_queries(8):  # 7 lines: 4 reads/updates of 2, not 7 single updates + reads
        migration.fill_reference_keys(apps, None)
    keys = dict(Issue.objects.values_list("pk", "source_reference_key"))
    assert keys[first.pk] == "gd-1" and keys[twin.pk] == f"gd-1#{twin.pk}"
    assert [keys[o.pk] for o in others] == [f"r{n}" for n in range(5)]
