import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models.constraints import choices_constraint
from campaigns.uploads import XLSX, RandomName


class ExportKind(models.TextChoices):
    LEDGER = "ledger", _("整改台账")
    WALKTHROUGHS = "walkthroughs", _("走流程记录")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ExportJob(models.Model):
    """A large export written in the background: what was asked (kind + the list's querystring), by whom,
    how far it has got, and the finished file."""

    Kind = ExportKind
    Status = ExportStatus

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    query = models.TextField(_("筛选条件"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    done = models.PositiveIntegerField(_("已写行数"), default=0)
    file = models.FileField(_("文件"), upload_to=RandomName("exports", fixed_type=XLSX), blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("kind", ExportKind, name="export_job_kind_valid"),
            choices_constraint("status", ExportStatus, name="export_job_status_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("reports:export_job", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def is_stalled(self) -> bool:
        """Queued or running with no progress for a while: the worker is down or died mid-way."""
        if self.status not in (self.Status.PENDING, self.Status.RUNNING):
            return False
        quiet = datetime.timedelta(seconds=settings.EXPORT_STALLED_SECONDS)
        return timezone.now() - self.updated_at > quiet
