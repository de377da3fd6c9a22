"""Forms of the ledger: they parse and check input; the services decide and write."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.department_picker import DepartmentPickerField
from campaigns.forms.fields import with_upload_limit
from campaigns.selectors import campaign_list, department_list, service_item_choices, service_item_list
from campaigns.uploads import OLE_TYPE, OOXML_TYPES, check_upload, sniff_content_type
from campaigns.xlsx_guard import check_workbook
from issues.models import DeadlineExtension, Evidence, Issue, Reduction
from issues.selectors import default_deadline, handoff_departments, issue_list
from issues.workdays import day_off_kind, work_calendar
from spreadsheets.reading import WORKBOOK_ACCEPT

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SOURCES_BESIDE_WALKTHROUGHS = [choice for choice in Issue.Source.choices if choice[0] != Issue.Source.WALKTHROUGH]


class VersionedForm(forms.Form):
    """Remembers which version of the issue the user saw, so a later edit by someone else is not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class KeepDayOffWidget(forms.CheckboxInput):
    """A checkbox whose value is the non-working day the user typed: ticking it keeps that day."""

    def __init__(self, day):
        super().__init__()
        self.day = day

    def format_value(self, value):
        return self.day.isoformat()

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None


class WorkingDayDeadlineMixin:
    """A deadline on a weekend or a holiday is not taken silently: the form puts the next working day in the field
    and says so; ticking "keep" submits the day off as typed."""

    keep_field = "keep_day_off"

    def add_keep_day_off_field(self):
        self.fields[self.keep_field] = forms.DateField(required=False, widget=forms.HiddenInput)

    def working_day_deadline(self, deadline):
        kept = self.cleaned_data.get(self.keep_field) if self.keep_field in self.fields else None
        if deadline is None:
            return deadline
        calendar = work_calendar()
        if kept is not None and not calendar.is_workday(kept):
            return kept
        if calendar.is_workday(deadline):
            return deadline
        suggestion = calendar.next_working_day(deadline)
        values = {
            "day": deadline.isoformat(), "kind": day_off_kind(calendar, deadline), "next": suggestion.isoformat(),
        }
        data = self.data.copy()
        data[self.add_prefix("deadline")] = suggestion.isoformat()
        self.data = data
        field = self.fields[self.keep_field]
        field.widget = KeepDayOffWidget(deadline)
        field.label = _("仍以%(day)s(%(kind)s)为整改时限") % values
        self._bound_fields_cache.pop(self.keep_field, None)  # a bound field keeps the label it was made with
        raise forms.ValidationError(
            _("%(day)s是%(kind)s,不是工作日。已改为下一个工作日%(next)s,请确认后提交;"
              "如确需以%(day)s为时限,请勾选下方选项。") % values
        )


