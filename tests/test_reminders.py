"""Deadline reminders: due soon, overdue each working day, escalation, exactly once, delivered by mail and webhook.

Days are passed explicitly (the beat task passes today in Asia/Shanghai), on the real seeded calendar.
"""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from issues import outbox
from issues.models import Delivery, Issue, Notification, Reminder
from issues.reminders import ReminderRules, reminder_windows
from issues.reminders import send_due_reminders as record_due_reminders
from issues.workdays import calendar_from_rows
from tests.factories import make_issue

D = datetime.date
Kind = Reminder.Kind


@pytest.fixture
def people(users):
    for name, user in users.items():
        user.email = f"{name}@example.gov.cn"
        user.save(update_fields=["email"])
    return users


def issue_due(people, deadline, *, department=None, stage=Issue.Stage.RECTIFICATION, title="窗口叫号系统故障"):
    issue = make_issue(
        by=people["staff"], department=department or people["liaison"].official.department, stage=stage, title=title
    )
    Issue.objects.filter(pk=issue.pk).update(deadline=deadline)
    issue.refresh_from_db()
    return issue


def send_due_reminders(*, today):
    """The daily run, then the outbox worker's pass over what it recorded."""
    counts = record_due_reminders(today=today)
    outbox.deliver_due()
    return counts


def sent_days(issue, kind):
    return list(Reminder.objects.filter(issue=issue, kind=kind).order_by("day").values_list("day", flat=True))


def inbox_of(user):
    return [notification.message for notification in Notification.objects.filter(recipient=user)]


# --- planning (pure) ---------------------------------------------------------------------------------------------

def test_planning_needs_no_database_and_sends_nothing_on_a_day_off():
    calendar = calendar_from_rows([(D(2030, 5, 1), False)], complete_years=[2030])
    rules = ReminderRules(due_soon_working_days=2, escalate_after_working_days=3)
    assert reminder_windows(today=D(2030, 5, 1), calendar=calendar, rules=rules) is None
    windows = reminder_windows(today=D(2030, 4, 29), calendar=calendar, rules=rules)  # a Monday
    # Due soon: deadlines up to two working days away — Tue 30 April, Thu 2 May (1 May off) — and the day off.
    assert sorted(windows.due_soon_since) == [D(2030, 4, 29), D(2030, 4, 30), D(2030, 5, 1), D(2030, 5, 2)]
    assert windows.due_soon_since[D(2030, 5, 2)] == D(2030, 4, 29)
    # Escalated: three working days overdue or more (Mon 29, Fri 26, Thu 25 counted back) — deadlines before the 25th.
    assert windows.escalate_before == D(2030, 4, 25)


# --- due soon ----------------------------------------------------------------------------------------------------

def test_due_soon_goes_out_two_working_days_before_the_deadline_counted_across_the_spring_festival(people):
    issue = issue_due(people, D(2026, 2, 25))  # Wednesday after the 2026 Spring Festival
    assert send_due_reminders(today=D(2026, 2, 13))[Kind.DUE_SOON] == 0  # Sat 14, Tue 24, Wed 25: three left
    assert send_due_reminders(today=D(2026, 2, 14))[Kind.DUE_SOON] == 1  # the make-up Saturday: two left
    assert sent_days(issue, Kind.DUE_SOON) == [D(2026, 2, 14)]
    [message] = inbox_of(people["liaison"])
    assert issue.number in message and "还剩2个工作日" in message and "2026-02-25" in message


def test_due_soon_is_sent_once_per_deadline_not_every_day(people):
    issue = issue_due(people, D(2026, 2, 25))
    for day in (D(2026, 2, 14), D(2026, 2, 24), D(2026, 2, 25)):
        send_due_reminders(today=day)
    assert sent_days(issue, Kind.DUE_SOON) == [D(2026, 2, 14)]
    Issue.objects.filter(pk=issue.pk).update(deadline=D(2026, 3, 10))  # an approved extension moves the deadline
    send_due_reminders(today=D(2026, 3, 6))  # Mon 9, Tue 10
    assert sent_days(issue, Kind.DUE_SOON) == [D(2026, 2, 14), D(2026, 3, 6)]


def test_due_soon_goes_to_the_departments_liaisons_and_the_center_not_to_others(people, org):
    issue = issue_due(people, D(2026, 3, 4), department=org.market_unit)  # a sub-unit of the liaison's department
    send_due_reminders(today=D(2026, 3, 2))
    assert len(inbox_of(people["liaison"])) == 1 and len(inbox_of(people["staff"])) == 1
    assert inbox_of(people["other_liaison"]) == [] and inbox_of(people["leader"]) == []
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "liaison@example.gov.cn", "staff@example.gov.cn",
    ]
    assert "即将到期提醒" in mail.outbox[0].subject and issue.number in mail.outbox[0].body


def test_a_deadline_in_a_year_without_holidays_is_called_provisional_in_the_reminder(people):
    issue_due(people, D(2027, 1, 1))
    send_due_reminders(today=D(2026, 12, 30))  # Thu 31, Fri 1 January (counted: 2027 is not entered)
    [message] = inbox_of(people["liaison"])
    assert "还剩2个工作日" in message and "暂按周一至周五计算" in message


# --- overdue and escalation ---------------------------------------------------------------------------------------

def test_overdue_reminders_come_each_working_day_and_none_on_the_national_day_holiday(people):
    issue = issue_due(people, D(2026, 9, 30))
    for day in [D(2026, 10, 1) + datetime.timedelta(days=n) for n in range(12)]:  # 1–12 October
        send_due_reminders(today=day)
    # 1–7 October are the holiday, the 10th is the make-up Saturday, the 11th a Sunday.
    assert sent_days(issue, Kind.OVERDUE) == [D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12)]
    assert not Reminder.objects.filter(day__range=(D(2026, 10, 1), D(2026, 10, 7))).exists()


