"""Reminder delivery as an outbox (findings 4, 5 and 6 of issue 11): a mail server that is down loses nothing, the
group robot is batched and paced under its 20-a-minute limit, exactly once per recipient and channel under
concurrent runs, and a scan whose query count does not grow with the number of reminders.

Time is never slept on: the outbox takes `now`, and the robot below counts its minute on the same injected clock.
"""

import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from issues import outbox, reminders
from issues.models import Delivery, Issue, IssueNumberCounter, Notification, Reminder, RobotPost
from issues.reminders import send_due_reminders
from tests.conftest import require_postgresql
from tests.factories import PASSWORD, make_issue

D = datetime.date
Kind = Reminder.Kind
OCT_10 = D(2026, 10, 10)  # a make-up Saturday: an issue due 30 September is 3 working days overdue (escalated)
# The outbox's clock: an hour ahead of the real one, so every delivery recorded in a test is due at T0.
T0 = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
SEPT_30 = D(2026, 9, 30)


@pytest.fixture
def people(users):
    for name, user in users.items():
        user.email = f"{name}@example.gov.cn"
        user.save(update_fields=["email"])
    return users


def overdue_issues(people, count, *, deadline=SEPT_30):
    """`count` issues in rectification at the liaison's department, due `deadline` (bulk: numbering is not tested)."""
    first = make_issue(by=people["staff"], department=people["liaison"].official.department,
                       stage=Issue.Stage.RECTIFICATION, title="窗口叫号系统故障0")
    Issue.objects.filter(pk=first.pk).update(deadline=deadline)
    start = Issue.objects.filter(year=first.year).order_by("-sequence").values_list("sequence", flat=True)[0]
    Issue.objects.bulk_create(
        Issue(year=first.year, sequence=start + n, title=f"窗口叫号系统故障{n}", discovered_on=first.discovered_on,
              source=first.source, department=first.department, stage=Issue.Stage.RECTIFICATION, deadline=deadline,
              created_by=people["staff"])
        for n in range(1, count)
    )
    IssueNumberCounter.objects.filter(year=first.year).update(last_sequence=start + count - 1)
    return list(Issue.objects.filter(deadline=deadline).order_by("pk"))


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


# --- finding 4: a mail server that is down ------------------------------------------------------------------------

@pytest.fixture
def mail_server(monkeypatch):
    """The mail server, up or down as the test says."""
    state = {"down": True}
    real = outbox.get_connection

    def connect(*args, **kwargs):
        if state["down"]:
            raise ConnectionRefusedError("smtp.example.gov.cn:25 refused the connection")
        return real(*args, **kwargs)

    monkeypatch.setattr(outbox, "get_connection", connect)
    return state


def test_reminder_emails_wait_out_a_mail_server_outage_and_the_escalation_reaches_the_leader(people, mail_server):
    [issue] = overdue_issues(people, 1)
    assert send_due_reminders(today=OCT_10) == {Kind.DUE_SOON: 0, Kind.OVERDUE: 1, Kind.ESCALATION: 1}
    outbox.deliver_due(now=T0)
    assert mail.outbox == []
    rows = Delivery.objects.filter(channel="email")
    assert rows.count() == 4 and {(row.state, row.attempts) for row in rows} == {("pending", 1)}
    assert "refused the connection" in rows[0].last_error
    # In-app copies are there already; a second run the same day records and sends nothing more.
    assert Notification.objects.filter(recipient=people["leader"], kind="escalation").count() == 1
    assert sum(send_due_reminders(today=OCT_10).values()) == 0
    outbox.deliver_due(now=T0 + datetime.timedelta(seconds=30))  # before the backoff: not tried again
    assert set(rows.values_list("attempts", flat=True)) == {1}
    mail_server["down"] = False
    run = outbox.deliver_due(now=T0 + datetime.timedelta(seconds=61))
    assert run.sent == 4 and run.next_at is None
    [escalation] = emails_to("leader@example.gov.cn")
    assert "超期通报" in escalation.subject and issue.number in escalation.body
    assert len(emails_to("liaison@example.gov.cn")) == 1 and len(emails_to("staff@example.gov.cn")) == 2
    outbox.deliver_due(now=T0 + datetime.timedelta(hours=1))
    assert len(mail.outbox) == 4  # once each


