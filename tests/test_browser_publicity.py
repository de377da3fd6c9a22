"""The public 整改公示 page on a phone in real Chromium: readable without zooming, QR code drawn, no login."""

import os
from pathlib import Path

import pytest

from issues.models import Issue
from publicity.services import publication_publish
from tests.browser import browser  # noqa: F401 - fixture
from tests.factories import make_issue


@pytest.mark.django_db(transaction=True)
def test_a_citizen_reads_the_published_fixes_on_his_phone(browser, live_server, org, users, tmp_path):  # noqa: F811
    for n, (found, done) in enumerate([("营业执照办理需跑动三次", "推行“一窗通办”,一次办结"),
                                       ("办事指南所列材料与窗口要求不一致", "重新编制办事指南,窗口按指南收件"),
                                       ("自助终端无法打印不动产证明", "更换打印模块,每日巡检")]):
        issue = make_issue(by=users["staff"], department=[org.market, org.police, org.township][n],
                           stage=Issue.Stage.CLOSED, title=f"内部标题{n}")
        publication_publish(issue=issue, by=users["staff"], found_text=found, done_text=done)
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page.goto(f"{live_server.url}/gongshi/")
    assert page.locator("[data-testid=public-item]").count() == 3
    assert "重新编制办事指南" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("document.querySelector('img[src$=\"qr.svg\"]').naturalWidth") > 0
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    page.screenshot(path=str(shots / "publicity-phone.png"), full_page=True)
    page.close()
