"""How departments share and are pressed on an issue: assisting departments (协办) and their part, and urgings
(督办/催办) with the lead department's reply."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Department

from .issue import Issue


class AssistingDepartment(models.Model):
    """A department that assists (协办) the lead department (主办) on an issue: it sees the issue and adds its part."""

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="assistants")
    department = models.ForeignKey(
        Department, verbose_name=_("协办单位"), on_delete=models.PROTECT, related_name="assisted_issues"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("设置人"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("设置时间"), auto_now_add=True)
    measures = models.TextField(_("协办措施"), blank=True)
    measures_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    measures_at = models.DateTimeField(_("填报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("协办单位")
        verbose_name_plural = _("协办单位")
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["issue", "department"], name="assisting_department_once")]

    def __str__(self):
        return f"{self.issue.number} {self.department.name}"


class Urging(models.Model):
    """A leader's or the center's 督办 of an issue, with a note, and the lead department's reply."""

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="urgings")
    urged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("督办人"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("督办意见"))
    department = models.ForeignKey(
        Department, verbose_name=_("被督办单位"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("督办时间"), auto_now_add=True)
    reply = models.TextField(_("回复"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("回复人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.issue.number} {self.created_at:%Y-%m-%d}"
