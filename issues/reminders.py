"""Deadline reminders: which deadlines need which reminder on a day (pure windows), and the daily scan that records
each reminder exactly once, in bulk, with its in-app notifications and its outbox deliveries (issues.outbox sends).

Rules, counted in working days of the Chinese calendar (issues.workdays), and sent on working days only:
- due soon (即将到期): once, when the deadline is N working days away or closer;
- overdue (超期催办): every working day while the deadline has passed;
- escalation (超期通报): once to the leaders, on the M-th working day overdue.
Only issues waiting on the department (feedback, rectification) are chased; in evaluation the center has the ball.

The scan does a fixed number of statements whatever the number of reminders: one select per kind, one INSERT … ON
CONFLICT DO NOTHING RETURNING for the reminders (the unique (issue, kind, day) decides which run records one: a
concurrent run waits for the first to commit and gets none back), then one COPY each for the notifications and the
deliveries of exactly the reminders this run recorded — all in one transaction. (Django's query counter sees the
11 statements, not the two COPYs.)
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation

from campaigns.counting import rows_changed
from campaigns.models import Department
from campaigns.roles import Role
from issues.models import Delivery, Issue, Notification, Reminder
from issues.notification_kinds import render
from issues.workdays import ONE_DAY, WorkCalendar, work_calendar

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
class ReminderWindows:
    """Which deadlines get which reminder on `today` (pure: no database)."""

    today: datetime.date
    due_soon_since: dict  # deadline -> the first day a due-soon warning for it counts as already given
    escalate_before: datetime.date  # deadlines before this day are overdue by the escalation threshold or more


def reminder_windows(*, today: datetime.date, calendar: WorkCalendar, rules: ReminderRules) -> ReminderWindows | None:
    """The windows of `today`, or None on a day off (nothing is sent then)."""
    if not calendar.is_workday(today):
        return None
    due_soon_since = {}
    deadline = today
    while calendar.working_days_between(today, deadline) <= rules.due_soon_working_days:
        since = deadline
        while since > today - datetime.timedelta(days=60) and (
            calendar.working_days_between(since - ONE_DAY, deadline) <= rules.due_soon_working_days
        ):
            since -= ONE_DAY
        due_soon_since[deadline] = since
        deadline += ONE_DAY
    # Overdue by M working days or more: at least M working days in (deadline, today], today being the first.
    counted, day = 0, today
    while counted < rules.escalate_after_working_days:
        if calendar.is_workday(day):
            counted += 1
        day -= ONE_DAY
    return ReminderWindows(today=today, due_soon_since=due_soon_since, escalate_before=day + ONE_DAY)


# --- the words ----------------------------------------------------------------------------------------------------

def reminder_notice(
    *, kind: str, working_days: int, number: str, title: str, department: str, deadline: datetime.date,
    calendar: WorkCalendar,
) -> tuple[str, dict]:
    """(notification kind, params) of a reminder (issues.notification_kinds writes it in the reader's language).
    A deadline on a day off names it (节假日/周末) and the last working day before it, so nobody reads "today"
    for a holiday or waits for a day the office is closed."""
    params = {"number": number, "title": title[:60], "department": department, "deadline": deadline.isoformat(),
              "days": working_days}
    notice = str(kind)
    if kind == Kind.DUE_SOON and not calendar.is_workday(deadline):
        is_holiday = deadline in calendar.exceptions or deadline.weekday() < 5
        params.update(day_off="holiday" if is_holiday else "weekend",
                      last=calendar.last_working_day_before(deadline).isoformat())
        notice = "due_last_working_day" if working_days == 0 else "due_before_day_off"
    elif kind == Kind.DUE_SOON and working_days == 0:
        notice = "due_today"
    if calendar.is_provisional(deadline):
        params["provisional"] = True
    return notice, params


def reminder_message(**facts) -> str:
    """The reminder as a sentence in the active language (what e-mails and the group robot send)."""
    return render(*reminder_notice(**facts))


# --- the scan -----------------------------------------------------------------------------------------------------

ISSUE_FIELDS = ("pk", "deadline", "number", "title", "department_id", "department__name", "department__path")


def _chased() -> Q:
    return Q(stage__in=CHASED_STAGES, deadline__isnull=False, department__isnull=False)


def due_reminders(windows: ReminderWindows, *, calendar: WorkCalendar) -> list[tuple[str, dict, int]]:
    """(kind, issue facts, working days) for every reminder due: three queries, one per kind."""
    today = windows.today
    found = []
    if windows.due_soon_since:
        not_yet_warned = Q(pk__in=[])
        for deadline, since in windows.due_soon_since.items():
            warned = Reminder.objects.filter(issue=OuterRef("pk"), kind=Kind.DUE_SOON, day__range=(since, deadline))
            not_yet_warned |= Q(deadline=deadline) & ~Exists(warned)
        for facts in Issue.objects.filter(_chased(), not_yet_warned).values(*ISSUE_FIELDS):
            found.append((Kind.DUE_SOON, facts, calendar.working_days_between(today, facts["deadline"])))
    overdue = list(Issue.objects.filter(_chased(), deadline__lt=today).values(*ISSUE_FIELDS))
    escalated = Reminder.objects.filter(issue=OuterRef("pk"), kind=Kind.ESCALATION, day__gt=OuterRef("deadline"))
    to_escalate = set(
        Issue.objects.filter(_chased(), deadline__lt=windows.escalate_before)
        .exclude(Exists(escalated)).values_list("pk", flat=True)
    )
    days_overdue = {}
    for facts in overdue:
        deadline = facts["deadline"]
        if deadline not in days_overdue:
            days_overdue[deadline] = calendar.working_days_between(deadline, today)
        found.append((Kind.OVERDUE, facts, days_overdue[deadline]))
        if facts["pk"] in to_escalate:
            found.append((Kind.ESCALATION, facts, days_overdue[deadline]))
    return found


def claim_reminders(pairs: list[tuple[int, str]], *, day: datetime.date, messages: dict) -> dict[tuple[int, str], int]:
    """Inserts the (issue id, kind) reminders of `day` that no run has recorded yet and returns the id of each one
    THIS run inserted. A concurrent run's rows are skipped (it waits for that run to commit, then gets nothing)."""
    table = Reminder._meta.db_table
    pairs = sorted(set(pairs))  # one order for every run: two runs never wait on each other in a cycle
    claimed = {}
    now = timezone.now()
    with _binding_cursor() as cursor:
        if connection.vendor == "postgresql":
            batches = [pairs] if pairs else []
        else:
            batches = [pairs[start:start + 500] for start in range(0, len(pairs), 500)]
        for batch in batches:
            if connection.vendor == "postgresql":
                sql = (
                    f"INSERT INTO {table} (issue_id, kind, day, created_at, message) "
                    "SELECT issue_id, kind, %s, %s, message "
                    "FROM unnest(%b::bigint[], %b::text[], %b::text[]) AS t(issue_id, kind, message) "
                    "ORDER BY issue_id, kind "
                    "ON CONFLICT (issue_id, kind, day) DO NOTHING RETURNING id, issue_id, kind"
                )
                params = [day, now, [p[0] for p in batch], [p[1] for p in batch], [messages[p] for p in batch]]
            else:
                sql = (
                    f"INSERT INTO {table} (issue_id, kind, day, created_at, message) VALUES "
                    + ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
                    + " ON CONFLICT (issue_id, kind, day) DO NOTHING RETURNING id, issue_id, kind"
                )
                params = [value for issue_id, kind in batch for value in (issue_id, kind, day, now,
                                                                            messages[(issue_id, kind)])]
            cursor.execute(sql, params)
            for reminder_id, issue_id, kind in cursor.fetchall():
                claimed[(issue_id, kind)] = reminder_id
    return claimed


def _binding_cursor():
    """A cursor that sends parameters apart from the SQL (binary arrays) on PostgreSQL: Django's default client-side
    binding quotes every element of a 40,000-element array in Python. Still a Django cursor, so it is counted."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg
    from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

    connection.ensure_connection()
    wrapper = CursorDebugWrapper if connection.queries_logged else CursorWrapper
    return wrapper(psycopg.Cursor(connection.connection), connection)


def write_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """Many rows in one statement: COPY on PostgreSQL (bulk_create's per-value quoting took seconds per 10,000
    notifications); elsewhere one INSERT the driver runs for every row (executemany), since bulk_create would cut
    the rows into statements of Django's 999-parameter guess at SQLite's limit. Written in the caller's
    transaction."""
    if not rows:
        return
    model_fields = [model._meta.get_field(name) for name in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in model_fields)
    if connection.vendor != "postgresql":
        values = [[field.get_db_prep_save(value, connection) for field, value in zip(model_fields, row, strict=True)]
                  for row in rows]
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", values)
        return
    from psycopg.types.json import Jsonb

    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([Jsonb(value) if isinstance(value, dict) else value for value in row])


@dataclass(frozen=True)
class Audience:
    """Who hears what, loaded once per run (three queries). Everyone is keyed by the path of the node he is bound
    to (campaigns.scope): he hears about a department only when that node is the department or one of its
    ancestors — a county's staff never hear of another county's issues, the city's hear of all its counties'."""

    liaisons_by_path: dict  # department path -> [(user id, email)]
    center_staff: list  # [(user id, email, scope path)]
    leaders_and_staff: list  # [(user id, email, scope path)]

    @classmethod
    def load(cls) -> "Audience":
        users = get_user_model().objects.filter(is_active=True)
        liaisons = defaultdict(list)
        for pk, email, path in users.filter(
            groups__name=Role.DEPT_LIAISON.value, official__department__isnull=False
        ).values_list("pk", "email", "official__department__path").order_by("pk").distinct():
            liaisons[path].append((pk, email))
        bound = users.filter(jurisdiction__isnull=False)
        staff = list(
            bound.filter(groups__name=Role.CENTER_STAFF.value)
            .values_list("pk", "email", "jurisdiction__unit__path").order_by("pk").distinct()
        )
        both = list(
            bound.filter(groups__name__in=[Role.LEADER.value, Role.CENTER_STAFF.value])
            .values_list("pk", "email", "jurisdiction__unit__path").order_by("pk").distinct()
        )
        return cls(liaisons_by_path=dict(liaisons), center_staff=staff, leaders_and_staff=both)

    def of(self, kind: str, department_path: str) -> list[tuple[int, str]]:
        """Due soon and overdue: the department's liaisons (bound to it or an ancestor) and the center staff over
        it; an escalation: the leaders and the center staff over it."""
        found = {}
        if kind != Kind.ESCALATION:
            step = Department.steplen
            for end in range(step, len(department_path) + 1, step):
                for pk, email in self.liaisons_by_path.get(department_path[:end], ()):
                    found[pk] = email
        overseers = self.leaders_and_staff if kind == Kind.ESCALATION else self.center_staff
        for pk, email, scope_path in overseers:
            if department_path.startswith(scope_path):
                found[pk] = email
        return sorted(found.items())


def send_due_reminders(*, today: datetime.date) -> dict[str, int]:
    """Records every reminder due on `today` at most once per (issue, kind, day), however many runs overlap, with
    its in-app notifications and its outbox deliveries, in one transaction; the outbox is sent after commit.

    Returns how many of each kind this run recorded (a run that finds them already recorded returns zeros)."""
    counts = {kind.value: 0 for kind in Kind}
    calendar = work_calendar()
    windows = reminder_windows(today=today, calendar=calendar, rules=ReminderRules.from_settings())
    if windows is None:
        return counts
    found = due_reminders(windows, calendar=calendar)
    if not found:
        return counts
    notices = {
        (facts["pk"], kind): reminder_notice(
            kind=kind, working_days=days, number=facts["number"], title=facts["title"],
            department=facts["department__name"], deadline=facts["deadline"], calendar=calendar,
        )
        for kind, facts, days in found
    }
    with translation.override(settings.LANGUAGE_CODE):  # e-mails and the robot speak the site's language
        messages = {key: render(*notice) for key, notice in notices.items()}
    audience = Audience.load()
    with transaction.atomic():
        claimed = claim_reminders(list(messages), day=today, messages=messages)
        notifications, deliveries = [], []
        now = timezone.now()
        pending = Delivery.State.PENDING
        robot = bool(settings.REMINDER_WEBHOOK_URL)
        for kind, facts, _days in found:
            reminder_id = claimed.get((facts["pk"], kind))
            if reminder_id is None:
                continue
            counts[kind] += 1
            notice_kind, params = notices[(facts["pk"], kind)]
            for user_id, email in audience.of(kind, facts["department__path"]):
                notifications.append((user_id, facts["pk"], reminder_id, notice_kind, params, now))
                if email:
                    deliveries.append((reminder_id, user_id, Delivery.Channel.EMAIL, pending, 0, "", now, now))
            if robot:
                deliveries.append((reminder_id, None, Delivery.Channel.ROBOT, pending, 0, "", now, now))
        write_rows(Notification, ["recipient", "issue", "reminder", "kind", "params", "created_at"], notifications)
        write_rows(Delivery, ["reminder", "recipient", "channel", "state", "attempts", "last_error",
                              "next_attempt_at", "created_at"], deliveries)
        if deliveries:
            transaction.on_commit(_deliver_soon)
        if claimed:
            rows_changed()  # the 超期通报 list (todo=escalated) counts these reminders: its cached total is old now
    logger.info("reminders for %s: %s", today, counts)
    return counts


def _deliver_soon() -> None:
    from issues.tasks import deliver_reminders, enqueue

    enqueue(deliver_reminders)
