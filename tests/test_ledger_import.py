"""Issues from other sources in bulk from .xlsx: the template round-trips, every bad row is reported with its row,
column and reason, and one bad row means nothing is written."""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from issues.importing import COLUMNS, read_issue_workbook
from issues.models import Issue, IssueEvent
from tests.factories import PASSWORD, ServiceItemFactory, make_issue

pytestmark = pytest.mark.django_db
HEADERS = [f"{c.header}*" if c.required else str(c.header) for c in COLUMNS]
TODAY = timezone.localdate()


def read_whole_tree(file, **options):
    """The workbook read by someone whose scope is the whole tree (as center staff of the one-county test tree)."""
    reader, _created = User.objects.get_or_create(username="importer", defaults={"is_superuser": True})
    return read_issue_workbook(file, reader=reader, **options)


def good_row(**overrides):
    row = {
        "问题来源": "12345热线", "来源单号": "GD-2026-1001", "问题标题": "不动产登记电话长期无人接听",
        "问题描述": "群众反映咨询电话打不通", "问题类别": "工作作风", "严重程度": "较重", "涉及事项": "",
        "责任单位": "县市场监管局", "责任人": "王强", "发现日期": TODAY - datetime.timedelta(days=3),
        "整改时限": "", "立行立改": "否", "建章立制": "是", "备注": "",
    }
    row.update(overrides)
    return row


