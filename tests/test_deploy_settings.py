"""The production settings pass Django's deployment checks, and refuse to start without a secret key.

Each check runs `manage.py` in a fresh interpreter, as gunicorn and celery would start it, so nothing
imported by the test run's own (test) settings can leak in.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# Variables that would change what the production settings read; each test sets what it needs.
# Every DJANGO_* variable goes too: the test run's own (e.g. DJANGO_ALLOW_ASYNC_UNSAFE, set for the
# browser tests) is not part of a production environment, and check --deploy rightly rejects it.
_PRODUCTION_KEYS = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
)


def _production_env(**overrides):
    env = {
        key: value for key, value in os.environ.items() if key not in _PRODUCTION_KEYS and not key.startswith("DJANGO_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="walkthrough.settings.production",
        SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters, as a real key would be
        ALLOWED_HOSTS="zlc.example.gov.cn",
        DATABASE_URL="sqlite://:memory:",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_production_settings_pass_check_deploy():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "System check identified no issues" in output, output


def test_production_settings_require_secret_key():
    # base.py also reads a developer's .env, which may well hold a SECRET_KEY; that file is not part of
    # a production environment, so reading it is switched off here and the process sees only its env.
    bootstrap = (
        "import runpy, sys, environ\n"
        "environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)\n"
        "sys.argv = ['manage.py', 'check', '--deploy']\n"
        "runpy.run_path('manage.py', run_name='__main__')\n"
    )
    result = _run(["-c", bootstrap], _production_env(SECRET_KEY=None))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ImproperlyConfigured" in output, output
    assert "SECRET_KEY" in output, output
