from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from .constraints import choices_constraint


class DepartmentKind(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县(区)")
    DEPARTMENT = "department", _("部门")
    TOWNSHIP = "township", _("乡镇(街道)")
    SERVICE_CENTER = "service_center", _("政务服务中心")
    SECTION = "section", _("股室")


# Kinds that stand for a whole level of government (行政区划): a scope rooted at one of them is "that county/city".
REGION_KINDS = (DepartmentKind.PROVINCE, DepartmentKind.CITY, DepartmentKind.COUNTY)


class Department(MP_Node):
    """Province → city → county/district → departments and townships → sections, as one tree.
    Every account sees one subtree of it (campaigns.scope)."""

    Kind = DepartmentKind

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        constraints = [choices_constraint("kind", DepartmentKind, name="department_kind_valid")]

    def __str__(self):
        return self.name

    @property
    def is_region(self) -> bool:
        return self.kind in REGION_KINDS

    def lineage_paths(self) -> list[str]:
        """Materialised paths of this node and every ancestor, root first."""
        step = self.steplen
        return [self.path[:end] for end in range(step, len(self.path) + 1, step)]

    def region(self) -> "Department":
        """The nearest county, city or province at or above this node (itself for a region; its root otherwise)."""
        if self.is_region:
            return self
        ancestors = Department.objects.filter(path__in=self.lineage_paths()[:-1], kind__in=REGION_KINDS)
        return ancestors.order_by("-depth").first() or self.get_root()

    def subtree_q(self, prefix: str) -> Q:
        """A filter matching rows whose department (reached through `prefix`) lies in this subtree.

        Written as `department_id IN (ids of the subtree)`, not as a join on the department's path: at a million
        ledger lines the join made the ledger's count 3× slower, the IN list is read once from the path index."""
        return Q(**{f"{prefix}__in": Department.objects.filter(path__startswith=self.path).values("pk")})


class ServiceItem(models.Model):
    """One government service item (事项) with its time limits in working days, steps, materials, trips and
    fees. A closed rectification that names the item changes these values; the history keeps what they were."""

    Kind = DepartmentKind

    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    department = models.ForeignKey(
        Department, verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="service_items"
    )
    statutory_limit_days = models.PositiveSmallIntegerField(_("法定时限(工作日)"), null=True, blank=True)
    promised_limit_days = models.PositiveSmallIntegerField(_("承诺时限(工作日)"), null=True, blank=True)
    is_instant = models.BooleanField(_("即办件"), default=False)
    is_online = models.BooleanField(_("可网办"), default=False)
    is_high_frequency = models.BooleanField(_("高频事项"), default=False)
    step_count = models.PositiveSmallIntegerField(_("办理环节(个)"), null=True, blank=True)
    material_count = models.PositiveSmallIntegerField(_("申请材料(份)"), null=True, blank=True)
    trip_count = models.PositiveSmallIntegerField(_("跑动次数(次)"), null=True, blank=True)
    fee_yuan = models.DecimalField(_("收费(元)"), max_digits=10, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_limit_days__isnull=True)
                | Q(statutory_limit_days__isnull=True)
                | Q(promised_limit_days__lte=models.F("statutory_limit_days")),
                name="service_item_promise_within_statute",
            )
        ]

    def __str__(self):
        return self.name
