from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarSource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", _("chinesecalendar")
    ADMIN = "admin", _("手工维护")


class CalendarDay(models.Model):
    """A day that breaks the Monday–Friday rule: a public holiday, or a weekend day made a working day (调休).

    Seeded from chinesecalendar; staff add next year's days in the admin when the State Council publishes them.
    Rows alone never make a year complete: its CalendarYear says so.
    """

    Source = CalendarSource

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否上班"), help_text=_("勾选表示调休上班日,不勾选表示放假"))
    name = models.CharField(_("名称"), max_length=50, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.ADMIN)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=["chinesecalendar", "admin"]), name="calendar_day_source_valid"
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name} {'上班' if self.is_workday else '放假'}"


class CalendarYear(models.Model):
    """Whether a year's holidays and make-up days are all entered. Only a complete year counts as known: until
    then deadlines counted across it are provisional (暂定), however many of its days are already entered.

    Complete when it comes from chinesecalendar, or when staff confirm it (after an import or entering the days).
    """

    Source = CalendarSource

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    is_complete = models.BooleanField(_("已完整录入"), default=False)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.ADMIN)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=["chinesecalendar", "admin"]), name="calendar_year_source_valid"
            )
        ]

    def __str__(self):
        return f"{self.year}"
