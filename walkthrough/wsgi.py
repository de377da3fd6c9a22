import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walkthrough.settings.production")
application = get_wsgi_application()

# What a worker loaded to start (Django, every app and its libraries) lives as long as the worker: moved out of the
# collector's sight, it is not walked again at every full collection, which put 80-130 ms on one request in fifty
# (BENCHMARKS.md). Each gunicorn worker imports this module after it forks, so each freezes its own heap.
gc.freeze()
