"""A real Celery worker consumes a task from the real Redis broker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from campaigns.tasks import HEARTBEAT_KEY, record_heartbeat
from tests.conftest import require_redis
from walkthrough.celery import app


@pytest.mark.celery_worker
def test_a_worker_runs_the_heartbeat_task_sent_through_redis(settings):
    require_redis()
    assert app.conf.broker_url.startswith("redis://")
    cache.delete(HEARTBEAT_KEY)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        record_heartbeat.delay()
        deadline = time.monotonic() + 20
        while cache.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline:
            time.sleep(0.1)
    assert cache.get(HEARTBEAT_KEY) is not None
