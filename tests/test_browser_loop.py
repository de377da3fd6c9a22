"""The whole loop in real Chromium: staff register a 12345 complaint and hand it off, the liaison (on a phone)
acknowledges, asks for more time and gets it, records the rectification with its 四减 and evidence; staff call
the citizen back and send it back; the liaison fixes it again and a leader closes it."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from issues.models import DeadlineExtension, Issue
from issues.workdays import work_calendar
from tests.browser import browser, log_in  # noqa: F401  (fixture)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESK = {"width": 1366, "height": 900}
PDF = {"name": "整改后照片.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\n"}


def session(browser, live_server, username, viewport):  # noqa: F811
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, username, PASSWORD)
    return context, page


def submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


def stage_of(page):
    return page.inner_text("#issue-status [data-testid=issue-stage]")


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_liaison_and_leader_carry_an_issue_round_the_loop(browser, live_server, org, users):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    today = timezone.localdate()

    # Staff register a complaint from the 12345 hotline and hand it off with the proposed deadline.
    staff_context, staff = session(browser, live_server, "staff", DESK)
    staff.goto(f"{live_server.url}/issues/")
    submit(staff, "text=登记问题")
    staff.select_option("#id_source", "hotline_12345")
    staff.fill("#id_source_reference", "GD-2026-31877")
    staff.fill("#id_title", "开办餐馆需分别到三个窗口提交相同材料")
    staff.fill("#id_description", "市民致电12345:食品经营许可、消防、环评各要一套材料")
    staff.select_option("#id_category", "data_sharing")
    staff.select_option("#id_severity", "major")
    staff.select_option("#id_department", label="县市场监管局")
    submit(staff, "#issue-report-form button[type=submit]")
    issue = Issue.objects.get()
    assert stage_of(staff) == "体验发现"
    proposed = work_calendar().working_days_after(today, 7)
    assert staff.input_value("#id_hand_off-deadline") == proposed.isoformat()
    assert "默认:7个工作日(较重)" in staff.inner_text("#step-hand_off")
    staff.fill("#id_hand_off-note", "请按期整改并上传佐证")
    submit(staff, "#step-hand_off button[type=submit]")
    assert stage_of(staff) == "反馈交办"

    # The liaison finds it among his department's tasks on his phone, acknowledges it and asks for more time.
    liaison_context, liaison = session(browser, live_server, "liaison", PHONE)
    liaison.goto(f"{live_server.url}/issues/mine/")
    assert "开办餐馆需分别到三个窗口" in liaison.inner_text("#department-tasks")
    assert "待您:签收" in liaison.inner_text("#department-tasks")
    submit(liaison, "#department-tasks [data-testid=task]")
    submit(liaison, "#step-acknowledge button[type=submit]")
    assert stage_of(liaison) == "整改中"
    liaison.click("#extension-request summary")
    wanted = proposed + datetime.timedelta(days=14)
    liaison.fill("#id_requested_deadline", wanted.isoformat())
    liaison.fill("#id_reason", "需与消防、环保部门协调共享材料")
    submit(liaison, "#extension-request button[type=submit]")
    assert "待中心审批" in liaison.inner_text("#pending-extension")

    # Staff approve the extension: the deadline moves and the timeline says so.
    staff.reload()
    staff.fill("#id_decision_note", "同意,跨部门协调确需时间")
    submit(staff, "#extension-decision button[value=approve]")
    assert wanted.isoformat() in staff.inner_text("[data-testid=issue-deadline]")
    assert "同意延期" in staff.inner_text("#issue-timeline")
    assert DeadlineExtension.objects.get().status == "approved"

    # The liaison records the rectification, its 四减 and evidence, and submits it.
    liaison.reload()
    submit(liaison, "#edit-rectification")
    liaison.fill("#id_measures", "三个窗口材料共享,一次提交")
    liaison.check("#id_long_term_rule")
    liaison.fill("#id_materials_before", "3")
    liaison.fill("#id_materials_after", "1")
    assert no_horizontal_scroll(liaison)
    submit(liaison, "#rectification-form button[type=submit]")
    liaison.click("#evidence-upload summary")
    liaison.set_input_files("#id_file", files=[PDF])
    liaison.fill("#id_description", "共享材料清单")
    submit(liaison, "#evidence-form button[type=submit]")
    assert "共享材料清单" in liaison.inner_text("#evidence-list")
    assert liaison.input_value("#id_submit-measures") == "三个窗口材料共享,一次提交"
    submit(liaison, "#step-submit button[type=submit]")
    assert stage_of(liaison) == "评价验收"

    # Staff call the citizen back, who is still unhappy: the rectification goes back.
    staff.reload()
    staff.fill("#id_callback_result", "回访群众:消防仍要求单独提交")
    submit(staff, "#callback-form button[type=submit]")
    assert "消防仍要求单独提交" in staff.inner_text("[data-testid=callback-record]")
    staff.select_option("#id_reject-evaluation", "dissatisfied")
    staff.fill("#id_reject-note", "消防环节未纳入共享")
    submit(staff, "#step-reject button[type=submit]")
    assert stage_of(staff) == "整改中"
    assert staff.inner_text("[data-testid=reopen-count]") == "退回整改1次"

    # The liaison fixes it again and resubmits.
    liaison.goto(f"{live_server.url}/issues/mine/")
    assert "退回整改1次" in liaison.inner_text("#department-tasks")
    submit(liaison, "#department-tasks [data-testid=task]")
    liaison.fill("#id_submit-measures", "三个窗口材料共享,消防纳入一次提交")
    submit(liaison, "#step-submit button[type=submit]")
    assert stage_of(liaison) == "评价验收"

    # A leader accepts it: closed.
    leader_context, leader = session(browser, live_server, "leader", DESK)
    leader.goto(f"{live_server.url}{issue.get_absolute_url()}")
    leader.select_option("#id_accept-evaluation", "satisfied")
    submit(leader, "#step-accept button[type=submit]")
    assert stage_of(leader) == "已销号"
    timeline = leader.inner_text("#issue-timeline")
    for expected in ("登记入账", "交办:体验发现 → 反馈交办", "签收:反馈交办 → 整改中", "申请延期", "同意延期",
                     "四减·减材料(份)", "上传佐证材料", "退回整改:评价验收 → 整改中", "验收销号:评价验收 → 已销号",
                     "评价结果:不满意 → 满意"):
        assert expected in timeline, expected
    issue.refresh_from_db()
    assert (issue.stage, issue.evaluation, issue.deadline, issue.long_term_rule) == (
        "closed", "satisfied", wanted, True
    )
    assert list(issue.events.values_list("to_stage", flat=True)) == [
        "experience", "feedback", "rectification", "evaluation", "rectification", "evaluation", "closed"
    ]

    # The pages at phone and desktop width: no sideways scrolling, screenshots to look at.
    for name, page in {"375": liaison, "desktop": leader}.items():
        page.goto(f"{live_server.url}{issue.get_absolute_url()}")
        assert no_horizontal_scroll(page)
        page.screenshot(path=str(ARTIFACTS / f"issue-page-{name}.png"), full_page=True)
        page.goto(f"{live_server.url}/issues/")
        assert issue.number in page.inner_text("#issue-table")
        assert no_horizontal_scroll(page)
        page.screenshot(path=str(ARTIFACTS / f"ledger-list-{name}.png"), full_page=True)
    for context in (staff_context, liaison_context, leader_context):
        context.close()
