"""Results pushed back to the platform when its ticket's issue is closed: a WebhookDelivery row written in the
closing transaction, sent after commit, retried with growing pauses until the platform takes it."""

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intake.models import IntakeTicket, WebhookDelivery
from issues.models import Issue

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Walkthrough-Signature"


def retry_pause(attempts: int) -> datetime.timedelta:
    """1, 2, 4 … minutes after each failure, at most WEBHOOK_MAX_PAUSE_MINUTES (never given up)."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), settings.WEBHOOK_MAX_PAUSE_MINUTES))


def closed_payload(ticket: IntakeTicket, issue: Issue, closed_at: datetime.datetime) -> dict:
    return {
        "event": "issue.closed",
        "ticket_number": ticket.reference,
        "issue_number": f"{issue.year}-{issue.sequence:04d}",
        "closed_at": closed_at.isoformat(),
        "department": issue.department.name if issue.department else "",
        "measures": issue.measures,
        "evaluation": issue.evaluation,
    }


def deliveries_for_close(*, issue: Issue, closed_at: datetime.datetime) -> list[WebhookDelivery]:
    """Called inside the transaction that closes `issue`: one delivery per platform ticket of the issue whose
    platform has a webhook address; each is sent once the close is committed."""
    deliveries = [
        WebhookDelivery.objects.create(ticket=ticket, payload=closed_payload(ticket, issue, closed_at),
                                       next_attempt_at=closed_at)
        for ticket in IntakeTicket.objects.select_related("platform").filter(issue=issue)
        if ticket.platform.webhook_url
    ]
    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))
    return deliveries


def _enqueue(delivery_id: int) -> None:
    from intake.tasks import deliver_webhook
    from issues.tasks import enqueue

    enqueue(deliver_webhook, delivery_id)  # if the broker is down, the periodic sweep sends it later


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def delivery_attempt(*, delivery_id: int, now: datetime.datetime | None = None) -> WebhookDelivery | None:
    """POST one pending delivery (locked, so two workers never send it together). 2xx → delivered; anything
    else → attempts + 1 and the next try scheduled. Returns the row, or None if it was not pending."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update(skip_locked=True).select_related("ticket__platform")
                    .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING).first())
        if delivery is None:
            return None
        platform = delivery.ticket.platform
        body = json.dumps(delivery.payload, ensure_ascii=False).encode()
        request = urllib.request.Request(
            platform.webhook_url, data=body, method="POST",
            headers={"Content-Type": "application/json; charset=utf-8",
                     SIGNATURE_HEADER: signature(platform.webhook_secret, body),
                     "X-Walkthrough-Delivery": str(delivery.pk)},
        )
        delivery.attempts += 1
        try:
            with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status, reason = error.code, f"HTTP {error.code}"
        except (urllib.error.URLError, OSError) as error:
            status, reason = None, str(getattr(error, "reason", error))[:500]
        else:
            reason = f"HTTP {status}"
        if status is not None and 200 <= status < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.last_error = ""
        else:
            delivery.last_error = reason
            delivery.next_attempt_at = now + retry_pause(delivery.attempts)
            logger.warning("webhook delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, reason)
        delivery.save()
    return delivery


def deliveries_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Pending deliveries whose next attempt is due: what the periodic sweep sends."""
    now = now or timezone.now()
    return list(WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at").values_list("pk", flat=True)[:500])
