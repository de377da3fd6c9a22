"""The slice in real Chromium, phone-sized: log a reverse walkthrough with a finding, hand it off, export."""

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from issues.models import Issue
from tests.browser import WALKTHROUGH_RECORD, browser, log_in  # noqa: F401  (fixture)
from tests.factories import PASSWORD, CampaignFactory, ServiceItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PHONE = {"width": 375, "height": 812}


def test_a_reverse_walkthrough_logged_on_a_phone_reaches_the_exported_ledger(browser, live_server, org, users):  # noqa: F811
    CampaignFactory(theme="我陪群众走流程")
    ServiceItemFactory(name="临时占用城市道路审批", department=org.market)
    ARTIFACTS.mkdir(exist_ok=True)

    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server, "walker", PASSWORD)
    page.goto(f"{live_server.url}/walkthroughs/new/")
    page.select_option("#id_mode", "reverse")
    assert page.is_visible("#id_complaint_reference") and not page.is_visible("#id_window_number")
    occurred = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_occurred_at", occurred)
    page.select_option("#id_department", label="县市场监管局")
    page.select_option("#id_service_items", label="临时占用城市道路审批")
    page.select_option("#id_complaint_source", "hotline_12345")
    page.fill("#id_complaint_reference", "12345-2026-08812")
    page.fill("#id_complaint_text", "材料不全被退回,跑了两趟")
    page.fill("#id_blocking_point", "容缺受理清单未在窗口公示")
    page.fill("#id_findings-0-title", "容缺受理清单未公示")
    page.select_option("#id_findings-0-category", "service_guide")
    page.screenshot(path=str(ARTIFACTS / "walkthrough-form-375.png"), full_page=True)
    page.click("button[name=submit]")
    page.wait_for_url(WALKTHROUGH_RECORD)
    issue = Issue.objects.get()
    assert page.locator("#session-findings").inner_text().find(issue.number) >= 0
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = desk.new_page()
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}{issue.get_absolute_url()}")
    page.select_option("#id_hand_off-department", label="县市场监管局")
    page.fill("#id_hand_off-deadline", (timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    page.fill("#id_hand_off-note", "请于7个工作日内整改")
    page.click("#step-hand_off button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=issue-stage]") == "反馈交办"
    assert "体验发现 → 反馈交办" in page.inner_text("#issue-timeline")

    page.goto(f"{live_server.url}/issues/")
    assert issue.number in page.inner_text("table")
    with page.expect_download() as download_info:
        page.click("text=导出Excel")
    download = download_info.value
    assert download.suggested_filename.startswith("整改台账-") and download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(BytesIO(Path(download.path()).read_bytes())).active
    stage_column = [cell.value for cell in sheet[3]].index("当前环节") + 1  # the 台账's fixed column list
    assert [sheet.cell(4, 2).value, sheet.cell(4, stage_column).value] == [issue.number, "反馈交办"]
    desk.close()
