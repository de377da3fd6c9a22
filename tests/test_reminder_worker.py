"""A real Celery worker takes the reminder task from the real Redis broker and delivers the reminder by email."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from issues.models import Issue, Notification, Reminder
from issues.tasks import enqueue, send_reminders
from tests.conftest import require_redis
from tests.factories import make_issue
from walkthrough.celery import app


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)  # the worker thread reads committed rows
def test_a_worker_delivers_an_overdue_reminder_sent_through_redis_exactly_once(users):
    require_redis()
    assert app.conf.broker_url.startswith("redis://")
    users["liaison"].email = "liaison@example.gov.cn"
    users["liaison"].save(update_fields=["email"])
    issue = make_issue(by=users["staff"], department=users["liaison"].official.department, stage="rectification")
    Issue.objects.filter(pk=issue.pk).update(deadline=datetime.date(2026, 9, 30))
    day = "2026-10-08"  # the first working day after the National Day holiday: one working day overdue

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        began = time.monotonic()
        assert enqueue(send_reminders, day) and enqueue(send_reminders, day)  # beat fired twice
        deadline = time.monotonic() + 20
        while Reminder.objects.count() == 0 or len(mail.outbox) < 1:
            assert time.monotonic() < deadline, "the worker delivered nothing within 20 s"
            time.sleep(0.05)
        delivered_in = time.monotonic() - began
        time.sleep(1)  # give the second run time to (not) send anything

    [reminder] = Reminder.objects.all()
    assert (reminder.issue_id, reminder.kind) == (issue.pk, Reminder.Kind.OVERDUE)
    assert reminder.day == datetime.date(2026, 10, 8)
    [email] = [m for m in mail.outbox if m.to == ["liaison@example.gov.cn"]]
    assert "超期催办" in email.subject and issue.number in email.body and "1个工作日" in email.body
    assert Notification.objects.filter(recipient=users["liaison"], reminder=reminder).count() == 1
    print(f"worker delivered the reminder {delivered_in:.2f}s after enqueue")
