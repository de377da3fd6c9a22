from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Department, ServiceItem
from campaigns.models.constraints import choices_constraint
from issues.models import Issue
from issues.models.issue import IssueEvaluation


class Callback(models.Model):
    """One applicant called back (回访) about a matter handled at a window: the result on the 好差评 five levels,
    whether he complained, and the ledger line opened for a problem he raised. Nothing personal is kept: the
    callback centre's list has names and phones, the ledger of results does not need them."""

    Result = IssueEvaluation
    GOOD_RESULTS = (IssueEvaluation.VERY_SATISFIED, IssueEvaluation.SATISFIED)

    called_on = models.DateField(_("回访日期"))
    case_reference = models.CharField(_("办件编号"), max_length=50, blank=True,
                                      help_text=_("窗口办件系统的编号;同一办件只登记一次回访"))
    service_item = models.ForeignKey(ServiceItem, verbose_name=_("办理事项"), on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="callbacks")
    department = models.ForeignKey(Department, verbose_name=_("窗口单位"), on_delete=models.PROTECT,
                                   related_name="callbacks")
    window = models.CharField(_("窗口"), max_length=50, blank=True)
    result = models.CharField(_("回访结果"), max_length=30, choices=Result.choices)
    is_complaint = models.BooleanField(_("投诉"), default=False)
    note = models.TextField(_("情况说明"), blank=True)
    follow_up_issue = models.OneToOneField(Issue, verbose_name=_("转办问题"), on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="source_callback")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回访记录")
        verbose_name_plural = _("回访台账")
        ordering = ["-called_on", "-pk"]
        indexes = [models.Index(fields=["called_on"])]
        constraints = [
            choices_constraint("result", IssueEvaluation, name="callback_result_valid"),
            models.UniqueConstraint(fields=["case_reference"], condition=~Q(case_reference=""),
                                    name="callback_case_once",
                                    violation_error_message=_("该办件已登记过回访")),
        ]

    def __str__(self):
        return f"{self.called_on} {self.department} {self.get_result_display()}"

    @property
    def is_good(self) -> bool:
        return self.result in self.GOOD_RESULTS