class StepForm(WorkingDayDeadlineMixin, forms.Form):
    """The form for one workflow step: the step's own fields plus a note, and the stage the user saw."""

    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    seen_stage = forms.ChoiceField(choices=Issue.Stage.choices, widget=forms.HiddenInput, required=False)

    FIELD_FACTORIES = {
        "department": lambda: forms.ModelChoiceField(label=_("责任单位"), queryset=department_list()),
        "deadline": lambda: forms.DateField(label=_("整改时限"), widget=DATE_INPUT),
        "responsible_person": lambda: forms.CharField(label=_("责任人"), required=False, max_length=50),
        "measures": lambda: forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3})),
        "evaluation": lambda: forms.ChoiceField(label=_("评价结果"), choices=Issue.Evaluation.choices),
        "long_term_rule": lambda: forms.BooleanField(label=_("建章立制(长效坚持)"), required=False),
    }

    def __init__(self, *args, step, issue: Issue, user=None, **kwargs):
        self.step = step
        self.proposed_deadline = None
        initial = {field: getattr(issue, field) for field in step.fields}
        initial["seen_stage"] = issue.stage
        if "deadline" in step.fields and issue.deadline is None:
            self.proposed_deadline = default_deadline(severity=issue.severity, source=issue.source)
            initial["deadline"] = self.proposed_deadline.day
        super().__init__(*args, initial=initial, prefix=step.action, **kwargs)
        for field in step.fields:
            self.fields[field] = self.FIELD_FACTORIES[field]()
        if "department" in self.fields:
            self.fields["department"].queryset = issue_departments(issue, user=user)
        if "deadline" in step.fields:
            self.add_keep_day_off_field()
        self.order_fields([*step.fields, self.keep_field, "note"])
        if self.proposed_deadline is not None:
            self.fields["deadline"].help_text = deadline_help(self.proposed_deadline, issue)
        if step.note_required:
            self.fields["note"].required = True
            self.fields["note"].label = _("理由")
        if "evaluation" in step.fields:
            passing = {value.value for value in Issue.PASSING_EVALUATIONS}
            wanted = [c for c in Issue.Evaluation.choices if (c[0] in passing) == (step.action == "accept")]
            self.fields["evaluation"].choices = [("", "---------"), *wanted]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("整改时限不能早于今天"))
        return deadline

    def clean(self):
        cleaned = super().clean()
        if "deadline" in self.step.fields and cleaned.get("deadline"):
            try:
                cleaned["deadline"] = self.working_day_deadline(cleaned["deadline"])
            except forms.ValidationError as warning:
                self.add_error("deadline", warning)
        return cleaned

    def changes(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.step.fields}


def deadline_help(proposed, issue: Issue) -> str:
    text = _("默认:%(days)d个工作日(%(severity)s)") % {
        "days": proposed.working_days,
        "severity": issue.get_severity_display(),
    }
    if proposed.provisional:
        text += " " + str(PROVISIONAL_NOTE)
    return text


PROVISIONAL_NOTE = _("(暂按周一至周五计算)")


