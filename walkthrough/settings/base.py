"""Settings shared by every environment; each value that differs between machines comes from the environment."""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the built-in widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "treebeard",
    "simple_history",
    "axes",
    "campaigns",
    "issues",
    "reports",
    "publicity",
    "rest_framework",
    "drf_spectacular",
    "intake",
    "callbacks",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only (every asset is
# vendored under static/), no inline script or handler (behaviour lives in static/js/), no plugins, no framing, and
# forms post only here. Inline style *attributes* (progress-bar widths) are allowed: they cannot run script.
# A file download carries its own stricter policy (campaigns/files.py). Each page is checked in Chromium
# (tests/test_browser_csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "walkthrough.urls"
WSGI_APPLICATION = "walkthrough.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "campaigns.context_processors.navigation",
                "issues.context_processors.notifications",
                "issues.context_processors.calendar_warning",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so templates/django/forms/widgets/select.html (each <option> written inline, not
# included: a filter form's ~90 options were ~90 template includes) overrides Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A streaming replica the dashboard, the briefing and the exports read from (walkthrough/db_router.py).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
DATABASE_ROUTERS = ["walkthrough.db_router.ReplicaRouter"]
# PostgreSQL's JIT compiles a plan before running it: worth it for hour-long analytics, but it added 1.5 s to the
# dashboard's sub-second queries at 100,000 issues (issue 13). Off for the app's connections unless DATABASE_JIT.
for _database in DATABASES.values():
    if "postgresql" in _database["ENGINE"] and not env.bool("DATABASE_JIT", default=False):
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Logins (the app's and the admin's) are counted by django-axes: too many wrong passwords for one username from one
# address lock that pair out for a while. Username AND address together: a service hall sits behind one NAT address,
# so locking the address alone would lock out the whole hall; the username alone would let anyone lock out anyone.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=30)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "walkthrough.logins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "walkthrough.logins.client_ip"
TRUST_X_REAL_IP = env.bool("TRUST_X_REAL_IP", default=False)
# Sessions end after SESSION_IDLE_MINUTES without a request (each request pushes the end back), and, unless
# SESSION_EXPIRE_AT_BROWSER_CLOSE=false, when the browser closes: hall computers are shared.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=120) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and time: the product is Chinese first, with a complete English translation.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Ours first; then catalogues carried over from libraries that ship no zh_Hans (django-filter has only zh_CN).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "vendor_locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Stored files are never served by URL: a view checks access, then streams the file (development) or, when this
# is set, answers with X-Accel-Redirect to this nginx `internal` location aliased to MEDIA_ROOT (production).
MEDIA_ACCEL_REDIRECT_PREFIX = env("MEDIA_ACCEL_REDIRECT_PREFIX", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# Redis, when configured, is both the Celery broker and the cache. Without it a new user still
# gets a real worker and beat: kombu's filesystem transport needs no server.
REDIS_URL = env("REDIS_URL", default="")
# A stopped Redis must fail fast, never hang a web request that enqueues (issues.tasks.enqueue): two quick
# connection attempts, not kombu's default of retrying for broker_connection_timeout seconds.
REDIS_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1, "socket_timeout": 10, "max_retries": 1, "interval_start": 0, "interval_step": 0.2,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_TRANSPORT_OPTIONS
else:
    BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    # Without Redis the worker has no event loop: it polls the folder in rounds (walkthrough.dev_broker) and keeps a
    # timer thread that it joins on shutdown. Both are kept short, so that stopping `make run` waits for neither.
    CELERY_BROKER_TRANSPORT = "walkthrough.dev_broker:Transport"
    CELERY_WORKER_TIMER_PRECISION = 0.1
    # A file cache, so that the web process and the worker see the same values.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": VAR_DIR / "cache"}
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "campaigns.tasks.record_heartbeat", "schedule": 60.0},
}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="走流程 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_traceback_for_403": {"()": "walkthrough.log_filters.NoTracebackForForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Django's own loggers print once, through the root's console (its default config adds a second console).
    "loggers": {
        "django": {"handlers": [], "level": env("LOG_LEVEL", default="INFO"), "propagate": True},
        "django.request": {"filters": ["no_traceback_for_403"], "propagate": True},
    },
}

# Product rules that differ between counties.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Bounds on an imported workbook (roster, issue intake), checked before it is read (campaigns/xlsx_guard.py). A
# real roster or intake sheet is a few hundred rows of short text: tens of KB zipped, well under a MB unpacked.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_SHARED_STRINGS = env.int("IMPORT_MAX_SHARED_STRINGS", default=50_000)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=5_000)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=6_000)  # per sheet, blank rows included (roster: 5,000)
IMPORT_MAX_SECONDS = env.float("IMPORT_MAX_SECONDS", default=10.0)
# Default rectification time limit on hand-off, in working days: by severity, and by source where a
# channel has its own rule (e.g. {"hotline_12345": 5}); when both apply the shorter one wins.
# Override with ISSUE_DEADLINE_WORKING_DAYS='{"severity": {...}, "source": {...}}'.
ISSUE_DEADLINE_WORKING_DAYS = env.json(
    "ISSUE_DEADLINE_WORKING_DAYS", default={"severity": {"minor": 15, "major": 7, "severe": 5}, "source": {}}
)
SITE_TITLE = _("走流程")

# Deadline reminders (issues/reminders.py): every day at REMINDER_HOUR Asia/Shanghai, on working days only.
REMINDER_HOUR = env.int("REMINDER_HOUR", default=9)
REMINDER_DUE_SOON_WORKING_DAYS = env.int("REMINDER_DUE_SOON_WORKING_DAYS", default=2)
REMINDER_ESCALATE_AFTER_WORKING_DAYS = env.int("REMINDER_ESCALATE_AFTER_WORKING_DAYS", default=3)
# A 企业微信/钉钉 group robot that also gets the day's reminders; empty = none.
REMINDER_WEBHOOK_URL = env("REMINDER_WEBHOOK_URL", default="")
REMINDER_WEBHOOK_TIMEOUT = env.float("REMINDER_WEBHOOK_TIMEOUT", default=5.0)
# The robot's per-minute limit (企业微信 and 钉钉: 20); messages beyond it wait for the next minute.
REMINDER_WEBHOOK_PER_MINUTE = env.int("REMINDER_WEBHOOK_PER_MINUTE", default=20)
# The reminder outbox (issues/outbox.py): a failed e-mail or robot post is retried after this many seconds,
# doubled each time, until this many attempts; then it is marked failed and shown to staff.
REMINDER_DELIVERY_RETRY_SECONDS = env.int("REMINDER_DELIVERY_RETRY_SECONDS", default=60)
REMINDER_DELIVERY_MAX_ATTEMPTS = env.int("REMINDER_DELIVERY_MAX_ATTEMPTS", default=8)
CELERY_BEAT_SCHEDULE["deliver-reminders"] = {"task": "issues.tasks.deliver_reminders", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["deadline-reminders"] = {
    "task": "issues.tasks.send_reminders",
    "schedule": crontab(hour=REMINDER_HOUR, minute=0),
}
# The address of this site, for links in emails (e.g. https://zlc.example.gov.cn); empty = relative links.
SITE_URL = env("SITE_URL", default="")
# Staff are warned that next year's holidays are missing from this month on (they are usually published Oct–Dec).
HOLIDAY_CALENDAR_WARN_FROM_MONTH = env.int("HOLIDAY_CALENDAR_WARN_FROM_MONTH", default=10)

# Report figures (reports/snapshot.py) are kept in the cache until the data changes, at most REPORT_CACHE_SECONDS
# (a write that bypasses model signals is caught by then). After a change, figures younger than REPORT_STALE_SECONDS
# are still shown, labelled with the time they were counted, while a Celery task counts them again; 0 = never.
REPORT_CACHE_SECONDS = env.int("REPORT_CACHE_SECONDS", default=600)
REPORT_STALE_SECONDS = env.int("REPORT_STALE_SECONDS", default=60)

# Reports (reports/): exports of more rows than this are written by a Celery task while the page shows progress.
EXPORT_ASYNC_THRESHOLD = env.int("EXPORT_ASYNC_THRESHOLD", default=2000)
# A queued or running export with no progress for this long is shown as stalled and may be restarted.
EXPORT_STALLED_SECONDS = env.int("EXPORT_STALLED_SECONDS", default=120)
# Finished export files are deleted after this many days.
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)
CELERY_BEAT_SCHEDULE["purge-export-jobs"] = {
    "task": "reports.tasks.purge_export_jobs",
    "schedule": crontab(hour=3, minute=30),
}
# Files kept for a walkthrough form that came back with errors (campaigns.PendingAttachment) wait this long for the
# form to be saved; then the daily purge deletes them.
PENDING_ATTACHMENT_KEEP_HOURS = env.int("PENDING_ATTACHMENT_KEEP_HOURS", default=24)
CELERY_BEAT_SCHEDULE["purge-pending-attachments"] = {
    "task": "campaigns.tasks.purge_pending_attachments",
    "schedule": crontab(hour=3, minute=40),
}

# The Word 工作简报 (reports/docx/): the issuing organ printed in its 红头 and 版记, the default signer (签发人),
# and the text grid in lines per page (GB/T 9704-2012 §5.2.2: 22 lines of 28 characters).
BRIEFING_ORGAN = env("BRIEFING_ORGAN", default="")  # "": the service center of the briefing's county or city
BRIEFING_SIGNER = env("BRIEFING_SIGNER", default="")
BRIEFING_LINES_PER_PAGE = env.int("BRIEFING_LINES_PER_PAGE", default=22)

# Intake API (intake/): 12345 and 好差评 platforms post tickets with their own token; the schema is published at
# /api/intake/v1/schema/. Closing an issue that came from a platform pushes the result to its webhook.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "走流程 intake API",
    "DESCRIPTION": "12345热线工单与好差评差评进入问题台账(体验发现环节)。"
                   "每个平台一个令牌:Authorization: Bearer <令牌>。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
# Seconds to wait for a platform's webhook; the longest pause between retries (retries never stop).
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=5.0)
WEBHOOK_MAX_PAUSE_MINUTES = env.int("WEBHOOK_MAX_PAUSE_MINUTES", default=60)
CELERY_BEAT_SCHEDULE["retry-webhooks"] = {"task": "intake.tasks.retry_webhooks", "schedule": 300.0}
