"""The loop as departments really work it, in real Chromium (liaisons and the walker on a 375 px phone): a walker's
finding goes to the wrong department, which sends it back (退回); staff reassign it (改派) with the police assisting
(协办); a leader urges (督办) and is answered; an extension is asked and granted; the liaison submits in one form
(a refusal keeps what he typed), is sent back with the reason on top of his page, resubmits, and the issue is
closed. Every notification is read by its recipient in Chinese and in English; the walker sees what became of
his finding."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from issues.models import Issue
from tests.browser import browser, log_in  # noqa: F401  (fixture)
from tests.factories import PASSWORD, WalkthroughFactory, make_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESK = {"width": 1366, "height": 900}
PDF = {"name": "整改照片.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\n"}


class Person:
    def __init__(self, browser, live_server, username, viewport):  # noqa: F811
        self.server = live_server.url
        self.context = browser.new_context(viewport=viewport, locale="zh-CN")
        self.page = self.context.new_page()
        log_in(self.page, live_server, username, PASSWORD)

    def open(self, path):
        self.page.goto(f"{self.server}{path}")
        return self.page

    def submit(self, selector):
        with self.page.expect_navigation():
            self.page.click(selector)

    def inbox(self, language):
        """The notification centre as this person reads it in `language`."""
        self.context.add_cookies([{"name": "django_language", "value": language, "url": self.server}])
        text = self.open("/notifications/").inner_text("main")
        self.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": self.server}])
        return text

    def told(self, chinese, english):
        assert chinese in self.inbox("zh-hans"), chinese
        assert english in self.inbox("en"), english

    def stage(self):
        return self.page.inner_text("#issue-status [data-testid=issue-stage]")

    def fits_the_screen(self):
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_wrong_department_reassigned_co_handled_urged_extended_returned_and_closed(browser, live_server, org,  # noqa: F811
                                                                                   users):
    ARTIFACTS.mkdir(exist_ok=True)
    today = timezone.localdate()
    walker_user = users["walker"]
    session = WalkthroughFactory(lead=walker_user.official, created_by=walker_user, department=org.market)
    issue = make_issue(by=walker_user, title="办理营业执照需往返三次", source=Issue.Source.WALKTHROUGH,
                       walkthrough=session)
    url = issue.get_absolute_url()

    # Staff hand the finding to the police — the wrong department.
    staff = Person(browser, live_server, "staff", DESK)
    staff.open(url).select_option("#id_hand_off-department", label="县公安局")
    staff.submit("#step-hand_off button[type=submit]")
    assert staff.stage() == "反馈交办"

    # The police liaison, on his phone, is told, and sends it back: not theirs.
    police = Person(browser, live_server, "liaison2", PHONE)
    police.told("已交办县公安局", "was handed off to 县公安局")
    police.open(url)
    assert police.fits_the_screen()
    police.page.fill("#id_send_back-note", "营业执照不属于本单位职责")
    police.submit("#step-send_back button[type=submit]")
    assert "已退回" in police.page.inner_text("body") or police.page.url.endswith(url)

    walker = Person(browser, live_server, "walker", PHONE)
    walker.told("被县公安局退回", "was sent back by 县公安局")

    # Staff find it in 待改派 from their home page, see why, reassign it to the market department and add the police
    # as assisting department.
    staff.told("县公安局退回了问题", "县公安局 sent back issue")
    home = staff.open("/")
    assert home.inner_text("[data-todo=to_reassign] [data-testid=todo-count]") == "1"
    staff.submit("[data-todo=to_reassign]")
    assert "营业执照不属于本单位职责" in staff.page.inner_text("#reassign-queue")
    staff.submit("#reassign-queue [data-testid=returned-issue]")
    assert "营业执照不属于本单位职责" in staff.page.inner_text("#return-notice")
    staff.page.select_option("#id_reassign-department", label="县市场监管局")
    staff.page.fill("#id_reassign-deadline", (today + datetime.timedelta(days=10)).isoformat())
    staff.page.fill("#id_reassign-note", "属市场监管局职责,公安局协办户籍核验")
    staff.submit("#step-reassign button[type=submit]")
    assert staff.stage() == "反馈交办"
    staff.page.click("#assisting summary")
    staff.page.select_option("#id_departments", label="县公安局")
    staff.submit("#assisting-form button[type=submit]")
    assert "县公安局" in staff.page.inner_text("#assistant-list")
    assert "县公安局 → 县市场监管局" in staff.page.inner_text("#issue-timeline")

    # The market liaison is told on his phone and signs for it; the police, now assisting, add their part.
    liaison = Person(browser, live_server, "liaison", PHONE)
    liaison.told("已由县公安局改派县市场监管局", "reassigned from 县公安局 to 县市场监管局")
    assert liaison.open("/").inner_text("[data-todo=to_acknowledge] [data-testid=todo-count]") == "1"
    liaison.open(url)
    liaison.submit("#step-acknowledge button[type=submit]")
    assert liaison.stage() == "整改中"
    police.told("请县公安局协办", "县公安局 is asked to assist")
    police.open(url).fill("#id_measures", "公安局开通户籍信息核验接口")
    police.submit("#assistance-form button[type=submit]")
    assert "#step-submit" not in police.page.content() and police.page.query_selector("#step-submit") is None

    # A leader urges; the liaison answers; the leader hears back.
    leader = Person(browser, live_server, "leader", DESK)
    leader.open(url).click("#urge summary")
    leader.page.fill("#id_note", "群众反映强烈,请本周内办结")
    leader.submit("#urge-form button[type=submit]")
    assert leader.page.inner_text("[data-testid=urging-count]") == "督办1次"
    liaison.told("督办问题", "urged issue")
    liaison.open(url).fill("#id_reply", "已约谈窗口,周五前完成")
    liaison.submit("#urgings button[type=submit]")
    leader.told("县市场监管局回复了", "县市场监管局 answered the urging")

    # The liaison asks for more time; staff are told and grant it; the liaison is told.
    liaison.open(url).click("#extension-request summary")
    wanted = today + datetime.timedelta(days=20)
    liaison.page.fill("#id_requested_deadline", wanted.isoformat())
    liaison.page.fill("#id_reason", "需与公安局联调接口")
    liaison.submit("#extension-request button[type=submit]")
    staff.told("县市场监管局申请将问题", "县市场监管局 asks to extend the deadline")
    staff.open(url).fill("#id_decision_note", "同意")
    staff.submit("#extension-decision button[value=approve]")
    liaison.told("延期申请已同意", "extension for issue")

    # One form to submit: without evidence it is refused and keeps what he typed; with it, it goes to evaluation.
    page = liaison.open(url)
    page.fill("#id_submit-measures", "窗口合并,材料一次提交")
    page.click("#step-submit details summary")
    page.fill("#id_submit-trips_before", "3")
    page.fill("#id_submit-trips_after", "1")
    liaison.submit("#step-submit button[type=submit]")
    assert "请先上传整改佐证材料" in liaison.page.inner_text("#step-submit")
    assert liaison.page.input_value("#id_submit-measures") == "窗口合并,材料一次提交"
    assert liaison.page.input_value("#id_submit-trips_before") == "3"
    assert "每个文件不超过" in liaison.page.inner_text("#step-submit")
    liaison.page.set_input_files("#id_submit-files", files=[PDF])
    liaison.submit("#step-submit button[type=submit]")
    assert liaison.stage() == "评价验收"
    staff.told("已提交问题", "submitted the rectification")

    # Staff send it back; the reason is at the top of the liaison's page; he resubmits; a leader closes it.
    staff.open(url).select_option("#id_reject-evaluation", "dissatisfied")
    staff.page.fill("#id_reject-note", "回访群众仍需跑两次")
    staff.submit("#step-reject button[type=submit]")
    liaison.told("评价验收未通过", "did not pass its evaluation")
    liaison.open(url)
    top = liaison.page.inner_text("#return-notice")
    assert "回访群众仍需跑两次" in top
    box = liaison.page.query_selector("#return-notice").bounding_box()
    assert box["y"] < 400  # on top, seen without scrolling
    liaison.page.screenshot(path=str(ARTIFACTS / "departments-returned-375.png"), full_page=True)
    liaison.page.fill("#id_submit-measures", "窗口合并,材料一次提交,一次办结")
    liaison.submit("#step-submit button[type=submit]")
    leader.open(url).select_option("#id_accept-evaluation", "satisfied")
    leader.submit("#step-accept button[type=submit]")
    assert leader.stage() == "已销号"
    timeline = leader.page.inner_text("#issue-timeline")
    for expected in ("交给县公安局", "县公安局退回中心", "县公安局 → 县市场监管局", "设置协办单位:县公安局",
                     "县公安局填报协办措施", "督办县市场监管局", "县市场监管局回复督办", "同意延期", "验收销号"):
        assert expected in timeline, expected
    leader.page.screenshot(path=str(ARTIFACTS / "departments-closed-desk.png"), full_page=True)

    # The walker sees what became of his finding, on his phone, in both languages.
    walker.told("已整改完成并销号", "has been rectified and closed")
    home = walker.open("/")
    assert "已销号" in home.inner_text("#my-findings")
    assert "我发现的问题办得怎样了 (全部活动)" in home.inner_text("#todo-panel")  # not only the campaign shown above
    assert walker.fits_the_screen()
    walker.page.screenshot(path=str(ARTIFACTS / "departments-walker-home-375.png"), full_page=True)
    issue.refresh_from_db()
    assert (issue.stage, issue.department, issue.urgings.count()) == ("closed", org.market, 1)
    for person in (staff, police, walker, liaison, leader):
        person.context.close()


def test_the_chosen_modes_required_facts_are_marked_with_a_star(browser, live_server, org, users):  # noqa: F811
    walker = Person(browser, live_server, "walker", PHONE)
    page = walker.open(reverse("campaigns:walkthrough_create"))
    page.select_option("#id_mode", "proxy")
    assert "*" in page.inner_text("#div_id_citizen_name label")
    page.select_option("#id_mode", "accompanied")
    assert "*" not in page.inner_text("#div_id_citizen_name label")
    assert "*" in page.inner_text("#div_id_citizen_feedback label")
    walker.context.close()