def test_overdue_is_escalated_to_leaders_once_on_the_third_working_day_overdue(people):
    issue = issue_due(people, D(2026, 9, 30))
    for day in (D(2026, 10, 8), D(2026, 10, 9)):
        send_due_reminders(today=day)
    assert sent_days(issue, Kind.ESCALATION) == [] and inbox_of(people["leader"]) == []
    assert send_due_reminders(today=D(2026, 10, 10))[Kind.ESCALATION] == 1
    send_due_reminders(today=D(2026, 10, 12))
    assert sent_days(issue, Kind.ESCALATION) == [D(2026, 10, 10)]
    [notice] = inbox_of(people["leader"])
    assert "超期通报" in notice and "已超期3个工作日" in notice and "县市场监管局" in notice
    assert not any("超期通报" in message for message in inbox_of(people["liaison"]))
    assert len([m for m in inbox_of(people["liaison"]) if "超期催办" in m]) == 4


def test_the_escalation_threshold_is_a_setting(people, settings):
    settings.REMINDER_ESCALATE_AFTER_WORKING_DAYS = 1
    issue = issue_due(people, D(2026, 9, 30))
    send_due_reminders(today=D(2026, 10, 8))
    assert sent_days(issue, Kind.ESCALATION) == [D(2026, 10, 8)]


def test_issues_the_department_is_not_holding_are_not_chased(people):
    issue_due(people, D(2026, 9, 30), stage=Issue.Stage.EVALUATION)
    issue_due(people, D(2026, 9, 30), stage=Issue.Stage.CLOSED)
    assert sum(send_due_reminders(today=D(2026, 10, 8)).values()) == 0


# --- exactly once -------------------------------------------------------------------------------------------------

def test_running_the_reminders_twice_on_a_day_sends_each_once(people):
    issue_due(people, D(2026, 9, 30))
    first = send_due_reminders(today=D(2026, 10, 10))
    second = send_due_reminders(today=D(2026, 10, 10))
    assert first == {Kind.DUE_SOON: 0, Kind.OVERDUE: 1, Kind.ESCALATION: 1}
    assert second == {Kind.DUE_SOON: 0, Kind.OVERDUE: 0, Kind.ESCALATION: 0}
    assert Reminder.objects.count() == 2
    assert len(inbox_of(people["liaison"])) == 1 and len(inbox_of(people["staff"])) == 2
    assert len(mail.outbox) == 4  # overdue: liaison and staff; escalation: leader and staff
    assert len(mail.outbox) == len({(m.subject, m.to[0]) for m in mail.outbox})


def test_a_claimed_reminder_is_refused_by_the_database_constraint(people):
    issue = issue_due(people, D(2026, 9, 30))
    Reminder.objects.create(issue=issue, kind=Kind.OVERDUE, day=D(2026, 10, 8))  # another worker was first
    assert send_due_reminders(today=D(2026, 10, 8))[Kind.OVERDUE] == 0
    assert Notification.objects.count() == 0 and mail.outbox == []


# --- delivery -----------------------------------------------------------------------------------------------------

class RobotHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, self.headers["Content-Type"], json.loads(body)))
        answer = json.dumps(self.server.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot(settings):
    """A 企业微信-style group robot on 127.0.0.1 that records what it is sent."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), RobotHandler)
    server.received, server.answer = [], {"errcode": 0, "errmsg": "ok"}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.REMINDER_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=test"
    yield server
    server.shutdown()
    server.server_close()


def test_the_group_robot_gets_the_days_reminders_as_one_text_message(people, robot):
    issue = issue_due(people, D(2026, 9, 30))
    send_due_reminders(today=D(2026, 10, 10))
    send_due_reminders(today=D(2026, 10, 10))  # the second run has nothing new to say
    [(path, content_type, payload)] = robot.received
    assert path == "/cgi-bin/webhook/send?key=test" and content_type.startswith("application/json")
    assert payload["msgtype"] == "text"
    content = payload["text"]["content"]
    assert content.startswith("走流程 2026-10-10 催办提醒") and content.count(issue.number) == 2
    assert "超期催办" in content and "超期通报" in content


def test_a_robot_that_refuses_or_is_unreachable_never_stops_the_reminders(people, robot, settings):
    robot.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    issue_due(people, D(2026, 9, 30))
    assert send_due_reminders(today=D(2026, 10, 8))[Kind.OVERDUE] == 1
    settings.REMINDER_WEBHOOK_URL = "http://127.0.0.1:9/unreachable"
    assert send_due_reminders(today=D(2026, 10, 9))[Kind.OVERDUE] == 1
    assert len(mail.outbox) == 4 and len(inbox_of(people["liaison"])) == 2
    robot_rows = Delivery.objects.filter(channel="robot").order_by("reminder__day")
    assert [(row.state, row.attempts) for row in robot_rows] == [("pending", 1), ("pending", 1)]  # kept for a retry
    assert "93000" in robot_rows[0].last_error and "Connection refused" in robot_rows[1].last_error


def test_webhook_messages_are_split_to_fit_a_group_robots_limit():
    from issues.outbox import webhook_chunks

    lines = ["标题"] + ["超期催办" * 40] * 10  # 480 bytes a line
    chunks = webhook_chunks(lines, max_bytes=2000)
    assert len(chunks) == 3 and all(len(chunk.encode()) <= 2000 for chunk in chunks)
    assert all(chunk.startswith("标题\n") for chunk in chunks)  # each message says what it is
    assert sum(chunk.count("超期催办" * 40) for chunk in chunks) == 10
