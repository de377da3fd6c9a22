"""In the hall, in real Chromium on a 375 px phone: a walkthrough timed step by step (and resumed after the page
was lost), a draft written offline with a photo and sent once when back online, a similar-issue hint answered with
"me too", and staff merging a duplicate."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import WalkthroughAttachment, WalkthroughSession
from issues.models import Issue, IssueSighting
from tests.browser import WALKTHROUGH_RECORD, browser, log_in  # noqa: F401  (fixture)
from tests.factories import PASSWORD, CampaignFactory, ServiceItemFactory, make_issue
from tests.test_browser_walkthrough import ARTIFACTS, PHONE, PNG, fill_reverse_walkthrough, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hall(org, users):
    campaign = CampaignFactory(theme="我陪群众走流程")
    campaign.departments.set([org.market, org.police])
    ServiceItemFactory(name="临时占用城市道路审批", department=org.market)
    ARTIFACTS.mkdir(exist_ok=True)
    return campaign


def phone_page(browser, live_server, username):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, username, PASSWORD)
    return context, page


def test_a_walkthrough_timed_step_by_step_survives_a_lost_page(browser, live_server, hall):  # noqa: F811
    context, page = phone_page(browser, live_server, "walker")
    page.clock.install(time=timezone.now() - datetime.timedelta(hours=1))
    page.goto(f"{live_server.url}/walkthroughs/new/")
    assert page.is_visible("#stopwatch-start") and not page.is_visible("#stopwatch-next")
    page.click("#stopwatch-start")  # 取号
    assert page.inner_text("#stopwatch-current") == "取号"
    page.clock.fast_forward("02:00")
    page.click("#stopwatch-next")  # 排队
    assert page.inner_text("#stopwatch-current") == "排队"
    # The phone is put away for 25 minutes and the tab is lost: the times are moments, not a running counter.
    page.clock.fast_forward("25:00")
    page.reload()
    assert page.inner_text("#stopwatch-current") == "排队"
    assert page.inner_text("#stopwatch-elapsed").startswith("25:")
    page.click("#stopwatch-next")  # 咨询
    page.clock.fast_forward("05:00")
    page.click("#stopwatch-end")
    assert page.locator("#stopwatch-timeline li").count() == 3
    assert (page.input_value("#id_waiting_minutes"), page.input_value("#id_total_minutes")) == ("25", "32")
    assert not page.is_visible("#id_minutes_reason")
    page.fill("#id_total_minutes", "40")  # the walker knows better: he must say why
    assert page.is_visible("#id_minutes_reason")
    page.fill("#id_minutes_reason", "出证前又等了8分钟")
    page.select_option("#id_mode", "reverse")
    fill_reverse_walkthrough(page)
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "stopwatch-375.png"), full_page=True)
    page.click("button[name=submit]")
    page.wait_for_url(WALKTHROUGH_RECORD)
    session = WalkthroughSession.objects.get()
    assert [(s.name, s.minutes) for s in session.steps.all()] == [("取号", 2), ("排队", 25), ("咨询", 5)]
    assert (session.waiting_minutes, session.total_minutes, session.minutes_reason) == (25, 40, "出证前又等了8分钟")
    timeline = page.inner_text("#step-timeline")
    assert "排队" in timeline and "25分钟" in timeline
    page.screenshot(path=str(ARTIFACTS / "step-timeline-375.png"), full_page=True)
    context.close()


def test_a_draft_written_offline_with_a_photo_is_sent_once_when_back_online(browser, live_server, hall):  # noqa: F811
    context, page = phone_page(browser, live_server, "walker")
    page.goto(f"{live_server.url}/walkthroughs/new/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    page.select_option("#id_mode", "reverse")
    fill_reverse_walkthrough(page)
    page.set_input_files("#id_photos", files=[{"name": "大厅.png", "mimeType": "image/png", "buffer": PNG}])
    page.fill("#id_findings-0-title", "叫号屏不显示窗口号")
    page.click("button[name=submit]")
    page.wait_for_selector("#offline-saved", state="visible")
    assert page.inner_text("#outbox [data-count]") == "1"
    assert "1个文件" in page.inner_text("#outbox")
    assert not WalkthroughSession.objects.exists()
    page.screenshot(path=str(ARTIFACTS / "offline-outbox-375.png"), full_page=True)
    # Even the form itself opens without signal, from the service worker's copy.
    page.goto(f"{live_server.url}/walkthroughs/new/")
    expect(page.locator("#outbox [data-count]")).to_have_text("1")
    assert page.is_visible("#outbox") and page.is_visible("#stopwatch")

    context.set_offline(False)
    page.wait_for_selector("#outbox [data-sent]", state="visible")
    assert page.inner_text("#outbox [data-count]") == "0"
    page.click("#outbox [data-send-now]")  # a nervous second tap sends nothing more
    page.reload()
    session = WalkthroughSession.objects.get()
    assert session.is_submitted and session.complaint_reference == "12345-2026-08812"
    assert WalkthroughAttachment.objects.get().session == session
    assert Issue.objects.get().title == "叫号屏不显示窗口号"
    assert page.locator("#outbox").is_hidden()
    context.close()


def test_a_similar_issue_is_hinted_and_me_too_is_recorded(browser, live_server, hall, org, users):  # noqa: F811
    existing = make_issue(by=users["staff"], department=org.market, title="取号机经常故障")
    context, page = phone_page(browser, live_server, "walker")
    page.goto(f"{live_server.url}/walkthroughs/new/")
    page.select_option("#id_mode", "reverse")
    fill_reverse_walkthrough(page)
    page.fill("#id_findings-0-title", "取号机故障")
    hint = page.locator(".similar-hint").first
    hint.wait_for()
    assert existing.number in hint.inner_text() and "取号机经常故障" in hint.inner_text()
    page.screenshot(path=str(ARTIFACTS / "similar-hint-375.png"), full_page=True)
    hint.locator(".me-too").click()
    assert existing.number in page.inner_text(".me-too-chosen")
    assert page_width(page) <= PHONE["width"]
    page.click("button[name=submit]")
    page.wait_for_url(WALKTHROUGH_RECORD)
    session = WalkthroughSession.objects.get()
    assert Issue.objects.count() == 1  # no duplicate line
    sighting = IssueSighting.objects.get()
    assert (sighting.issue, sighting.walkthrough) == (existing, session)
    assert existing.number in page.inner_text("#session-findings")
    context.close()


def test_staff_merge_a_duplicate_on_a_phone(browser, live_server, hall, org, users):  # noqa: F811
    kept = make_issue(by=users["staff"], department=org.market, title="取号机经常故障")
    duplicate = make_issue(by=users["staff"], department=org.market, title="取号机坏了")
    context, page = phone_page(browser, live_server, "staff")
    page.goto(f"{live_server.url}{duplicate.get_absolute_url()}")
    page.click("#issue-duplicates summary")
    page.fill("#merge-into", kept.number)
    page.fill("#merge-note", "同一台取号机")
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "merge-375.png"), full_page=True)
    page.click("#merge-form button[type=submit]")
    page.wait_for_url(f"**{kept.get_absolute_url()}")
    assert duplicate.number in page.inner_text("[data-testid=merged-duplicate]")
    duplicate.refresh_from_db()
    assert duplicate.stage == Issue.Stage.CLOSED and duplicate.duplicate_of == kept
    page.goto(f"{live_server.url}/issues/?q={duplicate.number}")
    ledger = page.inner_text("#issue-table")
    assert kept.number in ledger and duplicate.number in ledger
    context.close()
