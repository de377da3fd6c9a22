"""Sending the reminder outbox (Delivery rows): e-mails one by one, the group robot in batches paced under its
per-minute limit. Every failure is kept on the row (attempts, last error) and retried with a growing backoff until
REMINDER_DELIVERY_MAX_ATTEMPTS, then the row is failed and staff see it; a robot's "too many messages" answer is
not a failure: the rows wait for the next minute.

Rows are taken with SELECT … FOR UPDATE SKIP LOCKED, so two workers never send the same row. A worker that dies
after sending and before committing sends that row again (at least once); nothing is ever dropped.

Time is passed in (`now`), never slept on: the Celery task asks again at the returned time.
"""

import datetime
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from issues.models import Delivery, Reminder, RobotPost

logger = logging.getLogger(__name__)

MINUTE = datetime.timedelta(minutes=1)
EMAIL_BATCH = 200
# A 企业微信 group robot takes at most 2048 bytes of text per message (钉钉 more); keep a margin.
WEBHOOK_MAX_BYTES = 2000
# 企业微信 answers 45009 ("api freq out of limit") and 钉钉 130101 ("send too fast") when over the per-minute limit.
RATE_LIMIT_ERRCODES = {45009, 130101}


class RateLimited(Exception):
    """The robot said: too many messages this minute. Not a failure; try again later."""


@dataclass
class DeliveryRun:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    robot_messages: int = 0
    next_at: datetime.datetime | None = None  # when pending rows are due again (None: nothing pending)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failure: REMINDER_DELIVERY_RETRY_SECONDS, doubled each time, at most a day."""
    seconds = settings.REMINDER_DELIVERY_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 86400))


def _failed(row: Delivery, error: str, *, now: datetime.datetime) -> str:
    row.attempts += 1
    row.last_error = error[:500]
    if row.attempts >= settings.REMINDER_DELIVERY_MAX_ATTEMPTS:
        row.state = Delivery.State.FAILED
        logger.error("reminder delivery %s failed for good after %s attempts: %s", row.pk, row.attempts, error)
        return "failed"
    row.next_attempt_at = now + backoff(row.attempts)
    return "retried"


def _due(channel: str, *, now: datetime.datetime):
    return Delivery.objects.filter(state=Delivery.State.PENDING, channel=channel, next_attempt_at__lte=now)


# --- e-mail -------------------------------------------------------------------------------------------------------

def _email(row: Delivery) -> EmailMessage:
    reminder = row.reminder
    subject = f"[{settings.SITE_TITLE}] {Reminder.Kind(reminder.kind).label}"
    link = f"{settings.SITE_URL.rstrip('/')}{reminder.issue.get_absolute_url()}"
    return EmailMessage(subject, f"{reminder.message}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL,
                        [row.recipient.email])


def deliver_emails(*, now: datetime.datetime, run: DeliveryRun) -> None:
    """Sends the due e-mail rows, a batch per transaction; each row's outcome is saved with it."""
    while True:
        with transaction.atomic():
            rows = list(
                _due(Delivery.Channel.EMAIL, now=now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("reminder__issue", "recipient")
                .order_by("next_attempt_at", "pk")[:EMAIL_BATCH]
            )
            if not rows:
                return
            try:
                mail_connection = get_connection()
                mail_connection.open()
            except Exception as error:  # noqa: BLE001 - a mail server that is down fails this batch, kept for later
                mail_connection, down = None, f"{type(error).__name__}: {error}"
            for row in rows:
                if mail_connection is None:
                    outcome = _failed(row, down, now=now)
                else:
                    try:
                        mail_connection.send_messages([_email(row)])
                    except Exception as error:  # noqa: BLE001 - any SMTP refusal is kept on the row
                        outcome = _failed(row, f"{type(error).__name__}: {error}", now=now)
                    else:
                        row.state, row.sent_at, row.attempts = Delivery.State.SENT, now, row.attempts + 1
                        outcome = "sent"
                setattr(run, outcome, getattr(run, outcome) + 1)
            if mail_connection is not None:
                try:
                    mail_connection.close()
                except Exception:  # noqa: BLE001 - the messages are already handed over
                    logger.warning("closing the mail connection failed", exc_info=True)
            Delivery.objects.bulk_update(rows, ["state", "attempts", "last_error", "next_attempt_at", "sent_at"])
            if mail_connection is None:
                return  # the server is down: the rest waits for its own next attempt


# --- the group robot ----------------------------------------------------------------------------------------------

def post_to_robot(url: str, text: str) -> None:
    """POSTs one text message to a 企业微信/钉钉 group robot. Raises RateLimited, or any error for a refusal."""
    payload = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=payload, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.REMINDER_WEBHOOK_TIMEOUT) as response:
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        if error.code == 429:
            raise RateLimited("HTTP 429") from error
        raise
    code = answer.get("errcode", 0)
    if code in RATE_LIMIT_ERRCODES:
        raise RateLimited(f"{code} {answer.get('errmsg', '')}")
    if code != 0:
        raise RuntimeError(f"robot refused the message: {code} {answer.get('errmsg', '')}")