class IssueFieldsForm(forms.ModelForm):
    """The ledger line's own facts: shared by the 登记问题 form and the staff edit form."""

    class Meta:
        model = Issue
        fields = [
            "source", "source_reference", "kind", "campaign", "title", "description", "category", "severity",
            "service_item",
            "department", "responsible_person", "discovered_on", "deadline", "fixed_on_spot", "long_term_rule",
            "remarks",
        ]
        widgets = {
            "discovered_on": DATE_INPUT,
            "deadline": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"department": _("建议责任单位")}
        help_texts = {
            "department": _("交办时可再修改"),
            "deadline": _("可留空,交办时按严重程度自动计算"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "source" in self.fields:
            self.fields["source"].choices = [("", "---------"), *SOURCES_BESIDE_WALKTHROUGHS]
        if "department" in self.fields:
            self.fields["department"].queryset = department_list(user=user)
        if "service_item" in self.fields:
            self.fields["service_item"].queryset = (
                service_item_list() if user is None else service_item_choices(user=user)
            )
        if "campaign" in self.fields and user is not None:
            self.fields["campaign"].queryset = campaign_list(user=user)
        if "discovered_on" in self.fields:
            self.fields["discovered_on"].initial = timezone.localdate
        if "kind" in self.fields:
            self.fields["kind"].required = False  # left out: the issue's own kind, a problem when new

    def clean_kind(self):
        return self.cleaned_data.get("kind") or (self.instance.kind if self.instance.pk else Issue.Kind.PROBLEM)

    def clean_discovered_on(self):
        day = self.cleaned_data["discovered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("发现日期不能晚于今天"))
        return day

    def clean(self):
        cleaned = super().clean()
        discovered, deadline = cleaned.get("discovered_on"), cleaned.get("deadline")
        if discovered and deadline and deadline < discovered:
            self.add_error("deadline", _("整改时限不能早于发现日期"))
        return cleaned

    def _post_clean(self):
        pass  # the service validates the model (numbering happens there); only the form's own checks run here

    def issue_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


def issue_departments(issue: Issue, *, user=None):
    """The departments an issue may be handed to (issues.selectors.handoff_departments)."""
    return handoff_departments(placed=issue.department or issue.intake_unit, user=user)


class IssueReportForm(IssueFieldsForm):
    """登记问题: a ledger line from a source other than a walkthrough. Left empty, its campaign is the one running
    on the discovery date (issues.services.issue_campaign)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].empty_label = _("按发现日期自动归入活动")

    def issue_fields(self) -> dict:
        fields = super().issue_fields()
        if fields.get("campaign") is None:
            fields.pop("campaign", None)
        return fields


class IssueDetailsForm(IssueFieldsForm):
    """Staff correct the ledger line; department and deadline move only by hand-off and extension."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta(IssueFieldsForm.Meta):
        fields = [f for f in IssueFieldsForm.Meta.fields if f not in ("department", "deadline")]

    def __init__(self, *args, issue: Issue, **kwargs):
        super().__init__(*args, instance=issue, **kwargs)
        if issue.source == Issue.Source.WALKTHROUGH:
            del self.fields["source"]  # tied to its walkthrough record
            del self.fields["campaign"]  # and to its walkthrough's campaign


class RectificationForm(VersionedForm):
    """What the department did (措施), how it is kept (立行立改 / 建章立制) and what it cut (四减)."""

    measures = forms.CharField(label=_("整改措施"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    fixed_on_spot = forms.BooleanField(label=_("立行立改"), required=False)
    long_term_rule = forms.BooleanField(label=_("建章立制"), required=False)

    def __init__(self, *args, issue: Issue, **kwargs):
        initial = {"measures": issue.measures, "fixed_on_spot": issue.fixed_on_spot,
                   "long_term_rule": issue.long_term_rule}
        for reduction in issue.reductions.all():
            initial[f"{reduction.kind}_before"] = reduction.before.normalize()
            initial[f"{reduction.kind}_after"] = reduction.after.normalize()
        initial.update(kwargs.pop("initial", {}))
        super().__init__(*args, initial=initial, **kwargs)
        for kind, label in Reduction.Kind.choices:
            for part, part_label in (("before", _("压减前")), ("after", _("压减后"))):
                self.fields[f"{kind}_{part}"] = forms.DecimalField(
                    label=f"{label} {part_label}", required=False, min_value=Decimal(0), max_digits=10,
                    decimal_places=2,
                )

    def reduction_rows(self):
        """(label, before field, after field) per kind, for the table on the page."""
        return [(label, self[f"{kind}_before"], self[f"{kind}_after"]) for kind, label in Reduction.Kind.choices]

    def clean(self):
        cleaned = super().clean()
        check_reductions(self, cleaned)
        return cleaned

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("measures", "fixed_on_spot", "long_term_rule")}

    def reductions(self) -> dict:
        rows = {}
        for kind in Reduction.Kind.values:
            before, after = self.cleaned_data.get(f"{kind}_before"), self.cleaned_data.get(f"{kind}_after")
            rows[kind] = None if before is None else (before, after)
        return rows


def check_reductions(form, cleaned) -> None:
    """Each 四减 row is filled in both halves or not at all, and never grows."""
    for kind, _label in Reduction.Kind.choices:
        before, after = cleaned.get(f"{kind}_before"), cleaned.get(f"{kind}_after")
        if (before is None) != (after is None):
            missing = f"{kind}_after" if after is None else f"{kind}_before"
            form.add_error(missing, _("压减前和压减后都要填写,或都不填"))
        elif before is not None and after > before:
            form.add_error(f"{kind}_after", _("压减后不能大于压减前"))


class CallbackForm(VersionedForm):
    """二次回访: the center calls the citizen back after the fix."""

    callback_on = forms.DateField(label=_("二次回访日期"), widget=DATE_INPUT)
    callback_by = forms.CharField(label=_("回访人"), max_length=50)
    callback_result = forms.CharField(label=_("回访结果"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_callback_on(self):
        day = self.cleaned_data["callback_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("回访日期不能晚于今天"))
        return day

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("callback_on", "callback_by", "callback_result")}


class ExtensionRequestForm(forms.ModelForm):
    class Meta:
        model = DeadlineExtension
        fields = ["requested_deadline", "reason"]
        widgets = {"requested_deadline": DATE_INPUT, "reason": forms.Textarea(attrs={"rows": 2})}

    def clean_requested_deadline(self):
        day = self.cleaned_data["requested_deadline"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("申请延至的日期不能早于今天"))
        return day

    def _post_clean(self):
        pass  # the service checks the request against the issue as it is when the row is locked


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("同意")), ("refuse", _("驳回"))], widget=forms.HiddenInput)
    decision_note = forms.CharField(label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["file", "description"]
        help_texts = {"file": with_upload_limit(_("照片、PDF或Office文档"))}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)  # photos, PDF, Office documents within the size limit, recognised by their bytes
        return upload


class TickedIssuesField(forms.ModelMultipleChoiceField):
    """The issues ticked in the ledger. One that may no longer be ticked is named by its ledger number (the user
    never sees database ids); one outside the user's ledger (`visible`) is not named at all."""

    visible = Issue.objects.none()

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            if getattr(error, "code", None) != "invalid_choice":
                raise
        allowed = {str(pk) for pk in self.queryset.filter(pk__in=value).values_list("pk", flat=True)}
        refused = [pk for pk in value if str(pk) not in allowed]
        visible = self.visible.filter(pk__in=refused).order_by("year", "sequence")
        numbers = list(visible.values_list("number", flat=True))
        if len(numbers) < len(refused):
            raise forms.ValidationError(
                _("所选问题中有的已不在“体验发现”环节或已不在您的台账中,所选问题均未交办;请刷新后重新勾选"),
                code="invalid_choice",
            )
        raise forms.ValidationError(
            _("%(numbers)s已不能批量交办(可能已被他人交办或已退回),所选问题均未交办;请取消勾选后重试"),
            code="invalid_choice", params={"numbers": "、".join(numbers)},
        )


class BulkHandOffForm(WorkingDayDeadlineMixin, forms.Form):
    """Many `experience` issues to their departments at once, with one deadline."""

    issues = TickedIssuesField(
        queryset=Issue.objects.none(), widget=forms.MultipleHiddenInput,
        error_messages={"required": _("请先在列表中勾选要交办的问题")},
    )
    department = DepartmentPickerField(
        label=_("责任单位"), queryset=department_list(), required=False,
        help_text=_("留空则交给各问题已填写的责任单位"),
    )
    deadline = forms.DateField(
        label=_("整改时限"), widget=DATE_INPUT, required=False,
        help_text=_("留空则按各问题的严重程度计算默认时限"),
    )
    responsible_person = forms.CharField(label=_("责任人"), required=False, max_length=50)
    note = forms.CharField(label=_("交办说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, issues, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].queryset = issues
        self.fields["issues"].visible = issue_list(user=user) if user is not None else Issue.objects.none()
        self.fields["department"].queryset = department_list(user=user)
        self.add_keep_day_off_field()

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("整改时限不能早于今天"))
        return deadline

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deadline"):
            try:
                cleaned["deadline"] = self.working_day_deadline(cleaned["deadline"])
            except forms.ValidationError as warning:
                self.add_error("deadline", warning)
        return cleaned


class IssueImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel文件(.xlsx或.xls)"),
        help_text=with_upload_limit(_("请使用下载的模板填写;有任何一行出错,整个文件都不会导入")),
        widget=forms.ClearableFileInput(attrs={"accept": WORKBOOK_ACCEPT}),
    )

    def clean_file(self):
        from django.conf import settings
        from django.template.defaultfilters import filesizeformat

        upload = self.cleaned_data["file"]
        if sniff_content_type(upload) not in (OOXML_TYPES["xl/"], OLE_TYPE):
            raise forms.ValidationError(_("请上传用Excel或WPS保存的工作簿(.xlsx或.xls),请使用下载的模板填写"))
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("文件超过了%(limit)s的上限") % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
            )
        check_workbook(upload)  # strings, rows, cell lengths and time bounded before the importer reads it
        return upload
