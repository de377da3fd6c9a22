"""The workbooks superiors get, read back cell by cell: the 整改台账, the walkthrough log and the dashboard tables."""

import datetime
from io import BytesIO
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import PASSWORD
from tests.reports_scenario import D, build_scenario

pytestmark = pytest.mark.django_db

LEDGER_HEADERS = [  # the README's "The 整改台账 columns", in order
    "序号", "台账编号", "所属活动", "类型", "问题来源", "走流程方式", "涉及事项", "发现日期", "问题类别", "问题描述",
    "责任单位", "责任人", "整改措施", "立行立改/建章立制", "四减成效(压减前→后)", "整改时限", "当前环节", "是否超期",
    "退回整改次数", "督办次数", "同类发现次数", "完成日期", "评价结果", "备注",
]
COLUMN = {header: index for index, header in enumerate(LEDGER_HEADERS)}


@pytest.fixture
def scenario(org, users):
    return build_scenario(org, users)


def download(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, load_workbook(BytesIO(content))


def body(sheet, first=4):
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=first)]


def test_the_ledger_is_written_as_superiors_ask_header_order_dates_and_print_setup(client, scenario, users):
    client.login(username="leader", password=PASSWORD)
    response, workbook = download(client, reverse("reports:ledger_export"), {"campaign": scenario.a.pk})
    sheet = workbook["整改台账"]
    today = timezone.localdate()
    assert sheet["A1"].value == "我陪群众走流程问题整改台账"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:X1", "A2:X2"}
    assert sheet["A2"].value == f"活动期间:2025-03-01至2025-06-30;导出日期:{today.isoformat()}"
    assert [c.value for c in sheet[3]] == LEDGER_HEADERS
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == "A3:X9"
    assert sheet.print_title_rows == "$1:$3"
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.column_dimensions["J"].width == 38 and sheet.column_dimensions["A"].width == 6

    issues = scenario.issues
    i1, i3 = issues.i1, issues.i3
    rows = body(sheet)
    assert [row[1] for row in rows] == [i.number for i in (i1, issues.i2, i3, issues.i4, issues.i5, issues.i6)]
    first = next(row for row in rows if row[1] == i1.number)
    line = {header: first[index] for header, index in COLUMN.items()}
    assert [line[h] for h in ("所属活动", "类型", "问题来源", "走流程方式", "涉及事项")] == [
        "我陪群众走流程", "问题", "走流程", "模拟走流程", None
    ]
    assert [line[h] for h in ("问题类别", "问题描述", "责任单位", "责任人")] == [
        "办理时限", "I1 办理时限过长", "县市场监管局", None
    ]
    assert [line[h] for h in ("立行立改/建章立制", "四减成效(压减前→后)", "退回整改次数")] == [
        "立行立改", "减环节(个):4→3\n减时限(工作日):5→2", 0
    ]
    assert [line[h] for h in ("当前环节", "是否超期", "完成日期", "评价结果")] == [
        "已销号", "否", datetime.datetime(2025, 4, 8), "非常满意"
    ]
    assert line["发现日期"] == datetime.datetime(2025, 4, 3) and line["整改时限"] == datetime.datetime(2025, 4, 23)
    second = next(row for row in rows if row[1] == issues.i2.number)
    assert (second[COLUMN["立行立改/建章立制"]], second[COLUMN["退回整改次数"]]) == ("建章立制", 1)
    overdue = next(row for row in rows if row[1] == i3.number)
    assert [overdue[COLUMN[h]] for h in ("当前环节", "是否超期", "完成日期")] == ["整改中", "是", None]
    row_of_i1 = 4 + rows.index(first)
    date_column = COLUMN["发现日期"] + 1
    assert sheet.cell(row_of_i1, date_column).is_date
    assert sheet.cell(row_of_i1, date_column).number_format == "yyyy-mm-dd"
    assert sheet.cell(row_of_i1, COLUMN["问题描述"] + 1).alignment.wrap_text is True
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5, 6]  # 序号 counts the rows


