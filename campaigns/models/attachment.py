from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.uploads import UNKNOWN_TYPE, RandomName, stored_name

from .constraints import choices_constraint
from .walkthrough import WalkthroughSession


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("现场照片")
    DOCUMENT = "document", _("附件")


class WalkthroughAttachment(models.Model):
    """A photo or document kept with a walkthrough; its type was checked from its content on upload."""

    Kind = AttachmentKind

    session = models.ForeignKey(
        WalkthroughSession, verbose_name=_("走流程记录"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    file = models.FileField(_("文件"), upload_to=RandomName("walkthroughs", type_field="content_type"))
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("走流程附件")
        verbose_name_plural = _("走流程附件")
        ordering = ["uploaded_at", "pk"]
        constraints = [choices_constraint("kind", AttachmentKind, name="walkthrough_attachment_kind_valid")]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class PendingRole(models.TextChoices):
    ATTACHMENT = "attachment", _("照片或附件")
    AUTHORISATION = "authorisation", _("授权书")


def pending_name(instance, filename):
    """Where a kept file is stored: where what it becomes will be (an attachment's folder or the letters')."""
    folder = "authorisations" if instance.role == PendingRole.AUTHORISATION else "walkthroughs"
    return stored_name(folder, instance.content_type or UNKNOWN_TYPE)


class PendingAttachment(models.Model):
    """A photo, document or proxy authorisation letter chosen on a walkthrough form that came back with errors,
    kept for its uploader under the form's one-time token until the form is saved (then it becomes a
    WalkthroughAttachment, or the session's authorisation_form, the stored file unmoved) or removed; checked from
    its content like any upload. Stale ones are purged daily."""

    Kind = AttachmentKind
    Role = PendingRole

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.CASCADE, related_name="+"
    )
    form_token = models.CharField(_("表单令牌"), max_length=64)
    # A letter is kept as a document: it gets the checks of one (check_upload, any accepted type).
    role = models.CharField(_("用途"), max_length=20, choices=Role.choices, default=Role.ATTACHMENT)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    # Stored where what it becomes will be, so saving the form only hands the name over.
    file = models.FileField(_("文件"), upload_to=pending_name)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("待保存的走流程附件")
        verbose_name_plural = _("待保存的走流程附件")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["uploaded_by", "form_token"], name="pending_attachment_form")]
        constraints = [
            choices_constraint("kind", AttachmentKind, name="pending_attachment_kind_valid"),
            choices_constraint("role", PendingRole, name="pending_attachment_role_valid"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
