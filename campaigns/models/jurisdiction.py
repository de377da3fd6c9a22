from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import Department


class Jurisdiction(models.Model):
    """The node of the department tree whose subtree an account oversees (管辖范围): a county's service-centre staff
    → the county, a city data bureau → the city. A liaison without one is bound to his roster department."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), on_delete=models.CASCADE, related_name="jurisdiction"
    )
    unit = models.ForeignKey(
        Department, verbose_name=_("管辖范围"), on_delete=models.PROTECT, related_name="jurisdictions",
        help_text=_("该账号可见本单位及其全部下属单位的数据"),
    )

    class Meta:
        verbose_name = _("管辖范围")
        verbose_name_plural = _("管辖范围")

    def __str__(self):
        return f"{self.user} → {self.unit}"
