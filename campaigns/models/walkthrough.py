from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.uploads import RandomName

from .campaign import Campaign
from .constraints import choices_constraint
from .organisation import Department, ServiceItem
from .people import Official


class WalkthroughMode(models.TextChoices):
    SIMULATED = "simulated", _("模拟走流程")
    ACCOMPANIED = "accompanied", _("陪伴走流程")
    PROXY = "proxy", _("帮代办走流程")
    WINDOW_SEAT = "window_seat", _("坐窗走流程")
    REVERSE = "reverse", _("倒推走流程")


class WalkthroughChannel(models.TextChoices):
    ONLINE = "online", _("线上")
    OFFLINE = "offline", _("线下")
    BOTH = "both", _("线上+线下")


class WalkthroughScope(models.TextChoices):
    OWN_UNIT = "own_unit", _("本单位直接体验")
    CROSS_DEPARTMENT = "cross_department", _("部门间相互体验")


class WalkthroughStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


class WalkthroughSimulatedVia(models.TextChoices):
    PLATFORM = "platform", _("一体化政务服务平台")
    DEPARTMENT_APP = "department_app", _("部门政务APP")
    HALL = "hall", _("政务服务大厅")


class WalkthroughComplaintSource(models.TextChoices):
    HOTLINE_12345 = "hotline_12345", _("12345热线")
    REVIEW = "review", _("好差评")
    LEADER_MESSAGE_BOARD = "leader_message_board", _("领导留言板")
    OTHER = "other", _("其他")


class ProxyStep(models.TextChoices):
    REGISTRATION = "registration", _("注册登录")
    FILLING = "filling", _("填写填报")
    SUBMISSION = "submission", _("提交申报")
    RESULT = "result", _("等待并取得结果")


