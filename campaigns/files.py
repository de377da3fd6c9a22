"""Serving stored files (attachments, authorisation letters, evidence, exports) after the caller's access check.

The view decides who may have the file; this module only answers. In production (MEDIA_ACCEL_REDIRECT_PREFIX set)
the answer is an empty response with `X-Accel-Redirect`, and nginx sends the bytes from an `internal` location
that no browser can request directly (deploy/nginx.conf); in development Django streams the file itself.
Only an image, by the type detected from its bytes on upload, is shown inline; anything else is a download, and
`nosniff` plus a sandboxing CSP keep a browser from ever treating the bytes as a page.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from campaigns.uploads import IMAGE_TYPES, UNKNOWN_TYPE, download_name

# A file is never a document with rights of its own: no script, no plugin, no form, even if a browser tried.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def file_response(stored, *, content_type: str, original_name: str) -> HttpResponse:
    """The response that hands `stored` (a FieldFile the caller has already checked access to) to the browser.

    `content_type` is the type detected from the bytes on upload; `original_name` the user's name, used only in
    Content-Disposition (RFC 5987 `filename*` for non-ASCII names). Raises Http404 when there is no file.
    """
    if not stored:
        raise Http404
    content_type = content_type or UNKNOWN_TYPE
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored.name)
    else:
        try:
            handle = stored.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        response = FileResponse(handle, content_type=content_type)
    inline = content_type in IMAGE_TYPES
    response["Content-Disposition"] = content_disposition_header(
        not inline, download_name(original_name, content_type)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response