def test_the_ledger_counts_each_lines_urgings_and_the_walkers_who_met_it_too(client, scenario, users):
    from issues.duplicates import sighting_record
    from issues.handling import issue_urge

    open_issue = scenario.issues.i3
    issue_urge(issue=open_issue, by=users["leader"], note="请本周内整改到位")
    issue_urge(issue=open_issue, by=users["staff"], note="再次督办")
    sighting_record(issue_pk=open_issue.pk, by=users["staff"], note="我也遇到")
    client.login(username="staff", password=PASSWORD)
    _, workbook = download(client, reverse("reports:ledger_export"))
    rows = {row[1]: row for row in body(workbook.active)}
    line = rows[open_issue.number]
    assert (line[COLUMN["督办次数"]], line[COLUMN["同类发现次数"]]) == (2, 1)
    untouched = rows[scenario.issues.i1.number]
    assert (untouched[COLUMN["督办次数"]], untouched[COLUMN["同类发现次数"]]) == (0, 0)


def test_the_ledger_rows_are_the_list_filters_rows_in_number_order(client, scenario, users):
    client.login(username="staff", password=PASSWORD)
    _, workbook = download(client, reverse("reports:ledger_export"), {"campaign": scenario.a.pk, "stage": "closed"})
    numbers = [row[1] for row in body(workbook.active)]
    issues = scenario.issues
    assert numbers == sorted([issues.i1.number, issues.i2.number, issues.i6.number])
    assert [row[0] for row in body(workbook.active)] == [1, 2, 3]


def test_the_ledger_honours_the_list_filters_by_date_overdue_and_department(client, scenario, users, org):
    client.login(username="staff", password=PASSWORD)
    _, workbook = download(client, reverse("reports:ledger_export"), {"overdue": "true"})
    assert sorted(row[1] for row in body(workbook.active)) == sorted(
        [scenario.issues.i3.number, scenario.issues.i8.number]
    )
    _, workbook = download(client, reverse("reports:ledger_export"), {
        "department": org.market.pk, "discovered_on_min": "2025-04-02", "discovered_on_max": "2025-04-03",
        "discovered_on_after": "2025-04-02", "discovered_on_before": "2025-04-03",
    })
    assert sorted(row[1] for row in body(workbook.active)) == sorted(
        [scenario.issues.i1.number, scenario.issues.i7.number]
    )
    assert "发现日期:2025-04-02至2025-04-03" in workbook.active["A2"].value
    assert "责任单位:县市场监管局(含下属单位)" in workbook.active["A2"].value


def test_a_liaison_exports_his_departments_rows_only_whatever_he_asks_for(client, scenario, users, org):
    client.login(username="liaison", password=PASSWORD)
    # Another department, picked by id, is a wrong filter: back to the ledger with no workbook at all.
    response = client.get(reverse("reports:ledger_export"), {"department": org.police.pk}, follow=True)
    assert response.redirect_chain == [(f"{reverse('issues:issue_list')}?department={org.police.pk}", 302)]
    assert "筛选条件有误,未导出:责任单位(含下属)" in response.content.decode()
    _, workbook = download(client, reverse("reports:ledger_export"))
    issues = scenario.issues
    assert sorted(row[1] for row in body(workbook.active)) == sorted(
        [issues.i1.number, issues.i2.number, issues.i3.number, issues.i7.number]
    )


def test_the_file_name_is_chinese_in_rfc_5987_form(client, scenario, users):
    client.login(username="leader", password=PASSWORD)
    response, _ = download(client, reverse("reports:ledger_export"))
    name = f"整改台账-{timezone.localdate():%Y%m%d}.xlsx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def test_the_walkthrough_log_lists_the_sessions_of_the_list_filter(client, scenario, users):
    client.login(username="staff", password=PASSWORD)
    response, workbook = download(client, reverse("reports:walkthrough_export"), {"campaign": scenario.a.pk})
    sheet = workbook["走流程记录"]
    assert sheet["A1"].value == "我陪群众走流程走流程记录表"
    assert [c.value for c in sheet[3]][:11] == [
        "序号", "活动", "体验时间", "走流程方式", "渠道", "体验单位", "体验事项", "带队人员", "同行人员", "是否预告",
        "体验对象",
    ]
    rows = body(sheet)
    assert [row[3] for row in rows] == ["模拟走流程", "陪伴走流程", "坐窗走流程", "模拟走流程"]  # with S4, a draft
    assert rows[0][2] == datetime.datetime(2025, 3, 31, 10, 0) and sheet["C4"].number_format == "yyyy-mm-dd hh:mm"
    assert rows[0][7:10] == ["市场局长", "walker", "不预告"] and rows[0][17] == 2  # I1 and I2 were found there
    assert rows[2][8] == "市场局长"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")


