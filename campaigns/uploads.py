"""What a walker may upload: photos, PDF and Office documents, recognised by their content, within the size limit.

The name a phone gives a file proves nothing, so the type is read from the bytes: images and PDF by their
signatures (the `filetype` package), Office documents as either an OLE compound file (.doc/.xls/.ppt) or a
zip holding word/, xl/ or ppt/ (.docx/.xlsx/.pptx).
"""

import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
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
    return CheckedUpload(content_type=content_type, size=upload.size)
