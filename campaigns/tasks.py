import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)
HEARTBEAT_KEY = "celery:heartbeat"


@shared_task
def record_heartbeat():
    """Beat's proof of life: the time the worker last ran a scheduled task, shown on the home page."""
    now = timezone.now()
    cache.set(HEARTBEAT_KEY, now.isoformat(), timeout=None)
    logger.info("heartbeat at %s", now)
    return now.isoformat()