def test_an_email_that_never_goes_is_failed_after_the_limit_and_shown_to_staff(people, mail_server, settings, client):
    settings.REMINDER_DELIVERY_MAX_ATTEMPTS = 3
    overdue_issues(people, 1, deadline=D(2026, 10, 9))
    send_due_reminders(today=OCT_10)  # overdue: liaison and staff
    now, waits = T0, []
    while Delivery.objects.filter(state="pending").exists():
        outbox.deliver_due(now=now)
        following = Delivery.objects.filter(state="pending").order_by("next_attempt_at").first()
        if following:
            waits.append((following.next_attempt_at - now).total_seconds())
            now = following.next_attempt_at
    assert waits == [60, 120]  # backoff doubles; the third failure is the last
    assert set(Delivery.objects.values_list("state", "attempts")) == {("failed", 3)}
    client.login(username="staff", password=PASSWORD)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="delivery-warning"' in page and "2条催办提醒多次重试后仍未发出" in page
    client.login(username="liaison", password=PASSWORD)
    assert 'data-testid="delivery-warning"' not in client.get(reverse("home")).content.decode()


def test_the_in_app_copy_and_the_reminder_are_written_together_or_not_at_all(people, monkeypatch):
    overdue_issues(people, 2)

    real_write = reminders.write_rows

    def broken(model, fields, rows):  # the notifications are written, then the outbox fails
        if model is Delivery:
            raise RuntimeError("disk full")
        return real_write(model, fields, rows)

    monkeypatch.setattr(reminders, "write_rows", broken)
    with pytest.raises(RuntimeError):
        send_due_reminders(today=OCT_10)
    assert Reminder.objects.count() == 0 and Notification.objects.count() == 0
    monkeypatch.undo()
    assert send_due_reminders(today=OCT_10)[Kind.OVERDUE] == 2  # the next run does it all


# --- finding 5: a group robot that takes 20 messages a minute ------------------------------------------------------

class LimitedRobot(BaseHTTPRequestHandler):
    """A 企业微信-style group robot on 127.0.0.1 that takes 20 messages a minute on the test's clock."""

    def do_POST(self):  # noqa: N802 - http.server's name
        server = self.server
        text = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["text"]["content"]
        now = server.clock["now"]
        with server.lock:
            recent = [at for at in server.accepted_at if at > now - datetime.timedelta(minutes=1)]
            if len(recent) >= 20:
                server.refused += 1
                answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
            else:
                server.accepted_at.append(now)
                server.received.append(text)
                answer = {"errcode": 0, "errmsg": "ok"}
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def limited_robot(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), LimitedRobot)
    server.clock, server.lock = {"now": T0}, threading.Lock()
    server.accepted_at, server.received, server.refused = [], [], 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.REMINDER_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=test"
    yield server
    server.shutdown()
    server.server_close()


def deliver_each_minute(robot, *, minutes=10):
    """The beat's minute-by-minute outbox runs, on the robot's clock; returns the minutes it took."""
    for minute in range(minutes):
        robot.clock["now"] = T0 + datetime.timedelta(minutes=minute)
        outbox.deliver_due(now=robot.clock["now"])
        if not Delivery.objects.filter(channel="robot", state="pending").exists():
            return minute + 1
    raise AssertionError(f"robot deliveries still pending after {minutes} minutes")


def test_120_escalations_reach_the_robot_batched_and_paced_without_a_refusal(people, limited_robot):
    issues = overdue_issues(people, 120)
    assert send_due_reminders(today=OCT_10)[Kind.ESCALATION] == 120
    minutes = deliver_each_minute(limited_robot)
    assert limited_robot.refused == 0
    texts = limited_robot.received
    assert 20 < len(texts) < 240 and minutes == 2  # several issues a message, more messages than one minute takes
    assert all(len(text.encode()) <= outbox.WEBHOOK_MAX_BYTES for text in texts)
    assert all(text.startswith("走流程 2026-10-10 催办提醒") for text in texts)
    lines = [line for text in texts for line in text.splitlines()[1:]]
    for issue in issues:  # each issue's overdue reminder and escalation, exactly once
        mine = [line for line in lines if f"问题{issue.number}「" in line or f"的问题{issue.number}「" in line]
        assert sorted(line[:6] for line in mine) == ["【超期催办】", "【超期通报】"]
    assert set(Delivery.objects.filter(channel="robot").values_list("state", flat=True)) == {"sent"}
    assert RobotPost.objects.count() == len(texts)


