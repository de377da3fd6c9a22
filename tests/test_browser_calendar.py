"""In real Chromium: a hand-off deadline on a weekend is caught and the next working day offered in the field; an
administrator imports next year's holiday schedule through its preview and the year becomes complete."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from issues.models import CalendarDay, CalendarYear, Issue
from issues.workdays import work_calendar
from tests.browser import browser, log_in  # noqa: F401  (fixture)
from tests.factories import PASSWORD, make_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
DESK = {"width": 1366, "height": 900}


def test_a_weekend_hand_off_is_caught_and_the_next_working_day_offered(browser, live_server, users, org):  # noqa: F811
    calendar = work_calendar()
    saturday = next(day for day in (timezone.localdate() + datetime.timedelta(days=n) for n in range(3, 40))
                    if day.weekday() == 5 and not calendar.is_workday(day))
    monday = calendar.next_working_day(saturday)
    issue = make_issue(by=users["staff"], title="自助终端无法打印办理结果")
    context = browser.new_context(viewport=DESK, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}{issue.get_absolute_url()}")
    page.select_option("#id_hand_off-department", str(org.market.pk))
    page.fill("#id_hand_off-deadline", saturday.isoformat())
    with page.expect_navigation():
        page.click("form[action$='/steps/hand_off/'] button[type=submit]")
    warning = page.inner_text("#id_hand_off-deadline_error")
    assert f"{saturday.isoformat()}是周末,不是工作日" in warning and monday.isoformat() in warning
    assert page.input_value("#id_hand_off-deadline") == monday.isoformat()
    assert page.is_visible("#id_hand_off-keep_day_off")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hand-off-weekend-warning.png"), full_page=False)
    with page.expect_navigation():
        page.click("form[action$='/steps/hand_off/'] button[type=submit]")
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.FEEDBACK and issue.deadline == monday
    context.close()


def test_an_administrator_imports_next_years_schedule_through_its_preview(browser, live_server, db, tmp_path):  # noqa: F811
    User.objects.create_superuser("root", "root@example.gov.cn", PASSWORD)
    schedule = tmp_path / "2027.csv"
    schedule.write_text("日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-06,放假,春节\n2027-02-08,放假,春节\n"
                        "2027-02-20,上班,春节\n", encoding="utf-8")
    context = browser.new_context(viewport=DESK, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/issues/calendaryear/")
    with page.expect_navigation():
        page.click("text=导入年度放假安排")
    page.fill("#id_year", "2027")
    page.set_input_files("#id_file", str(schedule))
    with page.expect_navigation():
        page.click("input[value='上传并预览']")
    preview = page.inner_text("[data-testid=import-preview]")
    assert "2027年 放假3天,调休上班1天" in preview and "新增4天" in preview
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "calendar-import-preview.png"), full_page=True)
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    with page.expect_navigation():
        page.click("input[value='确认导入并标记该年度完整']")
    assert "已导入2027年节假日安排(4天)并确认该年度完整" in page.inner_text("body")
    assert CalendarYear.objects.get(year=2027).is_complete
    assert CalendarDay.objects.filter(date__year=2027).count() == 4
    context.close()
