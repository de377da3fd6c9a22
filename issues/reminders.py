"""Deadline reminders: which issue needs which reminder on a day (pure planning), and the daily run that sends each
one exactly once (claim the Reminder row under its unique constraint first, then deliver).

Rules, counted in working days of the Chinese calendar (issues.workdays), and sent on working days only:
- due soon (即将到期): once, when the deadline is N working days away or closer;
- overdue (超期催办): every working day while the deadline has passed;
- escalation (超期通报): once to the leaders, on the M-th working day overdue.
Only issues waiting on the department (feedback, rectification) are chased; in evaluation the center has the ball.
"""

import datetime
import functools
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from issues import notifications
from issues.models import Issue, Reminder
from issues.notification_kinds import render
from issues.workdays import WorkCalendar, work_calendar

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
CHASED_STAGES = (Issue.Stage.FEEDBACK, Issue.Stage.RECTIFICATION)


@dataclass(frozen=True)
class ReminderRules:
    due_soon_working_days: int = 2
    escalate_after_working_days: int = 3

    @classmethod
    def from_settings(cls) -> "ReminderRules":
        return cls(
            due_soon_working_days=settings.REMINDER_DUE_SOON_WORKING_DAYS,
            escalate_after_working_days=settings.REMINDER_ESCALATE_AFTER_WORKING_DAYS,
        )


@dataclass(frozen=True)
class PlannedReminder:
    issue_id: int
    kind: Kind
    working_days: int  # left before the deadline (due soon), or overdue so far (overdue, escalation)


def plan_reminders(
    *,
    deadlines: Iterable[tuple[int, datetime.date]],
    today: datetime.date,
    calendar: WorkCalendar,
    rules: ReminderRules,
    sent: Mapping[int, Iterable[tuple[str, datetime.date]]] | None = None,
) -> list[PlannedReminder]:
    """The reminders due on `today` for (issue id, deadline) pairs, given the (kind, day) reminders already sent."""
    if not calendar.is_workday(today):
        return []
    sent = sent or {}
    plans = []
    for issue_id, deadline in deadlines:
        earlier = list(sent.get(issue_id, ()))
        if deadline >= today:
            left = calendar.working_days_between(today, deadline)
            already_warned = any(
                kind == Kind.DUE_SOON
                and day <= deadline
                and calendar.working_days_between(day, deadline) <= rules.due_soon_working_days
                for kind, day in earlier
            )
            if left <= rules.due_soon_working_days and not already_warned:
                plans.append(PlannedReminder(issue_id, Kind.DUE_SOON, left))
            continue
        overdue = calendar.working_days_between(deadline, today)
        plans.append(PlannedReminder(issue_id, Kind.OVERDUE, overdue))
        already_escalated = any(kind == Kind.ESCALATION and day > deadline for kind, day in earlier)
        if overdue >= rules.escalate_after_working_days and not already_escalated:
            plans.append(PlannedReminder(issue_id, Kind.ESCALATION, overdue))
    return plans


def reminder_notice(issue: Issue, plan: PlannedReminder, *, calendar: WorkCalendar) -> tuple[str, dict]:
    """(kind, params) of the reminder's notification (issues.notification_kinds), rendered when read."""
    if plan.kind == Kind.DUE_SOON and plan.working_days == 0:
        kind = "due_today"
    else:
        kind = str(plan.kind)
    params = notifications.issue_params(issue, days=plan.working_days)
    if calendar.is_provisional(issue.deadline):
        params["provisional"] = True
    return kind, params


def reminder_message(issue: Issue, plan: PlannedReminder, *, calendar: WorkCalendar) -> str:
    """The reminder as a sentence in the active language (for email and the group robot)."""
    return render(*reminder_notice(issue, plan, calendar=calendar))


def reminder_recipients(department, *, escalation: bool) -> list:
    """Due soon and overdue go to the department's liaisons and the center; an escalation to leaders and the center."""
    if escalation:
        return notifications.leaders_and_center_staff()
    return notifications.department_liaisons(department) + notifications.center_staff()


def claim_reminder(
    *, issue: Issue, kind: str, day: datetime.date, recipients: list, notice: tuple[str, dict]
) -> Reminder | None:
    """Record the reminder and its in-app notifications, or None when another run already sent it today.

    The unique constraint on (issue, kind, day) decides: a second run, or a worker racing this one, gets the
    IntegrityError (on PostgreSQL it waits for the first insert to commit) and skips."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(issue=issue, kind=kind, day=day)
            notice_kind, params = notice
            notifications.notify(recipients=recipients, kind=notice_kind, params=params, issue=issue, reminder=reminder)
    except IntegrityError:
        return None
    return reminder


def send_due_reminders(*, today: datetime.date) -> dict[str, int]:
    """Sends every reminder due on `today` at most once per (issue, kind, day), however many runs overlap.

    Returns how many of each kind this run sent (a run that finds them already sent returns zeros)."""
    calendar = work_calendar()
    issues = {
        issue.pk: issue
        for issue in Issue.objects.filter(
            stage__in=CHASED_STAGES, deadline__isnull=False, department__isnull=False
        ).select_related("department")
    }
    sent = defaultdict(list)
    for issue_id, kind, day in Reminder.objects.filter(
        issue__in=issues, kind__in=[Kind.DUE_SOON, Kind.ESCALATION]
    ).values_list("issue_id", "kind", "day"):
        sent[issue_id].append((kind, day))
    plans = plan_reminders(
        deadlines=[(pk, issue.deadline) for pk, issue in issues.items()],
        today=today,
        calendar=calendar,
        rules=ReminderRules.from_settings(),
        sent=sent,
    )
    counts = {kind.value: 0 for kind in Kind}
    delivered = []
    recipients_of = functools.cache(reminder_recipients)  # one lookup per department and kind in a run
    with translation.override(settings.LANGUAGE_CODE):
        for plan in plans:
            issue = issues[plan.issue_id]
            notice = reminder_notice(issue, plan, calendar=calendar)
            message = render(*notice)
            recipients = recipients_of(issue.department, escalation=plan.kind == Kind.ESCALATION)
            if claim_reminder(issue=issue, kind=plan.kind, day=today, recipients=recipients, notice=notice) is None:
                continue
            notifications.send_email(recipients=recipients, subject=Kind(plan.kind).label, message=message, issue=issue)
            counts[plan.kind] += 1
            delivered.append(message)
        if delivered:
            notifications.post_webhook(
                [_("走流程 %(day)s 催办提醒:") % {"day": today.isoformat()}, *delivered]
            )
    logger.info("reminders for %s: %s", today, counts)
    return counts