def test_a_rate_limit_answer_is_retried_the_next_minute_not_dropped(people, limited_robot):
    overdue_issues(people, 3)
    send_due_reminders(today=OCT_10)
    limited_robot.accepted_at.extend([T0] * 20)  # another system used this minute's 20 messages
    outbox.deliver_due(now=T0)
    assert limited_robot.refused == 1 and limited_robot.received == []
    rows = Delivery.objects.filter(channel="robot")
    assert {(row.state, row.attempts) for row in rows} == {("pending", 0)}
    assert "45009" in rows[0].last_error
    limited_robot.clock["now"] = T0 + datetime.timedelta(minutes=1, seconds=1)
    outbox.deliver_due(now=limited_robot.clock["now"])
    [text] = limited_robot.received
    assert text.count("【超期催办】") == 3 and text.count("【超期通报】") == 3
    assert set(rows.values_list("state", flat=True)) == {"sent"}


def test_pacing_is_computed_from_the_last_minutes_posts(people, settings):
    settings.REMINDER_WEBHOOK_PER_MINUTE = 20
    for second in range(20):
        RobotPost.objects.create(posted_at=T0 + datetime.timedelta(seconds=second), lines=1)
    assert outbox.robot_budget(now=T0 + datetime.timedelta(seconds=30)) == (0, T0 + datetime.timedelta(minutes=1))
    assert outbox.robot_budget(now=T0 + datetime.timedelta(seconds=65))[0] == 6  # 0–5 s have left the window


# --- finding 6: the scan in bulk ----------------------------------------------------------------------------------

def test_the_scans_query_count_does_not_grow_with_the_reminders(people, django_assert_max_num_queries, settings):
    settings.REMINDER_WEBHOOK_URL = "http://127.0.0.1:9/robot"
    overdue_issues(people, 5)
    with django_assert_max_num_queries(15) as few:
        counts = send_due_reminders(today=OCT_10)
    assert counts[Kind.OVERDUE] == 5 and counts[Kind.ESCALATION] == 5
    overdue_issues(people, 200, deadline=D(2026, 10, 9))
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        counts = send_due_reminders(today=D(2026, 10, 12))
    assert counts[Kind.OVERDUE] == 205 and Reminder.objects.filter(day=D(2026, 10, 12)).count() == 205
    assert Notification.objects.filter(reminder__day=D(2026, 10, 12)).count() == 205 * 2  # liaison and staff
    assert Delivery.objects.filter(reminder__day=D(2026, 10, 12)).count() == 205 * 3  # two e-mails, one robot row
    print(f"scan queries: {len(few.captured_queries)} for 10 reminders, {len(many.captured_queries)} for 205")


# --- exactly once under concurrent runs (PostgreSQL) --------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_on_postgresql_record_and_deliver_each_reminder_once(people, monkeypatch):
    require_postgresql()
    issues = overdue_issues(people, 3)
    real_claim, claims = reminders.claim_reminders, []

    def slow_claim(*args, **kwargs):  # hold the claimed rows uncommitted, so the other run really collides
        began = time.monotonic()
        claimed = real_claim(*args, **kwargs)
        claims.append((len(claimed), time.monotonic() - began))
        time.sleep(0.3)
        return claimed

    monkeypatch.setattr(reminders, "claim_reminders", slow_claim)
    real_email = outbox._email

    def slow_email(row):  # two delivery passes overlap while the first still holds its rows
        time.sleep(0.02)
        return real_email(row)

    monkeypatch.setattr(outbox, "_email", slow_email)
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait()
            results.append(send_due_reminders(today=OCT_10))
            start.wait()
            outbox.deliver_due(now=timezone.now())
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and len(results) == 2
    assert sorted(sum(result.values()) for result in results) == [0, 6]  # one run recorded all, the other none
    waited = [seconds for count, seconds in claims if count == 0]
    assert waited and waited[0] >= 0.2, "the second run never waited on the first one's rows"
    assert Reminder.objects.count() == 6
    for issue in issues:
        assert Notification.objects.filter(issue=issue, recipient=people["liaison"]).count() == 1
    sent = [(message.to[0], message.subject, message.body) for message in mail.outbox]
    assert len(sent) == 3 * 4 and len(set(sent)) == len(sent)  # overdue: liaison, staff; escalation: leader, staff
    assert set(Delivery.objects.values_list("state", "attempts")) == {("sent", 1)}
