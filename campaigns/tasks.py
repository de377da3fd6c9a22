import logging
from datetime import datetime

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)
HEARTBEAT_KEY = "celery:heartbeat"


def last_heartbeat():
    """When the worker last ran a scheduled task, or None; a cache outage must not break the page asking."""
    try:
        value = cache.get(HEARTBEAT_KEY)
    except Exception:  # noqa: BLE001 - Redis down: the home page still renders
        logger.warning("cache unavailable while reading the heartbeat", exc_info=True)
        return None
    return datetime.fromisoformat(value) if value else None


@shared_task
def record_heartbeat():
    """Beat's proof of life: the time the worker last ran a scheduled task, shown on the home page."""
    now = timezone.now()
    cache.set(HEARTBEAT_KEY, now.isoformat(), timeout=None)
    logger.info("heartbeat at %s", now)
    return now.isoformat()


@shared_task
def purge_pending_attachments():
    """Daily: the files kept for walkthrough forms that were never saved (campaigns.services.pending_purge)."""
    from campaigns.services import pending_purge

    return pending_purge()
