"""The QR code for the hall's wall, drawn on the server with segno (no JavaScript, no outside service)."""

import io

import segno
from django.conf import settings
from django.urls import reverse


def public_page_url(request) -> str:
    """The public page's full address: SITE_URL when set (what phones outside the intranet can reach)."""
    path = reverse("publicity:public_list")
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=True, svgns=True)
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 16) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