class WalkthroughSession(models.Model):
    """One walkthrough: who walked which service, how, and what he measured."""

    Mode = WalkthroughMode
    Channel = WalkthroughChannel
    Scope = WalkthroughScope
    Status = WalkthroughStatus
    SimulatedVia = WalkthroughSimulatedVia
    ComplaintSource = WalkthroughComplaintSource
    ProxyStep = ProxyStep

    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="sessions")
    mode = models.CharField(_("走流程方式"), max_length=20, choices=Mode.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, default=Channel.OFFLINE)
    department = models.ForeignKey(
        Department, verbose_name=_("体验单位"), on_delete=models.PROTECT, related_name="walkthroughs"
    )
    service_items = models.ManyToManyField(
        ServiceItem, verbose_name=_("体验事项"), blank=True, related_name="walkthroughs"
    )
    lead = models.ForeignKey(
        Official, verbose_name=_("带队人员"), on_delete=models.PROTECT, related_name="led_walkthroughs"
    )
    companions = models.ManyToManyField(
        Official, verbose_name=_("同行人员"), blank=True, related_name="joined_walkthroughs"
    )
    occurred_at = models.DateTimeField(_("体验时间"))
    is_announced = models.BooleanField(_("事先告知"), default=False, help_text=_("不勾选表示不预告(暗访)"))
    scope = models.CharField(_("体验对象"), max_length=20, choices=Scope.choices, default=Scope.OWN_UNIT)

    # Measurements
    waiting_minutes = models.PositiveIntegerField(_("等候时长(分钟)"), null=True, blank=True)
    total_minutes = models.PositiveIntegerField(_("办理总时长(分钟)"), null=True, blank=True)
    # Why the minutes differ from what the stopwatch's steps add up to (blank: they don't, or nothing was timed).
    minutes_reason = models.CharField(_("时长修改原因"), max_length=200, blank=True)
    trips = models.PositiveSmallIntegerField(_("跑动次数"), null=True, blank=True)
    windows_visited = models.PositiveSmallIntegerField(_("经过窗口数"), null=True, blank=True)
    materials_requested = models.PositiveSmallIntegerField(_("实际要求材料数"), null=True, blank=True)
    materials_in_guide = models.PositiveSmallIntegerField(_("办事指南所列材料数"), null=True, blank=True)
    guide_matches_practice = models.BooleanField(_("办事指南与实际操作一致"), null=True, blank=True)

    # simulated
    simulated_via = models.CharField(_("办理渠道"), max_length=20, choices=SimulatedVia.choices, blank=True)
    steps_experienced = models.TextField(_("体验环节"), blank=True)
    # accompanied and proxy: the citizen
    citizen_name = models.CharField(_("群众姓名"), max_length=50, blank=True)
    citizen_phone = models.CharField(_("群众电话"), max_length=20, blank=True)
    citizen_feedback = models.TextField(_("群众意见"), blank=True)
    # proxy
    authorisation_method = models.CharField(_("授权方式"), max_length=100, blank=True)
    authorisation_form = models.FileField(
        _("授权书"), upload_to=RandomName("authorisations", type_field="authorisation_content_type"), blank=True
    )
    # The letter's own name (for the download only) and the type read from its bytes (which names it on disk).
    authorisation_original_name = models.CharField(_("授权书原文件名"), max_length=200, blank=True)
    authorisation_content_type = models.CharField(_("授权书内容类型"), max_length=100, blank=True)
    proxy_steps = models.JSONField(_("代办环节"), default=list, blank=True)
    # window_seat
    window_number = models.CharField(_("窗口号"), max_length=20, blank=True)
    hours_at_window = models.DecimalField(_("坐窗时长(小时)"), max_digits=4, decimal_places=1, null=True, blank=True)
    citizens_received = models.PositiveIntegerField(_("接待群众数"), null=True, blank=True)
    cases_accepted = models.PositiveIntegerField(_("受理件数"), null=True, blank=True)
    cases_approved = models.PositiveIntegerField(_("审批件数"), null=True, blank=True)
    results_printed = models.PositiveIntegerField(_("打印结果数"), null=True, blank=True)
    # reverse
    complaint_source = models.CharField(_("诉求来源"), max_length=30, choices=ComplaintSource.choices, blank=True)
    complaint_reference = models.CharField(_("诉求编号"), max_length=50, blank=True)
    complaint_text = models.TextField(_("诉求内容"), blank=True)
    traced_chain = models.TextField(_("倒推环节"), blank=True)
    blocking_point = models.TextField(_("梗阻点"), blank=True)

    # [{"section", "question", "answer", "note"}]: the questions are copied, so later edits of the
    # campaign's checklist never change what this walker was asked.
    checklist_answers = models.JSONField(_("提示单答复"), default=list, blank=True)
    # Findings of a draft wait here and enter the ledger only when the session is submitted.
    draft_findings = models.JSONField(_("草稿中的问题"), default=list, blank=True)
    experience = models.TextField(_("体验感受"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        related_name="logged_walkthroughs",
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("走流程记录")
        verbose_name_plural = _("走流程记录")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["campaign", "mode"]), models.Index(fields=["occurred_at"])]
        constraints = [
            choices_constraint("mode", WalkthroughMode, name="walkthrough_mode_valid"),
            choices_constraint("channel", WalkthroughChannel, name="walkthrough_channel_valid"),
            choices_constraint("scope", WalkthroughScope, name="walkthrough_scope_valid"),
            choices_constraint("status", WalkthroughStatus, name="walkthrough_status_valid"),
            choices_constraint(
                "simulated_via", WalkthroughSimulatedVia, name="walkthrough_simulated_via_valid", allow_blank=True
            ),
            choices_constraint(
                "complaint_source",
                WalkthroughComplaintSource,
                name="walkthrough_complaint_source_valid",
                allow_blank=True,
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="walkthrough_submitted_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_mode_display()} · {self.lead.name} · {self.occurred_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("campaigns:walkthrough_detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def masked_citizen_phone(self) -> str:
        phone = self.citizen_phone
        return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 11 else ("****" if phone else "")


class WalkthroughStep(models.Model):
    """One step of the matter as the walker timed it on the stopwatch (取号, 排队, …): when it started and ended."""

    session = models.ForeignKey(
        WalkthroughSession, verbose_name=_("走流程记录"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("环节"), max_length=40)
    is_waiting = models.BooleanField(_("计入等候"), default=False)
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("计时环节")
        verbose_name_plural = _("计时环节")
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="walkthrough_step_position_unique"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="walkthrough_step_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def minutes(self) -> int | None:
        from campaigns.process_steps import whole_minutes

        return whole_minutes((self.ended_at - self.started_at).total_seconds()) if self.ended_at else None


class DraftReceipt(models.Model):
    """The idempotency key of one form sent from a phone: a draft sent again after a lost connection finds its
    receipt and changes nothing (the key is the primary key, so two concurrent sends cannot both apply)."""

    key = models.UUIDField(_("草稿标识"), primary_key=True)
    session = models.ForeignKey(
        WalkthroughSession, verbose_name=_("走流程记录"), on_delete=models.CASCADE, related_name="receipts"
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发送人"), on_delete=models.CASCADE,
                                related_name="+")
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("草稿接收记录")
        verbose_name_plural = _("草稿接收记录")

    def __str__(self):
        return str(self.key)
