"""The reminder outbox: every e-mail or group-robot delivery of a reminder is a row that a worker sends, retries
with backoff, and finally marks failed for staff to see. Nothing is sent inside the reminder run itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models.constraints import choices_constraint

from .followup import Reminder


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    ROBOT = "robot", _("群机器人")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Delivery(models.Model):
    """One reminder to one recipient on one channel (the group robot has no recipient: the group is one)."""

    Channel = DeliveryChannel
    State = DeliveryState

    reminder = models.ForeignKey(Reminder, verbose_name=_("提醒"), on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=DeliveryChannel.choices)
    state = models.CharField(_("状态"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"))
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒投递")
        verbose_name_plural = _("提醒投递")
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["channel", "next_attempt_at"], condition=Q(state="pending"), name="delivery_due"),
            models.Index(fields=["state"], condition=Q(state="failed"), name="delivery_failed"),
        ]
        constraints = [
            choices_constraint("channel", DeliveryChannel, name="delivery_channel_valid"),
            choices_constraint("state", DeliveryState, name="delivery_state_valid"),
            models.UniqueConstraint(
                fields=["reminder", "recipient", "channel"], condition=Q(recipient__isnull=False),
                name="delivery_once_per_recipient_channel",
            ),
            models.UniqueConstraint(
                fields=["reminder", "channel"], condition=Q(recipient__isnull=True), name="delivery_once_per_group",
            ),
            models.CheckConstraint(
                condition=Q(channel="robot") | Q(recipient__isnull=False), name="delivery_email_has_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.reminder} → {self.recipient or self.get_channel_display()} ({self.get_state_display()})"


class RobotPost(models.Model):
    """A message the group robot accepted: the last minute's posts decide how many more may go now."""

    posted_at = models.DateTimeField(_("发送时间"), db_index=True)
    lines = models.PositiveSmallIntegerField(_("条数"))

    class Meta:
        verbose_name = _("群机器人消息")
        verbose_name_plural = _("群机器人消息")
        ordering = ["-posted_at"]

    def __str__(self):
        return f"{self.posted_at:%Y-%m-%d %H:%M:%S} ({self.lines})"
