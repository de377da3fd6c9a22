from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Concat, Greatest, Length, LPad
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign, Department, ServiceItem, WalkthroughSession
from campaigns.models.constraints import choices_constraint
from campaigns.uploads import RandomName
from issues.references import reference_key
from issues.workflow import Stage

NUMBER_DIGITS = 4  # 2026-0001: the form printed ledgers have; past 9999 the number simply grows (2026-10000)


def issue_number(year: int, sequence: int) -> str:
    """The ledger number as the database writes it (Issue.number), for an issue not yet read back."""
    return f"{year}-{sequence:0{NUMBER_DIGITS}d}"


def _sequence_text():
    return Cast("sequence", models.CharField(max_length=10))


class IssueSource(models.TextChoices):
    WALKTHROUGH = "walkthrough", _("走流程")
    HOTLINE_12345 = "hotline_12345", _("12345热线")
    REVIEW = "review", _("好差评")
    CALLBACK = "callback", _("回访")
    BUSINESS_MEETING = "business_meeting", _("政企恳谈会")
    COMPLAINT_WINDOW = "complaint_window", _("投诉窗口/“办不成事”窗口")
    LEADER_MESSAGE_BOARD = "leader_message_board", _("领导留言板")
    OTHER = "other", _("其他")


class IssueKind(models.TextChoices):
    PROBLEM = "problem", _("问题")
    SUGGESTION = "suggestion", _("意见建议")


class IssueCategory(models.TextChoices):
    PROCESS = "process", _("办事环节")
    MATERIALS = "materials", _("申请材料")
    TIME_LIMIT = "time_limit", _("办理时限")
    TRIPS = "trips", _("跑动次数")
    FEES = "fees", _("收费")
    SERVICE_GUIDE = "service_guide", _("办事指南")
    ONLINE_SYSTEM = "online_system", _("网上平台/系统")
    DATA_SHARING = "data_sharing", _("数据共享(重复提交)")
    FACILITIES = "facilities", _("设施设备")
    STAFF_CONDUCT = "staff_conduct", _("工作作风")
    POLICY_EXPLANATION = "policy_explanation", _("政策解读")
    SPECIAL_GROUPS = "special_groups", _("特殊群体服务")
    OTHER = "other", _("其他")


class IssueSeverity(models.TextChoices):
    MINOR = "minor", _("一般")
    MAJOR = "major", _("较重")
    SEVERE = "severe", _("严重")


