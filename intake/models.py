"""Platforms that send tickets (12345 hotline, 好差评), the tickets they sent, and webhooks owed to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models.constraints import choices_constraint
from issues.models import Issue


class PlatformKind(models.TextChoices):
    HOTLINE_12345 = "hotline_12345", _("12345热线")
    REVIEW = "review", _("好差评")


class IntakePlatform(models.Model):
    """One sending platform with its own token: it may post only its own kind of ticket. The token is kept as a
    SHA-256 hash; issues it creates are recorded as entered by the platform's service account (`user`)."""

    Kind = PlatformKind

    name = models.CharField(_("平台名称"), max_length=100)
    kind = models.CharField(_("平台类型"), max_length=20, choices=Kind.choices)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("平台账号"), on_delete=models.PROTECT,
                                related_name="intake_platform")
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("令牌前缀"), max_length=12, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    webhook_url = models.URLField(_("办结回调地址"), blank=True, help_text=_("问题销号后向该地址推送办理结果"))
    webhook_secret = models.CharField(_("回调签名密钥"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("对接平台")
        verbose_name_plural = _("对接平台")
        constraints = [choices_constraint("kind", PlatformKind, name="intake_platform_kind_valid")]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def issue_source(self) -> str:
        return Issue.Source.HOTLINE_12345 if self.kind == self.Kind.HOTLINE_12345 else Issue.Source.REVIEW


class IntakeTicket(models.Model):
    """A ticket a platform sent, by its normalised number: the same number sent again finds this row."""

    platform = models.ForeignKey(IntakePlatform, verbose_name=_("平台"), on_delete=models.PROTECT,
                                 related_name="tickets")
    reference = models.CharField(_("平台单号"), max_length=50)
    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.PROTECT, related_name="intake_tickets")
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("平台工单")
        verbose_name_plural = _("平台工单")
        constraints = [models.UniqueConstraint(fields=["platform", "reference"], name="intake_ticket_once")]

    def __str__(self):
        return f"{self.platform.name} {self.reference}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待推送")
    DELIVERED = "delivered", _("已推送")


class WebhookDelivery(models.Model):
    """A result owed to a platform (its ticket's issue was closed). Written in the closing transaction, tried
    until the platform answers 2xx: a failure only moves `next_attempt_at` on, it never drops the row."""

    Status = DeliveryStatus

    ticket = models.ForeignKey(IntakeTicket, verbose_name=_("平台工单"), on_delete=models.PROTECT,
                               related_name="deliveries")
    event = models.CharField(_("事件"), max_length=30, default="issue.closed")
    payload = models.JSONField(_("推送内容"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"))
    last_error = models.TextField(_("最近一次失败原因"), blank=True)
    delivered_at = models.DateTimeField(_("推送成功时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办结回调")
        verbose_name_plural = _("办结回调")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="webhook_due_idx")]
        constraints = [
            choices_constraint("status", DeliveryStatus, name="webhook_delivery_status_valid"),
            models.CheckConstraint(condition=Q(status="pending") | Q(delivered_at__isnull=False),
                                   name="webhook_delivered_has_time"),
        ]

    def __str__(self):
        return f"{self.ticket} {self.event} ({self.get_status_display()})"
