from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import WalkthroughSession
from campaigns.modes import ALL_MODE_FIELDS, MODE_FIELDS, MODE_REQUIRED
from campaigns.selectors import campaign_list, department_list, official_list, service_item_list
from issues.models import Issue

COMMON_FIELDS = (
    "campaign", "mode", "occurred_at", "department", "service_items", "lead", "companions", "channel",
    "is_announced", "scope",
)
MEASUREMENT_FIELDS = (
    "waiting_minutes", "total_minutes", "trips", "windows_visited", "materials_requested", "materials_in_guide",
    "guide_matches_practice",
)


class WalkthroughForm(forms.ModelForm):
    proxy_steps = forms.MultipleChoiceField(
        label=_("代办环节"),
        choices=WalkthroughSession.ProxyStep.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    guide_matches_practice = forms.NullBooleanField(
        label=_("办事指南与实际操作一致"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("未核对")), ("true", _("一致")), ("false", _("不一致"))]),
    )

    class Meta:
        model = WalkthroughSession
        fields = COMMON_FIELDS + MEASUREMENT_FIELDS + ALL_MODE_FIELDS + ("experience",)
        widgets = {
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "steps_experienced": forms.Textarea(attrs={"rows": 3}),
            "citizen_feedback": forms.Textarea(attrs={"rows": 3}),
            "complaint_text": forms.Textarea(attrs={"rows": 3}),
            "traced_chain": forms.Textarea(attrs={"rows": 3}),
            "blocking_point": forms.Textarea(attrs={"rows": 2}),
            "experience": forms.Textarea(attrs={"rows": 4}),
            "service_items": forms.SelectMultiple(attrs={"size": 6}),
            "companions": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaign_list().exclude(status="closed")
        self.fields["department"].queryset = department_list()
        self.fields["service_items"].queryset = service_item_list()
        self.fields["lead"].queryset = official_list()
        self.fields["companions"].queryset = official_list()
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("基本情况"), *COMMON_FIELDS),
            *[
                Div(Fieldset(WalkthroughSession.Mode(mode).label, *fields), css_class="mode-section", data_mode=mode)
                for mode, fields in MODE_FIELDS.items()
            ],
            Fieldset(_("测量数据"), *MEASUREMENT_FIELDS),
            Fieldset(_("体验感受"), "experience"),
        )

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        if occurred_at and occurred_at > timezone.now():
            raise forms.ValidationError(_("体验时间不能晚于现在"))
        return occurred_at

    def clean(self):
        cleaned = super().clean()
        mode, campaign, occurred_at = cleaned.get("mode"), cleaned.get("campaign"), cleaned.get("occurred_at")
        if campaign and occurred_at and not campaign.covers(timezone.localdate(occurred_at)):
            self.add_error(
                "occurred_at",
                _("体验时间不在活动期间(%(start)s 至 %(end)s)内")
                % {"start": campaign.starts_on, "end": campaign.ends_on},
            )
        if mode:
            for field in MODE_REQUIRED.get(mode, ()):
                if cleaned.get(field) in (None, "", [], ()):
                    self.add_error(field, _("%(mode)s须填写此项") % {"mode": WalkthroughSession.Mode(mode).label})
            # Facts of other modes are dropped, not kept half-filled.
            for field in set(ALL_MODE_FIELDS) - set(MODE_FIELDS[mode]):
                cleaned[field] = self.fields[field].to_python(None) if field != "proxy_steps" else []
        return cleaned

    def session_fields(self) -> dict:
        """The session's own columns, ready for the service (relations go separately)."""
        relations = {"service_items", "companions"}
        return {name: value for name, value in self.cleaned_data.items() if name not in relations}


class FindingForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["title", "description", "category", "severity", "fixed_on_spot"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


FindingFormSet = forms.formset_factory(FindingForm, extra=1, can_delete=False)
