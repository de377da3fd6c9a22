"""The in-app notification centre, the navbar's unread count, and the notifications a stage change sends."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues.models import Issue, IssueEvent, Notification
from issues.notifications import notify, notify_stage_change
from tests.factories import PASSWORD, make_issue
from walkthrough.celery import app

pytestmark = pytest.mark.django_db


def unread_badge(page: str) -> str | None:
    found = re.search(r'data-testid="unread-count">([^<]+)<', page)
    return found.group(1) if found else None


@pytest.fixture
def inbox(users):
    issue = make_issue(by=users["staff"], department=users["liaison"].official.department, title="取号机故障")
    mine = [
        notify(recipients=[users["liaison"]], message=f"【超期催办】第{n}条", issue=issue)[0] for n in range(3)
    ]
    notify(recipients=[users["other_liaison"]], message="【超期催办】公安局的", issue=issue)
    return issue, mine


def test_the_navbar_shows_my_unread_count_and_it_drops_as_i_read(client, users, inbox):
    issue, mine = inbox
    client.login(username="liaison", password=PASSWORD)
    assert unread_badge(client.get(reverse("home")).content.decode()) == "3"
    response = client.post(reverse("notifications:read", args=[mine[0].pk]), {"next": reverse("home")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert unread_badge(client.get(reverse("home")).content.decode()) == "2"
    client.post(reverse("notifications:read_all"))
    assert unread_badge(client.get(reverse("home")).content.decode()) is None
    assert not Notification.objects.filter(recipient=users["liaison"], read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=users["other_liaison"], read_at__isnull=True).count() == 1


def test_the_centre_lists_only_my_notifications(client, users, inbox):
    client.login(username="liaison", password=PASSWORD)
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.count('data-testid="notification"') == 3 and "第0条" in page and "公安局的" not in page
    assert "全部标为已读" in page


def test_opening_a_notification_marks_it_read_and_shows_the_issue(client, users, inbox):
    issue, mine = inbox
    client.login(username="liaison", password=PASSWORD)
    response = client.post(reverse("notifications:read", args=[mine[1].pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == issue.get_absolute_url()
    mine[1].refresh_from_db()
    first_read = mine[1].read_at
    assert first_read is not None
    client.post(reverse("notifications:read", args=[mine[1].pk]), {"open": "1"})
    mine[1].refresh_from_db()
    assert mine[1].read_at == first_read  # reading again keeps the first time
    unread_tab = client.get(reverse("notifications:list") + "?show=unread").content.decode()
    assert unread_tab.count('data-testid="notification"') == 2 and "第1条" not in unread_tab


def test_nobody_can_read_or_mark_another_users_notification(client, users, inbox):
    other = Notification.objects.get(recipient=users["other_liaison"])
    client.login(username="liaison", password=PASSWORD)
    assert client.post(reverse("notifications:read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_read_needs_a_post_and_a_login(client, users, inbox):
    issue, mine = inbox
    url = reverse("notifications:read", args=[mine[0].pk])
    assert client.post(url).status_code == 302  # to the login page
    client.login(username="liaison", password=PASSWORD)
    assert client.get(url).status_code == 405
    mine[0].refresh_from_db()
    assert mine[0].read_at is None


def test_an_empty_centre_says_what_will_arrive_there(client, users):
    client.login(username="leader", password=PASSWORD)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "暂无通知" in page and "全部标为已读" not in page and unread_badge(page) is None


def test_the_unread_count_costs_one_query_per_page(client, users, inbox):
    client.login(username="liaison", password=PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("notifications:list"))
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "issues_notification" in q["sql"]]
    assert len(counts) == 2  # the navbar badge once (however often the page shows it), the paginator once


@pytest.fixture
def eager_celery():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_a_hand_off_tells_the_departments_liaison_in_app_and_by_email(
    users, eager_celery, django_capture_on_commit_callbacks
):
    users["liaison"].email = "liaison@example.gov.cn"
    users["liaison"].save()
    issue = make_issue(by=users["staff"], department=users["liaison"].official.department, stage=Issue.Stage.FEEDBACK)
    event = IssueEvent.objects.create(issue=issue, actor=users["staff"], from_stage="experience", to_stage="feedback")
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_stage_change(issue, event)
    assert [n.recipient for n in created] == [users["liaison"]]
    assert "【交办】" in created[0].message and issue.number in created[0].message
    [email] = mail.outbox
    assert email.to == ["liaison@example.gov.cn"] and issue.number in email.body


def test_a_failed_evaluation_tells_the_liaison_why_and_a_submission_tells_the_center(users):
    issue = make_issue(by=users["staff"], department=users["liaison"].official.department, stage="rectification")
    back = IssueEvent.objects.create(
        issue=issue, actor=users["leader"], from_stage="evaluation", to_stage="rectification", note="群众回访仍不满意"
    )
    [told] = notify_stage_change(issue, back)
    assert told.recipient == users["liaison"] and "退回整改" in told.message and "群众回访仍不满意" in told.message
    submitted = IssueEvent.objects.create(
        issue=issue, actor=users["liaison"], from_stage="rectification", to_stage="evaluation"
    )
    assert [n.recipient for n in notify_stage_change(issue, submitted)] == [users["staff"]]


def test_the_actor_is_not_told_of_his_own_step(users):
    issue = make_issue(by=users["staff"], department=users["liaison"].official.department, stage="evaluation")
    event = IssueEvent.objects.create(
        issue=issue, actor=users["staff"], from_stage="rectification", to_stage="evaluation"
    )
    assert notify_stage_change(issue, event) == []


# --- stored as kind + parameters, written in the reader's language ------------------------------------------------

def test_a_notification_is_written_in_the_language_of_whoever_reads_it(org, users):
    from django.utils import translation

    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.FEEDBACK)
    [stored] = notify(
        recipients=[users["liaison"]], kind="overdue",
        params={"number": issue.number, "title": "叫号", "department": "县市场监管局", "deadline": "2026-11-02",
                "days": 1},
        issue=issue,
    )
    stored.refresh_from_db()
    assert (stored.kind, stored.params["days"]) == ("overdue", 1)
    with translation.override("zh-hans"):
        assert stored.message.startswith("【超期催办】县市场监管局:问题") and "已超期1个工作日" in stored.message
    with translation.override("en"):
        assert stored.message.startswith("[Overdue reminder] 县市场监管局: issue")
        assert "1 working day overdue" in stored.message
        stored.params["days"] = 3
        assert "3 working days overdue" in stored.message


def test_the_migration_turns_old_sentences_into_kinds_and_parameters(org, users):
    import types
    from importlib import import_module

    migration = import_module("issues.migrations.0005_loop_handling")
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.RECTIFICATION)
    old = types.SimpleNamespace(
        issue=issue,
        message=f"【超期催办】县市场监管局:问题{issue.number}「窗口」的整改时限为2026-11-02,已超期3个工作日,请尽快整改并反馈。",
    )
    params = migration._params(old)
    assert migration.TAGS["超期催办"] == "overdue"
    assert (params["number"], params["deadline"], params["days"]) == (issue.number, "2026-11-02", 3)
