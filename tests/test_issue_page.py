"""The issue page: its timeline of events and field changes, what each role may fill in at each stage (四减,
callback, details), the default hand-off deadline, and edits made on top of someone else's newer change."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from issues.models import CalendarDay, CalendarYear, Evidence, Issue, Reduction
from issues.selectors import default_deadline, issue_version
from issues.services import issue_transition, issue_update
from issues.workdays import work_calendar
from tests.factories import PASSWORD, make_issue

pytestmark = pytest.mark.django_db


def timeline_of(client, issue) -> str:
    return client.get(issue.get_absolute_url()).content.decode().split('id="issue-timeline"')[1]


def rectifying(org, users, **fields) -> Issue:
    issue = make_issue(by=users["staff"], **fields)
    issue = issue_transition(issue=issue, action="hand_off", by=users["staff"], note="请限期整改",
                             changes={"department": org.market, "deadline": timezone.localdate()})
    return issue_transition(issue=issue, action="acknowledge", by=users["liaison"])


def test_the_timeline_merges_stage_events_with_the_field_changes_they_made(client, org, users):
    issue = rectifying(org, users)
    client.login(username="staff", password=PASSWORD)
    timeline = timeline_of(client, issue)
    handed_off = timeline.split("交办:体验发现 → 反馈交办")[1].split("</li>")[0]
    assert "请限期整改" in handed_off
    assert "责任单位:<del class=\"text-muted\">—</del> → 县市场监管局" in handed_off
    assert f"整改时限:<del class=\"text-muted\">—</del> → {timezone.localdate().isoformat()}" in handed_off
    assert timeline.index("登记入账") < timeline.index("交办:") < timeline.index("签收:反馈交办 → 整改中")


def test_the_liaison_records_measures_flags_and_the_four_reductions(client, org, users):
    issue = rectifying(org, users)
    client.login(username="liaison", password=PASSWORD)
    url = reverse("issues:rectification_edit", args=[issue.pk])
    form = client.get(url)
    assert form.status_code == 200 and "减时限(工作日)" in form.content.decode()
    response = client.post(url, {
        "version": issue_version(issue), "measures": "推行容缺受理,压缩审批环节", "long_term_rule": "on",
        "time_limit_before": "20", "time_limit_after": "5", "materials_before": "8", "materials_after": "5",
    })
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.measures, issue.long_term_rule, issue.fixed_on_spot) == ("推行容缺受理,压缩审批环节", True, False)
    assert {r.kind: (r.before, r.after) for r in issue.reductions.all()} == {
        "time_limit": (Decimal(20), Decimal(5)), "materials": (Decimal(8), Decimal(5)),
    }
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "减时限(工作日)</td><td>20</td><td>5</td><td>15</td>" in page
    assert "四减·减材料(份):<del class=\"text-muted\">—</del> → 压减前8,压减后5" in page

    # Clearing a row removes that reduction; the history keeps that it was there.
    client.post(url, {"version": issue_version(issue), "measures": issue.measures, "long_term_rule": "on",
                      "time_limit_before": "20", "time_limit_after": "5"})
    assert list(issue.reductions.values_list("kind", flat=True)) == ["time_limit"]
    assert Reduction.history.filter(issue_id=issue.pk, kind="materials", history_type="-").exists()


@pytest.mark.parametrize(
    "before, after, message",
    [("5", "", "压减前和压减后都要填写"), ("3", "5", "压减后不能大于压减前"), ("-1", "-2", "大于或等于")],
)
def test_a_bad_reduction_is_refused_next_to_its_field_and_nothing_is_saved(client, org, users, before, after, message):
    issue = rectifying(org, users)
    client.login(username="liaison", password=PASSWORD)
    response = client.post(reverse("issues:rectification_edit", args=[issue.pk]), {
        "version": issue_version(issue), "measures": "新措施", "trips_before": before, "trips_after": after,
    })
    assert response.status_code == 400 and message in response.content.decode()
    assert "新措施" in response.content.decode()  # what was typed is still there
    issue.refresh_from_db()
    assert issue.measures == "" and not issue.reductions.exists()


@pytest.mark.parametrize("who, status", [("liaison", 200), ("staff", 200), ("other_liaison", 404), ("leader", 403)])
def test_who_may_open_the_rectification_form(client, org, users, who, status):
    issue = rectifying(org, users)
    client.login(username=users[who].username, password=PASSWORD)
    assert client.get(reverse("issues:rectification_edit", args=[issue.pk])).status_code == status


def test_the_rectification_form_is_closed_once_submitted(client, org, users):
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.EVALUATION)
    client.login(username="liaison", password=PASSWORD)
    assert client.get(reverse("issues:rectification_edit", args=[issue.pk])).status_code == 403


def test_an_edit_on_top_of_a_newer_change_is_refused_and_the_input_kept(client, org, users):
    issue = rectifying(org, users)
    seen = issue_version(issue)
    issue_update(
        issue=issue, by=users["staff"], activity="record_rectification", changes={"measures": "中心补充的措施"}
    )
    client.login(username="liaison", password=PASSWORD)
    response = client.post(reverse("issues:rectification_edit", args=[issue.pk]),
                           {"version": seen, "measures": "联络员写的措施"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "在您编辑期间,staff于" in page and "联络员写的措施" in page and "中心补充的措施" in page
    issue.refresh_from_db()
    assert issue.measures == "中心补充的措施"
    # The re-shown form carries the newest version: sending it again is taken.
    again = client.post(reverse("issues:rectification_edit", args=[issue.pk]),
                        {"version": issue_version(issue), "measures": "联络员写的措施"})
    assert again.status_code == 302
    issue.refresh_from_db()
    assert issue.measures == "联络员写的措施"


def test_staff_record_the_callback_during_evaluation_only(client, org, users):
    issue = rectifying(org, users)
    Evidence.objects.create(issue=issue, file=ContentFile(b"x", name="p.pdf"), uploaded_by=users["liaison"])
    client.login(username="staff", password=PASSWORD)
    assert 'id="callback-form"' not in client.get(issue.get_absolute_url()).content.decode()
    issue = issue_transition(issue=issue, action="submit", by=users["liaison"], changes={"measures": "已整改"})
    page = client.get(issue.get_absolute_url()).content.decode()
    assert 'id="callback-form"' in page
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(reverse("issues:callback_record", args=[issue.pk]), {
        "version": issue_version(issue), "callback_on": yesterday.isoformat(), "callback_by": "周敏",
        "callback_result": "群众表示窗口已能刷卡缴税,满意",
    })
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.callback_on, issue.callback_by) == (yesterday, "周敏")
    assert "群众表示窗口已能刷卡缴税,满意" in client.get(issue.get_absolute_url()).content.decode()

    client.login(username="leader", password=PASSWORD)
    response = client.post(reverse("issues:callback_record", args=[issue.pk]), {
        "callback_on": yesterday.isoformat(), "callback_by": "领导", "callback_result": "改写",
    })
    assert response.status_code == 400 and "您没有权限登记二次回访" in response.content.decode()


def test_a_future_callback_date_is_refused_next_to_the_field(client, org, users):
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.EVALUATION)
    client.login(username="staff", password=PASSWORD)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("issues:callback_record", args=[issue.pk]), {
        "callback_on": tomorrow.isoformat(), "callback_by": "周敏", "callback_result": "满意",
    })
    assert response.status_code == 400 and "回访日期不能晚于今天" in response.content.decode()


def test_staff_correct_the_details_and_the_change_shows_with_label_and_author(client, org, users):
    issue = make_issue(by=users["staff"], title="叫号机故障", severity="minor")
    client.login(username="staff", password=PASSWORD)
    url = reverse("issues:issue_edit", args=[issue.pk])
    data = {"version": issue_version(issue), "source": "hotline_12345", "title": "叫号机频繁故障",
            "category": "facilities", "severity": "major", "discovered_on": issue.discovered_on.isoformat()}
    assert client.post(url, data).status_code == 302
    timeline = timeline_of(client, issue)
    assert "问题标题:<del class=\"text-muted\">叫号机故障</del> → 叫号机频繁故障" in timeline
    assert "严重程度:<del class=\"text-muted\">一般</del> → 较重" in timeline
    assert "修改问题信息" in timeline and "· staff" in timeline
    client.login(username="liaison", password=PASSWORD)
    assert client.get(url).status_code in (403, 404)


def test_hand_off_proposes_the_default_deadline_in_working_days(client, users, settings):
    settings.ISSUE_DEADLINE_WORKING_DAYS = {"severity": {"minor": 15, "major": 7, "severe": 5},
                                            "source": {"hotline_12345": 3}}
    issue = make_issue(by=users["staff"], severity="major", source="review")
    client.login(username="staff", password=PASSWORD)
    page = client.get(issue.get_absolute_url()).content.decode()
    expected = work_calendar().working_days_after(timezone.localdate(), 7)
    assert f'name="hand_off-deadline" value="{expected.isoformat()}"' in page
    assert "默认:7个工作日(较重)" in page
    # A source with a shorter rule wins.
    hotline = make_issue(by=users["staff"], severity="major", source="hotline_12345")
    page = client.get(hotline.get_absolute_url()).content.decode()
    assert "默认:3个工作日(较重)" in page


def test_the_default_deadline_skips_the_national_day_holiday():
    proposal = default_deadline(severity="severe", source="review", today=datetime.date(2026, 9, 25))
    assert (proposal.day, proposal.working_days, proposal.provisional) == (datetime.date(2026, 10, 9), 5, False)


def test_a_deadline_in_a_year_without_holidays_is_marked_provisional(client, org, users):
    proposal = default_deadline(severity="minor", source="review")
    CalendarDay.objects.filter(date__year=proposal.day.year).delete()
    CalendarYear.objects.filter(year=proposal.day.year).update(is_complete=False)
    issue = make_issue(by=users["staff"])
    client.login(username="staff", password=PASSWORD)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "默认:15个工作日(一般) (暂按周一至周五计算)" in page
    handed = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.FEEDBACK)
    Issue.objects.filter(pk=handed.pk).update(deadline=proposal.day)
    page = client.get(handed.get_absolute_url()).content.decode()
    assert 'data-testid="provisional"' in page
    assert default_deadline(severity="minor", source="review", today=datetime.date(2026, 12, 24)).provisional


def test_a_hand_off_deadline_in_the_past_is_refused_next_to_the_field(client, org, users):
    issue = make_issue(by=users["staff"])
    client.login(username="staff", password=PASSWORD)
    response = client.post(reverse("issues:issue_step", args=[issue.pk, "hand_off"]), {
        "hand_off-department": org.market.pk, "hand_off-seen_stage": "experience",
        "hand_off-deadline": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
    })
    assert response.status_code == 400 and "整改时限不能早于今天" in response.content.decode()
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.EXPERIENCE


def test_the_page_shows_the_reopen_count_and_the_overdue_days(client, org, users):
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.EVALUATION)
    calendar = work_calendar()
    ten_working_days_ago = next(
        day for day in (timezone.localdate() - datetime.timedelta(days=n) for n in range(10, 30))
        if calendar.working_days_between(day, timezone.localdate()) == 10
    )
    Issue.objects.filter(pk=issue.pk).update(deadline=ten_working_days_ago)
    issue_transition(issue=issue, action="reject", by=users["leader"], note="群众不满意",
                     changes={"evaluation": "dissatisfied"})
    client.login(username="liaison", password=PASSWORD)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "退回整改1次" in page and "超期10个工作日" in page
    assert 'class="text-danger fw-semibold">退回整改:评价验收 → 整改中' in page
