"""What a walker may upload: photos, PDF and Office documents, recognised by their content, within the size limit.

The name a phone gives a file proves nothing, so the type is read from the bytes: images and PDF by their
signatures (the `filetype` package), Office documents as either an OLE compound file (.doc/.xls/.ppt) or a
zip holding word/, xl/ or ppt/ (.docx/.xlsx/.pptx). An image that also carries web markup (a PNG followed by
`<script>`, a JPEG with an `<svg onload>` comment) is refused, not re-encoded: re-saving would strip the photo's
EXIF capture time, which is part of what evidence proves, and no honest photo contains an HTML tag.
Stored names are random, with the extension of the detected type (`stored_name`); the user's name is kept in
a model field for the download's Content-Disposition only.
"""

import re
import secrets
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/bmp"}
PDF = "application/pdf"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OLE_TYPE = "application/x-ole-storage"
XLSX = OOXML_TYPES["xl/"]
UNKNOWN_TYPE = "application/octet-stream"
EXTENSIONS = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp", "image/heic": ".heic",
    "image/heif": ".heif", "image/bmp": ".bmp", PDF: ".pdf", OLE_TYPE: ".doc", UNKNOWN_TYPE: ".bin",
    OOXML_TYPES["word/"]: ".docx", XLSX: ".xlsx", OOXML_TYPES["ppt/"]: ".pptx",
}
# Tags a browser's sniffer or an HTML parser would act on. Each is long enough (5+ bytes, or 4 plus a delimiter)
# that compressed image data matches one by chance about once in ten thousand 10 MB photos.
MARKUP = re.compile(
    rb"<(?:script|html|head\b|body|iframe|frame|object|embed|style|title|meta\b|link\b|form\b|svg\b|img\b|"
    rb"!doctype|!entity|\?xml-stylesheet)|javascript:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES


def sniff_content_type(upload) -> str | None:
    """The MIME type the bytes show, or None when they are nothing we accept."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and (kind.mime in IMAGE_TYPES or kind.mime == PDF):
        return kind.mime
    if head.startswith(OLE_SIGNATURE):
        return OLE_TYPE
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        for folder, mime in OOXML_TYPES.items():
            if any(name.startswith(folder) for name in names):
                return mime
    return None


def check_upload(upload, *, images_only: bool = False) -> CheckedUpload:
    """The upload's real type and size; ValidationError saying what is wrong and what is allowed otherwise."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s”有%(size)s,超过了%(limit)s的上限,请压缩后再上传")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    content_type = sniff_content_type(upload)
    if images_only and content_type not in IMAGE_TYPES:
        raise ValidationError(
            _("“%(name)s”不是图片,此处只能上传照片(JPG、PNG、HEIC等)") % {"name": upload.name},
            code="not_image",
        )
    if content_type is None:
        raise ValidationError(
            _("“%(name)s”的内容不是图片、PDF或Office文档,无法上传") % {"name": upload.name},
            code="bad_type",
        )
    if content_type in IMAGE_TYPES and carries_markup(upload):
        raise ValidationError(
            _("“%(name)s”是图片,但文件中夹带了网页代码,不能上传。请用手机相册重新导出或截图后再上传")
            % {"name": upload.name},
            code="markup",
        )
    return CheckedUpload(content_type=content_type, size=upload.size)


def carries_markup(upload) -> bool:
    """Whether the bytes hold an HTML/SVG tag anywhere (read in overlapping 1 MiB chunks)."""
    upload.seek(0)
    tail = b""
    try:
        while chunk := upload.read(1024 * 1024):
            if MARKUP.search(tail + chunk):
                return True
            tail = chunk[-32:]
        return False
    finally:
        upload.seek(0)


def stored_name(folder: str, content_type: str) -> str:
    """A fresh unguessable path `folder/YYYY/MM/<22 random chars><extension of the detected type>`."""
    return f"{folder}/{timezone.localdate():%Y/%m}/{secrets.token_urlsafe(16)}{EXTENSIONS.get(content_type, '.bin')}"


def download_name(original: str, content_type: str) -> str:
    """The user's file name for Content-Disposition, its extension made that of the detected type
    (`授权书.html` holding a PNG downloads as `授权书.png`)."""
    extension = EXTENSIONS.get(content_type, ".bin")
    stem, dot, current = (original or "").rpartition(".")
    if not dot:
        stem = original or "file"
    elif f".{current.lower()}" == extension or (extension == ".jpg" and current.lower() == "jpeg"):
        return original
    return f"{stem}{extension}"


class RandomName:
    """`upload_to` for a FileField: a random name under `folder`, with the extension of the type the instance's
    `type_field` holds (set from the bytes before saving), or of `fixed_type`."""

    def __init__(self, folder: str, *, type_field: str = "", fixed_type: str = ""):
        self.folder, self.type_field, self.fixed_type = folder, type_field, fixed_type

    def __call__(self, instance, filename):
        return stored_name(self.folder, self.fixed_type or getattr(instance, self.type_field, "") or UNKNOWN_TYPE)

    def deconstruct(self):
        kwargs = {"type_field": self.type_field} if self.type_field else {"fixed_type": self.fixed_type}
        return ("campaigns.uploads.RandomName", (self.folder,), kwargs)

    def __eq__(self, other):
        return isinstance(other, RandomName) and self.deconstruct() == other.deconstruct()