class IssueEvaluation(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("非常满意")
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    VERY_DISSATISFIED = "very_dissatisfied", _("非常不满意")


class Issue(models.Model):
    """One line of the rectification ledger (整改台账)."""

    Source = IssueSource
    Kind = IssueKind
    Category = IssueCategory
    Severity = IssueSeverity
    Evaluation = IssueEvaluation

    Stage = Stage

    PASSING_EVALUATIONS = (
        IssueEvaluation.VERY_SATISFIED,
        IssueEvaluation.SATISFIED,
        IssueEvaluation.BASICALLY_SATISFIED,
    )

    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    sequence = models.PositiveIntegerField(_("序号"), editable=False)
    number = models.GeneratedField(
        verbose_name=_("台账编号"),
        expression=Concat(
            Cast("year", models.CharField(max_length=4)),
            models.Value("-"),
            # Padded to 4 digits, never cut: LPAD alone would truncate 10000 to "1000".
            LPad(_sequence_text(), Greatest(Length(_sequence_text()), models.Value(NUMBER_DIGITS)), models.Value("0")),
        ),
        output_field=models.CharField(max_length=16),
        db_persist=True,
    )
    source = models.CharField(_("问题来源"), max_length=30, choices=Source.choices, default=Source.WALKTHROUGH)
    source_reference = models.CharField(
        _("来源单号"), max_length=50, blank=True, help_text=_("如12345工单号、好差评编号;同一来源的单号只能登记一次")
    )
    # source_reference as compared (issues.references.reference_key), so the database refuses the same ticket
    # typed in another case, with spaces or full-width; kept in step by clean() and save().
    source_reference_key = models.CharField(max_length=200, blank=True, editable=False)
    walkthrough = models.ForeignKey(
        WalkthroughSession,
        verbose_name=_("走流程记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("所属活动"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
        help_text=_("走流程发现的问题属于该次走流程的活动;其他来源默认为发现日期所在的活动"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.PROBLEM)
    title = models.CharField(_("问题标题"), max_length=200)
    description = models.TextField(_("问题描述"), blank=True)
    category = models.CharField(_("问题类别"), max_length=30, choices=Category.choices, default=Category.OTHER)
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices, default=Severity.MINOR)
    service_item = models.ForeignKey(
        ServiceItem, verbose_name=_("涉及事项"), on_delete=models.PROTECT, null=True, blank=True, related_name="issues"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("责任单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="issues"
    )
    # Where the line was taken in (受理单位): places it in a county's ledger before it has a responsible department.
    intake_unit = models.ForeignKey(
        Department, verbose_name=_("受理单位"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="issues_taken_in",
    )
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    discovered_on = models.DateField(_("发现日期"))
    deadline = models.DateField(_("整改时限"), null=True, blank=True)
    # How the deadline was derived, so a change of the calendar can count it again (issues/deadlines.py):
    # by rule = `deadline_working_days` working days after `deadline_start` (+ approved extensions);
    # no working days = typed by hand, never moved, only flagged for review.
    deadline_start = models.DateField(_("时限起算日"), null=True, blank=True, editable=False)
    deadline_working_days = models.PositiveSmallIntegerField(
        _("时限工作日数"), null=True, blank=True, editable=False
    )
    deadline_review_since = models.DateTimeField(
        _("整改时限待复核"), null=True, blank=True, editable=False,
        help_text=_("手工填写的整改时限所在年度节假日安排有变化,待中心工作人员复核"),
    )
    stage = models.CharField(_("当前环节"), max_length=20, choices=Stage.choices, default=Stage.EXPERIENCE)
    fixed_on_spot = models.BooleanField(_("立行立改"), default=False)
    long_term_rule = models.BooleanField(_("建章立制"), default=False)
    measures = models.TextField(_("整改措施"), blank=True)
    callback_on = models.DateField(_("二次回访日期"), null=True, blank=True)
    callback_by = models.CharField(_("回访人"), max_length=50, blank=True)
    callback_result = models.TextField(_("回访结果"), blank=True)
    evaluation = models.CharField(_("评价结果"), max_length=30, choices=Evaluation.choices, blank=True)
    remarks = models.TextField(_("备注"), blank=True)
    # Set when staff merge this issue into another: it is then closed as a duplicate, its events kept.
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("合并至"), on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="reported_issues"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["number", "source_reference_key"])

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题台账")
        ordering = ["-year", "-sequence"]
        indexes = [
            models.Index(fields=["stage", "deadline"]),
            models.Index(fields=["campaign", "discovered_on"]),
            # the overdue filter and count: open issues by deadline (issue 13: 4% of a million lines)
            models.Index(fields=["deadline"], condition=~Q(stage="closed"), name="issue_open_deadline_idx"),
            # the ledger's default order over open lines (overdue, a stage, a liaison's to-do): newest first without
            # reading past the closed 88%. The deadline is a key column so the overdue list tests it in the index:
            # the newest open lines are not yet due, and at a million lines it fetched 80,000 rows to drop them.
            models.Index(
                fields=["year", "sequence", "id", "deadline"], condition=~Q(stage="closed"),
                name="issue_open_number_deadline_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="issue_number_unique_per_year"),
            models.UniqueConstraint(fields=["number"], name="issue_number_unique"),
            models.UniqueConstraint(
                fields=["source", "source_reference_key"],
                condition=~Q(source_reference_key=""),
                name="issue_source_reference_once",
                violation_error_message=_("同一来源的单号只能登记一次"),
            ),
            choices_constraint("stage", Stage, name="issue_stage_valid"),
            choices_constraint("source", IssueSource, name="issue_source_valid"),
            choices_constraint("category", IssueCategory, name="issue_category_valid"),
            choices_constraint("kind", IssueKind, name="issue_kind_valid"),
            choices_constraint("severity", IssueSeverity, name="issue_severity_valid"),
            choices_constraint("evaluation", IssueEvaluation, name="issue_evaluation_valid", allow_blank=True),
            models.CheckConstraint(
                condition=~Q(source="walkthrough") | Q(walkthrough__isnull=False),
                name="issue_walkthrough_source_has_session",
            ),
            models.CheckConstraint(
                condition=Q(stage="experience") | Q(department__isnull=False),
                name="issue_handed_off_has_department",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.source_reference_key = reference_key(self.source_reference)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "source_reference" in update_fields:
            kwargs["update_fields"] = {*update_fields, "source_reference_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("issues:issue_detail", args=[self.pk])

    def clean(self):
        super().clean()
        self.source_reference_key = reference_key(self.source_reference)  # before the constraints are checked
        if self.walkthrough_id is not None and self.campaign_id != self.walkthrough.campaign_id:
            raise ValidationError({"campaign": _("走流程发现的问题属于该次走流程所在的活动,不能另选活动")})

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of_id is not None

    @property
    def evaluation_passed(self) -> bool:
        return self.evaluation in self.PASSING_EVALUATIONS


class IssueEvent(models.Model):
    """An append-only record of one stage change: who moved the issue, from where to where, when and why."""

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="issue_events"
    )
    from_stage = models.CharField(_("原环节"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新环节"), max_length=20, choices=Stage.choices)
    note = models.TextField(_("说明"), blank=True)
    # Which step (workflow.STEPS) and which departments it moved the issue between; blank/None on older rows.
    action = models.CharField(_("操作"), max_length=30, blank=True)
    from_department = models.ForeignKey(
        Department, verbose_name=_("原责任单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_department = models.ForeignKey(
        Department, verbose_name=_("新责任单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["created_at", "pk"]
        # when an issue was closed and how often it was sent back, looked up per issue by the ledger and export
        indexes = [models.Index(fields=["issue", "to_stage", "created_at"], name="issue_event_stage_idx")]
        constraints = [
            choices_constraint("from_stage", Stage, name="issue_event_from_valid", allow_blank=True),
            choices_constraint("to_stage", Stage, name="issue_event_to_valid"),
        ]

    def __str__(self):
        return f"{self.issue.number}: {self.from_stage or '—'} → {self.to_stage}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("IssueEvent rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("IssueEvent rows are append-only")


class Evidence(models.Model):
    """A file the department uploads to show the rectification was done (整改佐证材料)."""

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=RandomName("evidence", type_field="content_type"))
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("内容类型"), max_length=100, blank=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("提供单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("协办单位上传的材料标明其单位;空白为主办单位或中心"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.description or self.original_name or self.file.name


class IssueNumberCounter(models.Model):
    """The last ledger number handed out in a year; locked row by row so two reporters never share a number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("台账编号计数器")
        verbose_name_plural = _("台账编号计数器")

    def __str__(self):
        return f"{self.year}: {self.last_sequence}"
