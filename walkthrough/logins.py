"""Login protection helpers for django-axes: who is asking (the client's address behind nginx) and what a locked-out
user is told."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str:
    """The browser's address: nginx's X-Real-IP when the app runs behind it (TRUST_X_REAL_IP), else REMOTE_ADDR.

    Behind nginx every request comes from 127.0.0.1, so without this the lockout on username + address would lock a
    username for everyone; gunicorn listens on 127.0.0.1 only, so no one but nginx can set the header there.
    """
    if settings.TRUST_X_REAL_IP and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"].strip()
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, credentials, *args, **kwargs):
    """The page a locked-out user sees (AXES_LOCKOUT_CALLABLE): why, for how long, and what to do (HTTP 429)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": settings.LOGIN_LOCKOUT_MINUTES,
        "username": (credentials or {}).get("username", "") if isinstance(credentials, dict) else "",
    }
    return render(request, "registration/locked_out.html", context, status=429)
