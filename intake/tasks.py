from celery import shared_task

from intake import webhooks


@shared_task
def deliver_webhook(delivery_id: int) -> bool:
    delivery = webhooks.delivery_attempt(delivery_id=delivery_id)
    return bool(delivery and delivery.status == delivery.Status.DELIVERED)


@shared_task
def retry_webhooks() -> int:
    """Every few minutes: try again each delivery whose pause is over (also those whose first send was lost)."""
    due = webhooks.deliveries_due()
    for delivery_id in due:
        webhooks.delivery_attempt(delivery_id=delivery_id)
    return len(due)
