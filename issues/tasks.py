"""Background work for the ledger. Tasks only fetch and call a service; web code sends them through `enqueue`."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from issues import notifications, outbox, reminders

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    """Hands a task to the broker without ever failing the caller: one short try, no retries.

    With Redis down the web request goes on (its data is already saved); the error is logged and False returned."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure, whatever kombu/redis call it
        logger.exception("could not enqueue %s; the broker may be down", getattr(task, "name", task))
        return False
    return True


@shared_task
def send_reminders(day: str | None = None) -> dict[str, int]:
    """Beat's daily run (REMINDER_HOUR, Asia/Shanghai); `day` (ISO date) replays a given day."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return reminders.send_due_reminders(today=today)


@shared_task
def deliver_reminders() -> dict:
    """Sends the reminder outbox rows that are due (beat runs it every minute; the reminder run enqueues it too).
    Two at once are safe: each row is taken by one of them."""
    run = outbox.deliver_due()
    return {"sent": run.sent, "retried": run.retried, "failed": run.failed, "robot_messages": run.robot_messages}


@shared_task
def email_notifications(notification_ids: list[int]) -> int:
    """Emails in-app notifications (stage changes) to their recipients; returns how many emails went out."""
    return notifications.email_notifications(notification_ids=notification_ids)