def test_a_liaison_exports_only_the_sessions_he_may_read(client, scenario, users):
    client.login(username="liaison", password=PASSWORD)
    _, workbook = download(client, reverse("reports:walkthrough_export"), {"campaign": scenario.a.pk})
    assert [row[5] for row in body(workbook.active)] == ["县市场监管局", "县市场监管局登记注册股"]


def test_the_dashboard_workbook_has_the_headline_and_each_table_on_its_own_sheet(client, scenario, users):
    client.login(username="leader", password=PASSWORD)
    response, workbook = download(client, reverse("reports:dashboard_export"), {"campaign": scenario.a.pk})
    assert workbook.sheetnames == [
        "总体情况", "问题与意见建议", "问题来源分布", "各层级人员参与情况", "各部门整改情况", "问题类别分布",
        "月度趋势", "问题所处环节",
    ]
    headline = {row[0]: row[1] for row in body(workbook["总体情况"])}
    found = headline["发现问题和意见建议(个)"]
    assert (headline["开展走流程(次)"], headline["其中:坐窗走流程(次)"], found) == (3, 1, 6)
    assert (headline["整改率(%)"], headline["平均整改用时(工作日)"], headline["减费用(元)"]) == (50, 4, 100.5)
    assert headline["参与率(%)"] == 66.7
    departments = workbook["各部门整改情况"]
    assert [c.value for c in departments[3]] == ["排名", "责任单位", "发现问题", "已整改", "超期未整改", "整改率"]
    assert body(departments)[0] == [1, "县市场监管局", 3, 2, 1, pytest.approx(0.667)]
    assert departments["F4"].number_format == "0.0%"
    assert body(workbook["月度趋势"]) == [["2025年3月", 1, 0, 0], ["2025年4月", 2, 6, 3]]
    assert "统计范围:在“我陪群众走流程”活动中" in departments["A2"].value


def test_a_bad_dashboard_filter_is_not_exported_but_sent_back_to_the_form(client, users):
    client.login(username="leader", password=PASSWORD)
    response = client.get(reverse("reports:dashboard_export"), {"date_from": "2025-05-01", "date_to": "2025-04-01"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("reports:dashboard"))


def test_an_anonymous_visitor_cannot_export(client, scenario):
    response = client.get(reverse("reports:ledger_export"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dates_in_the_workbook_are_excel_dates_not_text(client, scenario, users):
    client.login(username="leader", password=PASSWORD)
    _, workbook = download(client, reverse("reports:ledger_export"), {"campaign": scenario.a.pk, "stage": "closed"})
    sheet = workbook.active
    for header in ("发现日期", "整改时限", "完成日期"):
        for row in range(4, sheet.max_row + 1):
            cell = sheet.cell(row, COLUMN[header] + 1)
            assert cell.is_date and isinstance(cell.value, datetime.datetime)
    closed = COLUMN["完成日期"] + 1
    assert {sheet.cell(r, closed).value.date() for r in range(4, 7)} == {D(2025, 4, 8), D(2025, 4, 15), D(2025, 4, 11)}


def test_the_dashboards_export_buttons_carry_its_filter_to_the_ledger_and_the_walkthrough_log(client, scenario, users):
    client.login(username="leader", password=PASSWORD)
    page = client.get(reverse("reports:dashboard"), {"campaign": scenario.a.pk}).content.decode()
    assert f'href="{reverse("reports:ledger_export")}?campaign={scenario.a.pk}"' in page
    walkthrough_log = f'{reverse("reports:walkthrough_export")}?campaign={scenario.a.pk}&amp;status=submitted'
    assert f'href="{walkthrough_log}"' in page
    _, workbook = download(client, walkthrough_log.replace("&amp;", "&"))
    assert len(body(workbook.active)) == 3  # the draft S4 is not in the dashboard's count, nor in this log
