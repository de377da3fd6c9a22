"""What happens around an issue besides its stage: extensions, reductions, reminders, notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import ServiceItem
from campaigns.models.constraints import choices_constraint

from .issue import Issue


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("已驳回")


class DeadlineExtension(models.Model):
    """A liaison's request for more time, and the center's decision on it."""

    Status = ExtensionStatus

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    reason = models.TextField(_("延期理由"))
    current_deadline = models.DateField(_("原整改时限"))
    requested_deadline = models.DateField(_("申请延至"))
    status = models.CharField(_("状态"), max_length=10, choices=ExtensionStatus.choices, default="pending")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    working_days = models.PositiveSmallIntegerField(
        _("延长工作日数"), null=True, blank=True, editable=False,
        help_text=_("同意时按当时的日历计算,日历变化后据此重新推算整改时限"),
    )

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at"]
        constraints = [
            choices_constraint("status", ExtensionStatus, name="extension_status_valid"),
            models.CheckConstraint(
                condition=Q(requested_deadline__gt=models.F("current_deadline")), name="extension_moves_deadline_later"
            ),
            models.UniqueConstraint(
                fields=["issue"], condition=Q(status="pending"), name="extension_one_pending_per_issue"
            ),
        ]

    def __str__(self):
        return f"{self.issue.number} → {self.requested_deadline:%Y-%m-%d} ({self.get_status_display()})"


class ReductionKind(models.TextChoices):
    STEPS = "steps", _("减环节(个)")
    MATERIALS = "materials", _("减材料(份)")
    TIME_LIMIT = "time_limit", _("减时限(工作日)")
    TRIPS = "trips", _("减跑动(次)")
    FEES = "fees", _("减费用(元)")


class Reduction(models.Model):
    """One of the four reductions (四减) a rectification achieved, before and after."""

    Kind = ReductionKind

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="reductions")
    kind = models.CharField(_("类型"), max_length=20, choices=ReductionKind.choices)
    before = models.DecimalField(_("压减前"), max_digits=10, decimal_places=2)
    after = models.DecimalField(_("压减后"), max_digits=10, decimal_places=2)
    service_items = models.ManyToManyField(
        ServiceItem,
        verbose_name=_("涉及事项"),
        blank=True,
        related_name="reductions",
        help_text=_("问题销号时,这些事项的现值改为“压减后”的数值(原值保留在变更记录中)"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("四减成效")
        verbose_name_plural = _("四减成效")
        constraints = [
            choices_constraint("kind", ReductionKind, name="reduction_kind_valid"),
            models.UniqueConstraint(fields=["issue", "kind"], name="reduction_one_per_kind"),
            models.CheckConstraint(condition=Q(after__lte=models.F("before")), name="reduction_does_not_grow"),
            models.CheckConstraint(condition=Q(after__gte=0), name="reduction_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.before} → {self.after}"

    @property
    def saved(self):
        return self.before - self.after


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期提醒")
    OVERDUE = "overdue", _("超期催办")
    ESCALATION = "escalation", _("超期通报")


class Reminder(models.Model):
    """A reminder sent for an issue; at most one per issue, kind and day, however often the task runs."""

    Kind = ReminderKind

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("类型"), max_length=20, choices=ReminderKind.choices)
    day = models.DateField(_("日期"))
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    message = models.TextField(
        _("内容"), blank=True, db_default="", help_text=_("生成时的提醒文字,邮件和群机器人发送的就是它")
    )

    class Meta:
        verbose_name = _("催办提醒")
        verbose_name_plural = _("催办提醒")
        ordering = ["-day"]
        constraints = [
            choices_constraint("kind", ReminderKind, name="reminder_kind_valid"),
            models.UniqueConstraint(fields=["issue", "kind", "day"], name="reminder_once_per_issue_kind_day"),
        ]

    def __str__(self):
        return f"{self.issue.number} {self.get_kind_display()} {self.day:%Y-%m-%d}"


class Notification(models.Model):
    """An entry in a user's in-app notification centre, stored as what happened (`kind`) and its facts (`params`):
    the sentence is written at display time in the reader's language (issues.notification_kinds)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    issue = models.ForeignKey(
        Issue, verbose_name=_("问题"), on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    reminder = models.ForeignKey(
        Reminder, verbose_name=_("提醒"), on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=40)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message

    @property
    def message(self) -> str:
        """The sentence in the active language."""
        from issues.notification_kinds import render

        return render(self.kind, self.params)

    @property
    def title(self) -> str:
        """The short tag of the kind (【交办】...), in the active language."""
        from issues.notification_kinds import title

        return title(self.kind)
