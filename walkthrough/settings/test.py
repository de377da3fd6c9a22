"""Tests: fast hashing, captured email, and the databases/broker given by the environment."""

from .base import *  # noqa: F401,F403
from .base import CACHES, VAR_DIR

# The test client's login() authenticates without a request, which django-axes refuses: the lockout tests switch
# it on and log in through the login page as a browser does.
AXES_ENABLED = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Report figures are counted on every view in tests (reports/snapshot.py): a test's writes are never committed, so
# they never move the data version that would make kept figures stale. tests/test_report_snapshot.py turns the
# cache on and commits its writes.
REPORT_CACHE_SECONDS = 0
REPORT_STALE_SECONDS = 0

# Without Redis, tests keep their own cache folder (not the one `make run` uses), large enough never to cull:
# FileBasedCache deletes a third of its entries at random past MAX_ENTRIES (300 by default), which now and then
# dropped the figures a kept-figures test had just stored.
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES = {
        "default": {**CACHES["default"], "LOCATION": VAR_DIR / "cache-test", "OPTIONS": {"MAX_ENTRIES": 1_000_000}}
    }
