"""A broker outage never breaks a web request: with Redis unreachable (nothing listens on its port), users still log
walkthroughs and move issues, and handing a task to Celery gives up at once instead of hanging the request.

These tests need no Redis: they point the broker and the cache at a closed port, so they run everywhere.
"""

import datetime
import socket
import time

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu import pools

from campaigns.models import WalkthroughSession
from issues.models import Issue, IssueEvent, Notification
from issues.notifications import notify_stage_change
from issues.tasks import enqueue, send_reminders
from tests.factories import PASSWORD, CampaignFactory, ServiceItemFactory, make_issue
from tests.test_slice import walkthrough_post
from walkthrough.celery import app

DEAD_PORT = 6390
DEAD_REDIS = f"redis://127.0.0.1:{DEAD_PORT}/0"
WEB_DB = pytest.mark.django_db(transaction=True)  # so on_commit work runs as in production


def reset_broker_pools():
    """Forget the connections made to the previous broker URL (Celery and kombu keep pools per process)."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_stopped(settings):
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", DEAD_PORT)) != 0, f"something listens on {DEAD_PORT}"
    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}}
    saved = {key: app.conf[key] for key in ("broker_url", "broker_transport_options")}
    app.conf.broker_url = DEAD_REDIS
    app.conf.broker_transport_options = settings.REDIS_BROKER_TRANSPORT_OPTIONS
    reset_broker_pools()
    yield
    for key, value in saved.items():
        app.conf[key] = value
    reset_broker_pools()


def test_handing_a_task_to_a_stopped_broker_gives_up_at_once_and_says_so(redis_stopped, caplog):
    began = time.monotonic()
    assert enqueue(send_reminders) is False
    elapsed = time.monotonic() - began
    assert elapsed < 1.0, f"enqueue took {elapsed:.2f}s"
    assert "could not enqueue issues.tasks.send_reminders" in caplog.text
    print(f"enqueue with the broker down returned False in {elapsed * 1000:.0f} ms")


@WEB_DB
def test_with_redis_stopped_a_participant_still_logs_a_walkthrough(client, org, users, redis_stopped):
    campaign, item = CampaignFactory(), ServiceItemFactory(department=org.market)
    client.login(username="walker", password=PASSWORD)
    began = time.monotonic()
    response = client.post(
        reverse("campaigns:walkthrough_create"), walkthrough_post(campaign, org, users["walker"].official, item)
    )
    elapsed = time.monotonic() - began
    session = WalkthroughSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert session.issues.get().title == "设立登记需跑两个窗口"
    assert client.get(session.get_absolute_url()).status_code == 200
    print(f"walkthrough POST with Redis down: {elapsed * 1000:.0f} ms")


@WEB_DB
def test_with_redis_stopped_staff_still_hand_an_issue_off(client, org, users, redis_stopped):
    issue = make_issue(by=users["staff"], department=org.market, title="取号机故障")
    client.login(username="staff", password=PASSWORD)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    began = time.monotonic()
    response = client.post(
        reverse("issues:issue_step", args=[issue.pk, "hand_off"]),
        {"hand_off-department": org.market.pk, "hand_off-deadline": deadline.isoformat(), "hand_off-note": "请整改"},
    )
    elapsed = time.monotonic() - began
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.FEEDBACK and issue.deadline == deadline
    assert client.get(issue.get_absolute_url()).status_code == 200
    assert client.get(reverse("notifications:list")).status_code == 200
    print(f"hand-off POST with Redis down: {elapsed * 1000:.0f} ms")


@WEB_DB
def test_with_redis_stopped_a_stage_change_still_reaches_the_notification_centre(users, redis_stopped, caplog):
    issue = make_issue(by=users["staff"], department=users["liaison"].official.department, stage=Issue.Stage.FEEDBACK)
    with transaction.atomic():
        event = IssueEvent.objects.create(
            issue=issue, actor=users["staff"], from_stage="experience", to_stage="feedback"
        )
        transaction.on_commit(lambda: notify_stage_change(issue, event))
    # The notification row is written; only its email, which needed the broker, is given up (and logged).
    assert Notification.objects.filter(recipient=users["liaison"], issue=issue).count() == 1
    assert "could not enqueue issues.tasks.email_notifications" in caplog.text


@pytest.mark.django_db
def test_the_home_page_still_opens_when_redis_is_down(redis_stopped, client, users):
    client.login(username="staff", password=PASSWORD)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "后台任务尚未运行" in response.content.decode()
