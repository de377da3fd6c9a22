from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day that breaks the Monday–Friday rule: a public holiday, or a weekend day made a working day (调休).

    Seeded from chinesecalendar; staff add next year's days in the admin when the State Council publishes them.
    """

    class Source(models.TextChoices):
        CHINESECALENDAR = "chinesecalendar", _("chinesecalendar")
        ADMIN = "admin", _("手工维护")

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
