"""The dashboard and the briefing in real Chromium, desktop and phone: charts drawn, a number clicked lands on
its list, the briefing copied to the clipboard. Screenshots go to test-artifacts/ to be looked at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import browser, log_in  # noqa: F401  (fixture)
from tests.factories import PASSWORD
from tests.reports_scenario import build_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def test_a_leader_reads_the_dashboard_clicks_a_number_and_copies_the_briefing(browser, live_server, org, users):  # noqa: F811
    scenario = build_scenario(org, users)
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/reports/?campaign={scenario.a.pk}")
    page.wait_for_selector("#chart-trend svg")
    for chart in ("trend", "stages", "departments", "categories"):
        assert page.locator(f"#chart-{chart} svg").count() == 1, chart
    assert page.inner_text("[data-figure=found] .figure-value").startswith("6")
    page.screenshot(path=str(ARTIFACTS / "dashboard-1280.png"), full_page=True)

    page.click("[data-figure=overdue]")
    page.wait_for_url("**/issues/?**overdue=true**")
    assert scenario.issues.i3.number in page.inner_text("table")
    assert scenario.issues.i1.number not in page.inner_text("table")

    page.goto(f"{live_server.url}/reports/briefing/?campaign={scenario.a.pk}")
    page.click("#copy-briefing")
    expect(page.locator("#copy-status")).not_to_be_empty()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("截至") and "共发现问题6个，已整改3个，整改率50%" in copied
    assert page.inner_text("#copy-status") == "已复制到剪贴板"
    page.screenshot(path=str(ARTIFACTS / "briefing-1280.png"), full_page=True)
    page.emulate_media(media="print")
    assert not page.is_visible("#copy-briefing") and not page.is_visible("nav")
    assert page.is_visible("header.print-only")
    assert errors == []
    context.close()


def test_the_dashboard_and_briefing_fit_a_phone(browser, live_server, org, users):  # noqa: F811
    scenario = build_scenario(org, users)
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, "liaison", PASSWORD)
    for path, name in ((f"/reports/?campaign={scenario.a.pk}", "dashboard-375"),
                       (f"/reports/briefing/?campaign={scenario.a.pk}", "briefing-375")):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert not page.is_visible("#report-filters")  # folded away behind its button on a phone
    page.click("button[aria-controls=report-filters]")
    page.wait_for_selector("#report-filters", state="visible")
    context.close()


def test_a_table_wider_than_its_box_fades_towards_the_columns_still_hidden(browser, live_server, org, users):  # noqa: F811
    """The dashboard in English at 1,366 px: the 问题与建议 table (five columns in half the page) scrolls sideways;
    its right edge fades until it is scrolled to the end, then its left edge does; a table that fits never fades."""
    scenario = build_scenario(org, users)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    log_in(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/reports/?campaign={scenario.a.pk}")
    wide = page.locator("#table-by_kind .table-responsive")
    assert "Rectification rate" in wide.inner_text()
    assert wide.evaluate("box => box.scrollWidth > box.clientWidth")
    expect(wide).to_have_class("table-responsive scrolls-right")
    assert wide.evaluate("box => getComputedStyle(box).maskImage") != "none"
    wide.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    expect(wide).to_have_class("table-responsive scrolls-left")
    fitting = page.locator("#table-by_stage .table-responsive")
    assert fitting.evaluate("box => box.scrollWidth <= box.clientWidth")
    expect(fitting).to_have_class("table-responsive")
    assert fitting.evaluate("box => getComputedStyle(box).maskImage") == "none"
    page.set_viewport_size({"width": 1920, "height": 900})  # wide enough now: the hint goes with the need
    expect(wide).to_have_class("table-responsive")
    context.close()
