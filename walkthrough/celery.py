import gc
import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walkthrough.settings.local")

app = Celery("walkthrough")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def freeze_startup_heap(**kwargs):
    """What the worker loaded to start (Django, every app, openpyxl, matplotlib) lives as long as it does: moved out
    of the collector's sight, it is not walked at each full collection nor at exit, where that walk took 1-2 s on
    a busy machine and pushed `make run`'s stop past honcho's 5 s grace (tests/test_make_run_stops.py)."""
    gc.freeze()