def workbook_upload(rows, headers=HEADERS, name="问题导入.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header.rstrip("*"), "") for header in headers])
    stream = BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile(name, stream.getvalue())


def post_import(client, upload):
    client.login(username="staff", password=PASSWORD)
    return client.post(reverse("issues:issue_import"), {"file": upload})


def test_a_clean_workbook_becomes_numbered_ledger_lines_at_experience(client, org, users):
    item = ServiceItemFactory(code="330100-001", name="食品经营许可", department=org.market)
    rows = [good_row(), good_row(**{"来源单号": "", "问题来源": "好差评", "问题标题": "食品许可材料重复提交",
                                    "涉及事项": "330100-001", "责任单位": "C0201", "严重程度": "",
                                    "立行立改": "是", "整改时限": (TODAY + datetime.timedelta(days=9)).isoformat()})]
    response = post_import(client, workbook_upload(rows))
    assert response.status_code == 302 and response["Location"].endswith("?stage=experience")
    first, second = Issue.objects.order_by("sequence")
    assert (first.source, first.source_reference, first.severity, first.department, first.long_term_rule) == (
        "hotline_12345", "GD-2026-1001", "major", org.market, True
    )
    assert (second.source, second.service_item, second.department, second.severity, second.fixed_on_spot) == (
        "review", item, org.market_unit, "minor", True
    )
    assert second.deadline == TODAY + datetime.timedelta(days=9)
    assert {issue.stage for issue in (first, second)} == {"experience"}
    assert IssueEvent.objects.filter(actor=users["staff"], to_stage="experience").count() == 2
    assert first.history.get().history_user == users["staff"]


def test_the_downloaded_template_filled_in_imports(client, org, users):
    client.login(username="staff", password=PASSWORD)
    response = client.get(reverse("issues:issue_import_template"))
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook["问题清单"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert workbook.sheetnames == ["问题清单", "填写说明", "可填单位和事项"]
    assert "县市场监管局" in [cell.value for cell in workbook["可填单位和事项"]["A"]]
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert "12345热线" in lists["A2"] and "走流程" not in lists["A2"]
    sheet.append([good_row()[header.rstrip("*")] for header in HEADERS])
    stream = BytesIO()
    workbook.save(stream)
    response = post_import(client, SimpleUploadedFile("filled.xlsx", stream.getvalue()))
    assert response.status_code == 302 and Issue.objects.count() == 1


REJECTIONS = [
    ({"问题标题": ""}, "问题标题", "必填,不能空白"),
    ({"问题来源": "走流程"}, "问题来源", "“走流程”不是可选的问题来源"),
    ({"问题来源": "微博"}, "问题来源", "可填:12345热线、好差评"),
    ({"问题类别": "态度"}, "问题类别", "“态度”不是可选的问题类别"),
    ({"严重程度": "很严重"}, "严重程度", "不是可选的严重程度"),
    ({"发现日期": "2026-13-45"}, "发现日期", "不是有效的日期,请写成如 2026-03-15"),
    ({"发现日期": TODAY + datetime.timedelta(days=1)}, "发现日期", "发现日期不能晚于今天"),
    ({"整改时限": TODAY - datetime.timedelta(days=30)}, "整改时限", "整改时限不能早于发现日期"),
    ({"责任单位": "县教育局"}, "责任单位", "本辖区没有名称或编码为“县教育局”的单位"),
    ({"涉及事项": "不存在的事项"}, "涉及事项", "系统中没有名称或编码为“不存在的事项”的事项"),
    ({"立行立改": "也许"}, "立行立改", "请填“是”或“否”"),
    ({"问题标题": "长" * 201}, "问题标题", "不能超过200个字"),
]


@pytest.mark.parametrize("overrides, column, reason", REJECTIONS, ids=[r[2] for r in REJECTIONS])
def test_each_bad_cell_is_reported_with_row_column_and_reason_and_nothing_is_imported(
    client, org, users, overrides, column, reason
):
    rows = [good_row(), good_row(**{"来源单号": "GD-2", **overrides}), good_row(**{"来源单号": "GD-3"})]
    response = post_import(client, workbook_upload(rows))
    page = response.content.decode()
    assert response.status_code == 400
    error_rows = page.split('id="import-errors"')[1].split("</table>")[0]
    assert f"<td>第3行</td><td>{column}</td><td>" in error_rows and reason in error_rows
    assert "第2行" not in error_rows and "第4行" not in error_rows  # good rows are not blamed
    assert "未导入任何问题" in page
    assert not Issue.objects.exists() and not IssueEvent.objects.exists()


def test_every_bad_row_is_listed_at_once(org, users):
    rows = [
        good_row(**{"问题标题": ""}),
        good_row(**{"来源单号": "GD-2"}),
        good_row(**{"来源单号": "GD-3", "问题类别": "x"}),
    ]
    result = read_whole_tree(workbook_upload(rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "问题标题"), (4, "问题类别")]
    assert result.rows == []


def test_the_same_ticket_twice_in_a_file_or_already_in_the_ledger_is_refused(client, org, users):
    existing = make_issue(by=users["staff"], source="hotline_12345", source_reference="GD-OLD")
    existing.refresh_from_db()
    rows = [good_row(), good_row(), good_row(**{"来源单号": "GD-OLD"})]
    result = read_whole_tree(workbook_upload(rows))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "来源单号", "与第2行的来源单号重复"),
        (4, "来源单号", f"该单号已登记为台账{existing.number}"),
    ]
    assert Issue.objects.count() == 1


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("ledger.xlsx", b"not a workbook at all"), "请上传用Excel或WPS保存的工作簿"),
        (SimpleUploadedFile("ledger.csv", b"a,b"), "请上传用Excel或WPS保存的工作簿"),
        (SimpleUploadedFile("ledger.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64), "无法读取该文件"),
        (workbook_upload([]), "文件中没有要导入的问题"),
        (workbook_upload([good_row()], headers=[h for h in HEADERS if h != "问题标题*"]), "缺少这一必填列"),
        (workbook_upload([good_row()], headers=[*HEADERS, "联系电话"]), "无法识别的列"),
    ],
    ids=["not-xlsx-content", "wrong-extension", "damaged-xls", "empty", "missing-column", "unknown-column"],
)
def test_a_file_that_cannot_be_read_as_the_template_is_refused_whole(client, org, users, upload, message):
    response = post_import(client, upload)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Issue.objects.exists()


def test_a_row_that_fails_while_writing_rolls_back_the_rows_before_it(org, users, monkeypatch):
    from django.core.exceptions import ValidationError

    from issues import services

    real_report = services.issue_report
    calls = []

    def fail_on_second(**row):
        calls.append(row)
        if len(calls) == 2:
            raise ValidationError("boom")
        return real_report(**row)

    monkeypatch.setattr(services, "issue_report", fail_on_second)
    rows = read_whole_tree(workbook_upload([good_row(), good_row(**{"来源单号": "GD-2"})])).rows
    with pytest.raises(ValidationError):
        services.issue_import(by=users["staff"], rows=rows)
    assert not Issue.objects.exists()


@pytest.mark.parametrize("who", ["leader", "liaison", "walker"])
def test_only_center_staff_may_import(client, users, who):
    client.login(username=users[who].username, password=PASSWORD)
    assert client.get(reverse("issues:issue_import")).status_code == 403
    assert client.get(reverse("issues:issue_import_template")).status_code == 403
