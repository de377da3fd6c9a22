"""Platform tokens: shown once when made, stored only as a SHA-256 hash, looked up by that hash."""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from intake.models import IntakePlatform

TOKEN_PREFIX = "zlc_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def platform_create(*, name: str, kind: str, webhook_url: str = "") -> tuple[IntakePlatform, str]:
    """A platform with its service account and a fresh token; returns (platform, token) — the only time the token
    is readable. The service account has an unusable password: it cannot log in to the site."""
    user = get_user_model().objects.create_user(username=f"platform-{secrets.token_hex(4)}", first_name=name[:30])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    token = _new_token()
    platform = IntakePlatform.objects.create(
        name=name, kind=kind, user=user, token_hash=token_hash(token), token_prefix=token[:12],
        webhook_url=webhook_url, webhook_secret=secrets.token_hex(32),
    )
    return platform, token


def platform_rotate_token(*, platform: IntakePlatform) -> str:
    """A new token for the platform; the old one stops working at once."""
    token = _new_token()
    IntakePlatform.objects.filter(pk=platform.pk).update(token_hash=token_hash(token), token_prefix=token[:12])
    return token


def platform_for_token(token: str) -> IntakePlatform | None:
    """The active platform holding this token, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    return IntakePlatform.objects.select_related("user").filter(token_hash=token_hash(token), is_active=True).first()
