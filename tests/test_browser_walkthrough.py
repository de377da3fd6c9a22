"""The walkthrough screens in real Chromium: a reverse walkthrough logged one-handed on a 375 px phone reaches
the ledger; a draft is saved and submitted later; the campaign and roster pages fit a phone."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from campaigns.models import Official, WalkthroughSession
from issues.models import Issue
from tests.browser import WALKTHROUGH_RECORD, browser, log_in  # noqa: F401  (fixture)
from tests.factories import PASSWORD, CampaignFactory, OfficialFactory, ServiceItemFactory, WalkthroughFactory

# The role groups come from a data migration: tests/conftest.py puts them back after a flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESK = {"width": 1280, "height": 900}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def fill_reverse_walkthrough(page):
    occurred = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_occurred_at", occurred)
    page.select_option("#id_department", label="县市场监管局")
    page.select_option("#id_service_items", label="临时占用城市道路审批")
    page.select_option("#id_complaint_source", "hotline_12345")
    page.fill("#id_complaint_reference", "12345-2026-08812")
    page.fill("#id_complaint_text", "材料不全被退回,跑了两趟")
    page.fill("#id_traced_chain", "出证←审批←受理:受理环节以材料不全退回")
    page.fill("#id_blocking_point", "容缺受理清单未在窗口公示")


@pytest.fixture
def scene(org, users):
    campaign = CampaignFactory(theme="我陪群众走流程")
    campaign.departments.set([org.market, org.police])
    ServiceItemFactory(name="临时占用城市道路审批", department=org.market)
    ARTIFACTS.mkdir(exist_ok=True)
    return campaign


def test_a_reverse_walkthrough_with_a_finding_logged_on_a_phone_reaches_the_ledger(browser, live_server, scene):  # noqa: F811
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server, "walker", PASSWORD)
    page.goto(f"{live_server.url}/walkthroughs/new/")
    assert page_width(page) <= PHONE["width"], "the form must not scroll sideways on a phone"
    page.select_option("#id_mode", "reverse")
    assert page.is_visible("#id_complaint_reference") and not page.is_visible("#id_window_number")
    assert not page.is_visible("#id_citizen_name")
    fill_reverse_walkthrough(page)

    question = page.locator(".checklist-item").first
    assert not question.locator(".checklist-note").is_visible()
    question.locator("label", has_text="否").click()  # the note opens for a "no"
    question.locator(".checklist-note input").fill("叫号机只能现场取号")
    page.set_input_files("#id_photos", files=[{"name": "窗口.png", "mimeType": "image/png", "buffer": PNG}])
    page.fill("#id_findings-0-title", "容缺受理清单未公示")
    page.select_option("#id_findings-0-category", "service_guide")
    page.screenshot(path=str(ARTIFACTS / "walkthrough-reverse-filled-375.png"), full_page=True)

    submit = page.locator("button[name=submit]")
    assert submit.bounding_box()["height"] >= 40, "the submit button is a thumb-sized target"
    submit.click()
    page.wait_for_url(WALKTHROUGH_RECORD)
    issue = Issue.objects.get()
    assert issue.number in page.inner_text("#session-findings")
    assert "叫号机只能现场取号" in page.inner_text("#checklist-answers")
    assert page.locator("#attachments img").count() == 1
    session = WalkthroughSession.objects.get()
    assert (session.status, session.mode, session.complaint_reference) == ("submitted", "reverse", "12345-2026-08812")

    page.goto(f"{live_server.url}/issues/")
    ledger = page.inner_text("table")
    assert issue.number in ledger and "容缺受理清单未公示" in ledger
    page.screenshot(path=str(ARTIFACTS / "walkthrough-ledger-375.png"), full_page=True)
    phone.close()


def test_a_photo_chosen_before_a_refusal_is_kept_and_saved_on_a_phone(browser, live_server, scene):  # noqa: F811
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server, "walker", PASSWORD)
    page.goto(f"{live_server.url}/walkthroughs/new/")
    page.select_option("#id_mode", "reverse")
    fill_reverse_walkthrough(page)
    page.fill("#id_complaint_reference", "")  # required in reverse mode: the form comes back
    page.set_input_files("#id_photos", files=[{"name": "窗口.png", "mimeType": "image/png", "buffer": PNG}])
    page.locator("button[name=submit]").click()

    kept = page.locator("#kept-files")
    kept.wait_for()
    assert "已保留的附件" in kept.inner_text() and "窗口.png" in kept.inner_text()
    assert page.locator("#id_complaint_reference").get_attribute("class").count("is-invalid") == 1
    assert page_width(page) <= PHONE["width"], "the kept files must not widen the phone form"
    page.screenshot(path=str(ARTIFACTS / "walkthrough-kept-files-375.png"), full_page=True)
    assert not WalkthroughSession.objects.exists()

    page.fill("#id_complaint_reference", "12345-2026-08812")  # the photo is not chosen again
    page.locator("button[name=submit]").click()
    page.wait_for_url(WALKTHROUGH_RECORD)
    photo = page.locator("#attachments img")
    assert photo.count() == 1 and photo.get_attribute("alt") == "窗口.png"
    assert page.evaluate("document.querySelector('#attachments img').naturalWidth") > 0, "the photo is served"
    session = WalkthroughSession.objects.get()
    assert (session.status, [a.original_name for a in session.attachments.all()]) == ("submitted", ["窗口.png"])
    phone.close()


def test_a_draft_saved_on_a_phone_is_submitted_later(browser, live_server, scene):  # noqa: F811
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server, "walker", PASSWORD)
    page.goto(f"{live_server.url}/walkthroughs/new/")
    page.select_option("#id_mode", "reverse")
    page.select_option("#id_department", label="县市场监管局")
    page.fill("#id_findings-0-title", "窗口无人值守")
    page.click("button[name=save_draft]")
    page.wait_for_url(WALKTHROUGH_RECORD)
    assert page.inner_text("[data-testid=session-status]") == "草稿"
    assert not Issue.objects.exists()

    page.click("#edit-session")
    page.wait_for_url("**/edit/")
    assert page.input_value("#id_findings-0-title") == "窗口无人值守"
    fill_reverse_walkthrough(page)
    page.click("button[name=submit]")
    page.wait_for_url(WALKTHROUGH_RECORD)
    assert page.inner_text("[data-testid=session-status]") == "已提交"
    assert Issue.objects.get().title == "窗口无人值守"
    assert page.locator("#edit-session").count() == 0  # locked for the participant now
    phone.close()


def test_the_form_campaign_and_roster_pages_fit_a_phone_and_a_desk(browser, live_server, org, users, scene):  # noqa: F811
    lead = OfficialFactory(department=org.market, name="市场局长", level=Official.Level.DEPARTMENT_HEAD)
    OfficialFactory(department=org.police, name="公安局长", level=Official.Level.DEPARTMENT_HEAD)
    WalkthroughFactory(campaign=scene, department=org.market, lead=lead, created_by=users["staff"])
    widths = {}
    for name, viewport in (("375", PHONE), ("desktop", DESK)):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        log_in(page, live_server, "staff", PASSWORD)
        for label, path in (("walkthrough-form", "/walkthroughs/new/"), ("campaign-detail", scene.get_absolute_url()),
                            ("roster-list", "/roster/"), ("walkthrough-list", "/walkthroughs/")):
            page.goto(f"{live_server.url}{path}")
            widths[(label, name)] = page_width(page)
            page.screenshot(path=str(ARTIFACTS / f"{label}-{name}.png"), full_page=True)
        context.close()
    assert all(widths[(label, "375")] <= PHONE["width"] for label, _name in widths), widths
