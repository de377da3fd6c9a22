from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .constraints import choices_constraint
from .organisation import Department, ServiceItem


def default_checklist():
    """The 工作提示单 a new campaign starts from: facilities, process, conduct, and the four questions."""
    from campaigns.checklist import DEFAULT_CHECKLIST

    return [dict(item) for item in DEFAULT_CHECKLIST]


def default_process_steps():
    """The steps a walker times on the stopwatch, until the campaign's planner changes them."""
    from campaigns.process_steps import DEFAULT_PROCESS_STEPS

    return [dict(step) for step in DEFAULT_PROCESS_STEPS]


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    ACTIVE = "active", _("进行中")
    CLOSED = "closed", _("已结束")


class Campaign(models.Model):
    """A period of organised walkthroughs with a theme, a scope and goals."""

    Status = CampaignStatus

    theme = models.CharField(_("活动主题"), max_length=100)
    organiser = models.CharField(_("组织单位"), max_length=100)
    # The level the campaign runs at: a city's campaign covers its counties, each county's staff running their part.
    # Empty: the whole installation (every account sees it).
    level_unit = models.ForeignKey(
        "campaigns.Department", verbose_name=_("组织层级"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="organised_campaigns", help_text=_("活动覆盖该单位及其全部下属单位"),
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    departments = models.ManyToManyField(Department, verbose_name=_("参与部门"), blank=True, related_name="campaigns")
    service_items = models.ManyToManyField(
        ServiceItem, verbose_name=_("体验事项"), blank=True, related_name="campaigns"
    )
    goals = models.JSONField(_("工作目标"), default=dict, blank=True)
    checklist = models.JSONField(_("工作提示单"), default=default_checklist, blank=True)
    # [{"name", "waiting"}]: the steps of a matter timed on the walkthrough form's stopwatch.
    process_steps = models.JSONField(_("计时环节"), default=default_process_steps, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-starts_on"]
        constraints = [
            choices_constraint("status", CampaignStatus, name="campaign_status_valid"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_period_ordered"),
        ]

    LABEL_FIELDS = ("pk", "theme", "starts_on", "ends_on")  # what __str__ reads

    def __str__(self):
        return f"{self.theme}({self.starts_on:%Y-%m-%d}—{self.ends_on:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("campaign:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on
