"""A deadline on a weekend or a holiday (finding 3 of issue 11): the hand-off form warns and offers the next working
day, and the reminder names the day off and the last working day before it, in Chinese and in English."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from issues.models import Issue, Notification
from issues.reminders import reminder_message, send_due_reminders
from issues.workdays import work_calendar
from tests.factories import PASSWORD, make_issue

D = datetime.date


@pytest.fixture
def late_september(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: D(2026, 9, 28))


def post_hand_off(client, issue, org, deadline, **extra):
    return client.post(reverse("issues:issue_step", args=[issue.pk, "hand_off"]), {
        "hand_off-department": org.market.pk, "hand_off-seen_stage": "experience",
        "hand_off-deadline": deadline, **extra,
    })


def test_a_hand_off_on_a_holiday_is_not_taken_silently_and_the_next_working_day_is_offered(
    client, org, users, late_september
):
    issue = make_issue(by=users["staff"])
    client.login(username="staff", password=PASSWORD)
    response = post_hand_off(client, issue, org, "2026-10-03")
    page = response.content.decode()
    assert response.status_code == 400
    assert "2026-10-03是节假日,不是工作日。已改为下一个工作日2026-10-08" in page
    assert 'name="hand_off-deadline" value="2026-10-08"' in page  # offered in the field
    assert 'name="hand_off-keep_day_off"' in page and "仍以2026-10-03(节假日)为整改时限" in page
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.EXPERIENCE
    # Submitting the offer hands it off on the working day …
    assert post_hand_off(client, issue, org, "2026-10-08").status_code == 302
    issue.refresh_from_db()
    assert issue.deadline == D(2026, 10, 8)


def test_a_weekend_deadline_is_kept_only_when_staff_tick_keep(client, org, users, late_september):
    issue = make_issue(by=users["staff"])
    client.login(username="staff", password=PASSWORD)
    page = post_hand_off(client, issue, org, "2026-10-17").content.decode()  # a Saturday
    assert "2026-10-17是周末,不是工作日。已改为下一个工作日2026-10-19" in page
    response = post_hand_off(client, issue, org, "2026-10-19", **{"hand_off-keep_day_off": "2026-10-17"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.deadline == D(2026, 10, 17) and issue.deadline_working_days is None


def test_the_bulk_hand_off_warns_about_a_day_off_too(client, org, users, late_september):
    issue = make_issue(by=users["staff"], department=org.market)
    client.login(username="staff", password=PASSWORD)
    response = client.post(reverse("issues:issue_list"), {"issues": [issue.pk], "deadline": "2026-10-01"})
    assert response.status_code == 400 and "2026-10-01是节假日,不是工作日" in response.content.decode()
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.EXPERIENCE


def test_the_reminder_before_a_holiday_deadline_names_the_holiday_not_today(users, org):
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.RECTIFICATION)
    Issue.objects.filter(pk=issue.pk).update(deadline=D(2026, 10, 3))
    send_due_reminders(today=D(2026, 9, 30))  # the last working day before the National Day
    [message] = [notice.message for notice in Notification.objects.filter(recipient=users["liaison"])]
    assert "整改时限为今天" not in message
    assert "整改时限为2026-10-03(节假日),今天是此前最后一个工作日,请于今天完成整改并反馈" in message


def test_the_reminder_days_before_names_the_last_working_day(users, org):
    calendar = work_calendar()
    text = reminder_message(kind="due_soon", working_days=2, number="2026-0001", title="叫号机故障",
                            department="县市场监管局", deadline=D(2026, 10, 4),
                            calendar=calendar)
    assert "整改时限为2026-10-04(节假日),请于此前最后一个工作日2026-09-30前完成整改并反馈,还剩2个工作日" in text
    weekend = reminder_message(kind="due_soon", working_days=0, number="2026-0001", title="叫号机故障",
                               department="县市场监管局", deadline=D(2026, 11, 28),
                               calendar=calendar)
    assert "2026-11-28(周末),今天是此前最后一个工作日" in weekend


def test_the_english_reminder_names_the_relation_too(db):
    with translation.override("en"):
        text = reminder_message(kind="due_soon", working_days=0, number="2026-0001", title="Queue machine broken",
                                department="Market Regulation Bureau", deadline=D(2026, 10, 3),
                                calendar=work_calendar())
    assert "2026-10-03" in text and "holiday" in text.lower() and "today" in text.lower()
    assert "整改" not in text
