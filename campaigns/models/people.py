from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constraints import choices_constraint
from .organisation import Department


class OfficialLevel(models.TextChoices):
    COUNTY_LEADER = "county_leader", _("县级领导")
    TOWNSHIP_LEADER = "township_leader", _("乡镇领导")
    DEPARTMENT_HEAD = "department_head", _("部门主要负责人")
    DEPUTY = "deputy", _("部门分管负责人")
    SECTION_CHIEF = "section_chief", _("股室负责人")
    WINDOW_STAFF = "window_staff", _("窗口工作人员")
    SOCIAL_SUPERVISOR = "social_supervisor", _("社会监督员")


class Official(models.Model):
    """A person on the roster who may walk; with a login account he also belongs to his department."""

    Level = OfficialLevel

    name = models.CharField(_("姓名"), max_length=50)
    department = models.ForeignKey(
        Department, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="officials"
    )
    position = models.CharField(_("职务"), max_length=100, blank=True)
    level = models.CharField(_("层级"), max_length=30, choices=Level.choices)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official",
    )
    is_active = models.BooleanField(_("在册"), default=True)
    expected_to_walk = models.BooleanField(
        _("列入走流程名册"),
        default=True,
        help_text=_("应当参加走流程的人员;仅作联络员或管理员使用的账号不列入,不计入参与率的分母"),
    )

    class Meta:
        verbose_name = _("人员名册")
        verbose_name_plural = _("人员名册")
        ordering = ["department__path", "level", "name"]
        constraints = [
            choices_constraint("level", OfficialLevel, name="official_level_valid"),
            models.UniqueConstraint(fields=["department", "name", "phone"], name="official_unique_per_department"),
        ]

    def __str__(self):
        return f"{self.name}({self.position or self.get_level_display()})"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


def mask_phone(phone: str) -> str:
    """139****0001: what roles that may not see a person's number get, on screen and in exports alike."""
    return phone if len(phone) < 7 else f"{phone[:3]}****{phone[-4:]}"
