"""The walkthrough form: common facts, one section per mode, measurements, photos, attachments, findings."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaigns.forms.fields import CheckedFileField, CheckedFilesField, DepartmentChoiceField
from campaigns.forms.stopwatch import StepTimesField
from campaigns.models import Campaign, WalkthroughAttachment, WalkthroughSession
from campaigns.modes import ALL_MODE_FIELDS, MODE_FIELDS, MODE_REQUIRED, missing_mode_facts
from campaigns.process_steps import TimedStep
from campaigns.scope import walkable_departments
from campaigns.selectors import (
    campaign_list,
    department_list,
    official_choices,
    official_list,
    service_item_choices,
    service_item_list,
)
from campaigns.services import check_campaign_open, check_session_timing
from issues.models import Issue

COMMON_FIELDS = (
    "campaign", "mode", "occurred_at", "department", "service_items", "lead", "companions", "channel",
    "is_announced", "scope",
)
MEASUREMENT_FIELDS = (
    "waiting_minutes", "total_minutes", "minutes_reason", "trips", "windows_visited", "materials_requested",
    "materials_in_guide", "guide_matches_practice",
)
UPLOAD_FIELDS = ("photos", "attachments", "remove_attachments")
# Not columns of the session: the stopwatch's steps and the phone's idempotency key go to the service apart.
SENT_APART = ("step_times", "draft_key")
TAIL_FIELDS = ("experience",) + UPLOAD_FIELDS


# Short numbers sit two to a row, so the phone form stays short.
PAIRED = {"window_number", "hours_at_window", "citizens_received", "cases_accepted", "cases_approved",
          "results_printed", "complaint_source", "complaint_reference"}


def pairs(*fields):
    return Div(*[Div(field, css_class="col-6") for field in fields], css_class="row g-2")


def mode_sections():
    """(modes, legend, fields) of the form's mode sections: each field once, the citizen shared by two modes.
    Consecutive short fields are grouped in a tuple, laid out side by side."""
    mode = WalkthroughSession.Mode
    shared = ("citizen_name", "citizen_phone")
    sections = [((mode.ACCOMPANIED, mode.PROXY), _("群众信息"), (shared,))]
    for each, fields in MODE_FIELDS.items():
        grouped = []
        for field in (f for f in fields if f not in shared):
            if field in PAIRED and grouped and isinstance(grouped[-1], tuple):
                grouped[-1] += (field,)
            else:
                grouped.append((field,) if field in PAIRED else field)
        sections.append(((each,), each.label, tuple(grouped)))
    return sections


def _laid_out(field):
    """A mode section's field (or pair of short ones) as laid out; the authorisation letter followed by the one
    kept from a refused POST of the form, if any."""
    if isinstance(field, tuple):
        return [pairs(*field)]
    if field == "authorisation_form":
        return [field, HTML('{% include "campaigns/_kept_letter.html" %}')]
    return [field]


class WalkthroughForm(forms.ModelForm):
    department = DepartmentChoiceField(label=_("体验单位"), queryset=department_list())
    proxy_steps = forms.MultipleChoiceField(
        label=_("代办环节"),
        choices=WalkthroughSession.ProxyStep.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    guide_matches_practice = forms.NullBooleanField(
        label=_("办事指南与实际操作一致"),
        required=False,
        widget=forms.NullBooleanSelect(),
    )
    authorisation_form = CheckedFileField(
        label=_("授权书(签字后拍照或扫描)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    photos = CheckedFilesField(
        label=_("现场照片"), images_only=True, help_text=_("可一次选多张"),
    )
    attachments = CheckedFilesField(label=_("其他附件"), help_text=_("图片、PDF或Office文档(Word、Excel、PPT)"))
    step_times = StepTimesField()
    draft_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("删除已上传的文件"), queryset=WalkthroughAttachment.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WalkthroughSession
        fields = COMMON_FIELDS + MEASUREMENT_FIELDS + ALL_MODE_FIELDS + ("experience",)
        widgets = {
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "steps_experienced": forms.Textarea(attrs={"rows": 3}),
            "citizen_feedback": forms.Textarea(attrs={"rows": 3}),
            "citizen_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "complaint_text": forms.Textarea(attrs={"rows": 3}),
            "traced_chain": forms.Textarea(
                attrs={"rows": 3, "placeholder": _("从办理结果往回,逐个环节写:出证←审批←受理←…")}
            ),
            "blocking_point": forms.Textarea(attrs={"rows": 2}),
            "experience": forms.Textarea(attrs={"rows": 4}),
            "service_items": forms.SelectMultiple(attrs={"size": 6}),
            "companions": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, submitting: bool = True, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        if user is not None:
            # People and items of the units he may walk (a walker: his county), never another county's.
            walkable = walkable_departments(user)
            self.fields["campaign"].queryset = campaign_list(user=user).exclude(status="closed")
            self.fields["department"].queryset = walkable
            self.fields["service_items"].queryset = service_item_choices(user=user, departments=walkable)
            officials = official_choices(user=user, departments=walkable).filter(is_active=True)
        else:
            self.fields["campaign"].queryset = Campaign.objects.exclude(status="closed")
            self.fields["service_items"].queryset = service_item_list()
            officials = official_list()
        self.fields["lead"].queryset = officials
        self.fields["companions"].queryset = officials
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        for name in ("waiting_minutes", "total_minutes", "trips", "windows_visited", "materials_requested",
                     "materials_in_guide", "citizens_received", "cases_accepted", "cases_approved",
                     "results_printed", "hours_at_window"):
            self.fields[name].widget.attrs["inputmode"] = "decimal" if name == "hours_at_window" else "numeric"
        # Each mode's required facts carry the modes that require them; static/js/mode_required.js marks their
        # labels with * for the chosen mode (群众姓名: required in proxy mode, optional when accompanying).
        required_in = {}
        for mode, fields in MODE_REQUIRED.items():
            for name in fields:
                required_in.setdefault(name, []).append(str(mode))
        for name, modes in required_in.items():
            self.fields[name].widget.attrs["data-required-in"] = " ".join(modes)
        self.fields["citizen_name"].help_text = _("帮代办走流程必填;陪伴走流程可不填")
        self.fields["guide_matches_practice"].widget.choices = [
            ("unknown", _("未核对")), ("true", _("一致")), ("false", _("不一致")),
        ]
        self.fields["photos"].widget.attrs.update(accept="image/*")
        if self.instance.pk:
            timed = [TimedStep(s.name, s.is_waiting, s.started_at, s.ended_at) for s in self.instance.steps.all()]
            self.initial.setdefault("step_times", timed or None)
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            del self.fields["remove_attachments"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("基本情况"), *COMMON_FIELDS),
            *[
                Div(
                    Fieldset(
                        legend,
                        HTML('<p class="small text-muted">{}</p>'.format(_("标 * 的项目提交时必须填写"))),
                        *[part for field in fields for part in _laid_out(field)],
                    ),
                    css_class="mode-section", data_modes=" ".join(modes),
                )
                for modes, legend, fields in mode_sections()
            ],
            HTML('{% include "campaigns/_stopwatch.html" %}'),
            Fieldset(
                _("测量数据"), pairs("waiting_minutes", "total_minutes"),
                Div("minutes_reason", css_id="minutes-reason"), pairs(*MEASUREMENT_FIELDS[3:-1]),
                MEASUREMENT_FIELDS[-1], "step_times", "draft_key",
            ),
        )

    def tail_fields(self):
        """Experience and uploads, rendered after the checklist."""
        return [self[name] for name in TAIL_FIELDS if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        mode, campaign, occurred_at = cleaned.get("mode"), cleaned.get("campaign"), cleaned.get("occurred_at")
        for check in (lambda: check_campaign_open(campaign),
                      lambda: check_session_timing(campaign=campaign, occurred_at=occurred_at)):
            try:
                check()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        if mode:
            if self.submitting:
                for field, message in missing_mode_facts(mode, cleaned).items():
                    self.add_error(field, message)
            # Facts of other modes are dropped, not kept half-filled.
            for field in set(ALL_MODE_FIELDS) - set(MODE_FIELDS[mode]):
                cleaned[field] = self.fields[field].to_python(None) if field != "proxy_steps" else []
        return cleaned

    def session_fields(self) -> dict:
        """The session's own columns, ready for the service (relations and uploads go separately)."""
        fields = {
            name: value for name, value in self.cleaned_data.items()
            if name not in {"service_items", "companions", *UPLOAD_FIELDS, *SENT_APART}
        }
        upload = fields.pop("authorisation_form", None)
        if not upload:
            fields["authorisation_form"] = ""  # cleared, never given, or a mode other than proxy
        elif hasattr(upload, "content_type"):
            fields["authorisation_form"] = upload  # a new upload; an unchanged stored file stays as it is
        return fields

    def timed_steps(self) -> list[TimedStep] | None:
        """The stopwatch's steps as sent (None: the phone sent no timing; stored steps stay as they are)."""
        return self.cleaned_data.get("step_times")

    def chosen_uploads(self) -> list[tuple[str, object]]:
        """(kind, upload) for every photo and attachment sent, whether or not it passed its checks."""
        kinds = WalkthroughAttachment.Kind
        return [(kinds.PHOTO, f) for f in self.files.getlist(self.add_prefix("photos"))] + [
            (kinds.DOCUMENT, f) for f in self.files.getlist(self.add_prefix("attachments"))
        ]

    def chosen_letter(self):
        """The authorisation letter sent, whether or not it passed its checks (None: none chosen)."""
        return self.files.get(self.add_prefix("authorisation_form")) or None

    def uploads(self) -> list[tuple[str, object]]:
        """(kind, upload) for every photo and attachment chosen."""
        kinds = WalkthroughAttachment.Kind
        return [(kinds.PHOTO, f) for f in self.cleaned_data.get("photos", [])] + [
            (kinds.DOCUMENT, f) for f in self.cleaned_data.get("attachments", [])
        ]


class FindingForm(forms.ModelForm):
    # The pk of an existing issue the walker chose from the hints ("me too"): a sighting, not a new ledger line.
    same_as = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput(attrs={"class": "same-as"}))

    class Meta:
        model = Issue
        fields = ["title", "description", "category", "severity", "fixed_on_spot"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "finding-title", "autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 2, "class": "finding-description"}),
        }


FindingFormSet = forms.formset_factory(FindingForm, extra=1, can_delete=True, can_delete_extra=False)


def finding_values(formset) -> list[dict]:
    """The findings filled in and not struck out."""
    return [
        {name: value for name, value in form.cleaned_data.items() if name != "DELETE" and (name != "same_as" or value)}
        for form in formset
        if form.cleaned_data.get("title") and not form.cleaned_data.get("DELETE")
    ]