def pack_lines(header: str, lines: list[str], *, max_bytes: int = WEBHOOK_MAX_BYTES) -> list[tuple[str, int]]:
    """Lines packed, after a header, into as few messages as fit the robot's size limit: (text, lines in it).
    An over-long line is cut to fit."""
    room = max_bytes - len(header.encode()) - 1
    messages, current, count = [], header, 0
    for line in lines:
        line = line.encode()[:room].decode(errors="ignore")
        candidate = f"{current}\n{line}"
        if count and len(candidate.encode()) > max_bytes:
            messages.append((current, count))
            candidate, count = f"{header}\n{line}", 0
        current, count = candidate, count + 1
    if count:
        messages.append((current, count))
    return messages


def webhook_chunks(lines: list[str], *, max_bytes: int = WEBHOOK_MAX_BYTES) -> list[str]:
    """The first line as a header repeated on every message, the others packed after it."""
    return [text for text, _count in pack_lines(lines[0], lines[1:], max_bytes=max_bytes)] if lines else []


def robot_budget(*, now: datetime.datetime) -> tuple[int, datetime.datetime | None]:
    """How many messages may go now under REMINDER_WEBHOOK_PER_MINUTE, and when the oldest post of the last
    minute leaves the window (the next chance when the budget is spent)."""
    recent = RobotPost.objects.filter(posted_at__gt=now - MINUTE)
    used = recent.count()
    free_at = recent.aggregate(first=Min("posted_at"))["first"] if used else None
    return settings.REMINDER_WEBHOOK_PER_MINUTE - used, (free_at + MINUTE if free_at else None)


def deliver_robot(*, now: datetime.datetime, run: DeliveryRun, post: Callable[[str, str], None] = post_to_robot):
    """Sends the due robot rows in batched messages, no more this minute than the robot's limit allows."""
    url = settings.REMINDER_WEBHOOK_URL
    with transaction.atomic():
        budget, free_at = robot_budget(now=now)
        if budget <= 0:  # the minute is used up: what is due waits for the oldest post to leave the window
            _due(Delivery.Channel.ROBOT, now=now).update(next_attempt_at=free_at)
            return
        rows = list(
            _due(Delivery.Channel.ROBOT, now=now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("reminder")
            .order_by("reminder__day", "reminder__kind", "pk")[: budget * 40]
        )
        if not rows:
            return
        if not url:
            for row in rows:
                _failed(row, "REMINDER_WEBHOOK_URL is not set", now=now)
                run.failed += row.state == Delivery.State.FAILED
        batches = []
        by_day = {}
        for row in rows:
            by_day.setdefault(row.reminder.day, []).append(row)
        for day, day_rows in by_day.items():
            header = _robot_header(day)
            offset = 0
            for text, count in pack_lines(header, [row.reminder.message for row in day_rows]):
                batches.append((text, day_rows[offset:offset + count]))
                offset += count
        stop = None
        for index, (text, batch) in enumerate(batches):
            if not url:
                break
            if index >= budget or stop is not None:
                for row in batch:
                    row.next_attempt_at = stop or free_at or now + MINUTE
                continue
            try:
                post(url, text)
            except RateLimited as limited:
                logger.warning("the group robot is rate-limiting (%s); the rest waits a minute", limited)
                stop = now + MINUTE
                for row in batch:
                    row.next_attempt_at, row.last_error = stop, str(limited)[:500]
                continue
            except Exception as error:  # noqa: BLE001 - unreachable or refusing: kept, retried with backoff
                for row in batch:
                    outcome = _failed(row, f"{type(error).__name__}: {error}", now=now)
                    setattr(run, outcome, getattr(run, outcome) + 1)
                continue
            RobotPost.objects.create(posted_at=now, lines=len(batch))
            run.robot_messages += 1
            for row in batch:
                row.state, row.sent_at, row.attempts = Delivery.State.SENT, now, row.attempts + 1
                run.sent += 1
        Delivery.objects.bulk_update(rows, ["state", "attempts", "last_error", "next_attempt_at", "sent_at"])


def _robot_header(day: datetime.date) -> str:
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(settings.LANGUAGE_CODE):
        return gettext("走流程 %(day)s 催办提醒:") % {"day": day.isoformat()}


# --- one run ------------------------------------------------------------------------------------------------------

def deliver_due(
    *, now: datetime.datetime | None = None, post: Callable[[str, str], None] = post_to_robot
) -> DeliveryRun:
    """Sends every delivery due at `now` (default: the current time) and says when the next ones are due."""
    now = now or timezone.now()
    run = DeliveryRun()
    deliver_emails(now=now, run=run)
    deliver_robot(now=now, run=run, post=post)
    run.next_at = Delivery.objects.filter(state=Delivery.State.PENDING).aggregate(
        next_at=Min("next_attempt_at")
    )["next_at"]
    return run


def failed_delivery_count() -> int:
    """Deliveries that gave up: staff are shown these (a partial index makes it cheap)."""
    return Delivery.objects.filter(state=Delivery.State.FAILED).count()
