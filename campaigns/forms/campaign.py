"""The campaign form: theme (preset or free), organiser, period, scope, goals, status and checklist."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.checklist import DEFAULT_CHECKLIST, SECTION_LABELS
from campaigns.forms.fields import DepartmentMultipleChoiceField
from campaigns.models import Campaign, WalkthroughSession
from campaigns.models.organisation import REGION_KINDS
from campaigns.process_steps import DEFAULT_PROCESS_STEPS, WAITING_MARK, steps_as_text, steps_from_text
from campaigns.scope import report_base
from campaigns.selectors import department_list, service_item_choices

# Themes the seeds report; anything else is typed in.
PRESET_THEMES = [
    "我陪群众走流程",
    "走流程、解难题、优服务",
    "“一把手”当体验员",
    "政务服务体验员",
    "局长走流程",
    "高效办成一件事",
]
OTHER_THEME = "__other__"
MODES = WalkthroughSession.Mode


def target_field(mode) -> str:
    return f"target_{mode}"


def checklist_field(section: str) -> str:
    return f"checklist_{section}"


class CampaignForm(forms.ModelForm):
    theme_choice = forms.ChoiceField(
        label=_("活动主题"),
        choices=[(theme, theme) for theme in PRESET_THEMES] + [(OTHER_THEME, _("其他(自行填写)"))],
    )
    theme_other = forms.CharField(label=_("自定主题"), max_length=100, required=False)
    departments = DepartmentMultipleChoiceField(
        label=_("参与部门"), queryset=department_list(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("不选表示全县所有单位;选中上级单位即包括其下属单位。按住Ctrl或长按可多选"),
    )
    every_department_head_walks = forms.BooleanField(label=_("每个部门主要负责人至少走一次"), required=False)

    class Meta:
        model = Campaign
        fields = ["organiser", "level_unit", "starts_on", "ends_on", "departments", "service_items", "status"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "service_items": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        campaign = self.instance
        in_scope = department_list(user=user)
        self.fields["departments"].queryset = in_scope
        self.fields["level_unit"].queryset = in_scope.filter(kind__in=REGION_KINDS)
        self.fields["level_unit"].required = True
        self.fields["level_unit"].label_from_instance = lambda d: "\u3000" * (d.depth - 1) + d.name
        if campaign.pk is None:
            self.fields["level_unit"].initial = report_base(user)
        self.fields["service_items"].queryset = service_item_choices(user=user)
        self.fields["service_items"].required = False
        goals = campaign.goals or {}
        targets = goals.get("sessions_per_mode", {})
        for mode in MODES:
            self.fields[target_field(mode)] = forms.IntegerField(
                label=mode.label, min_value=0, max_value=10000, required=False, initial=targets.get(mode.value),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": _("不设目标")}),
            )
        checklist = campaign.checklist if campaign.pk else [dict(item) for item in DEFAULT_CHECKLIST]
        for section, label in SECTION_LABELS.items():
            questions = [gettext(item["question"]) for item in checklist if item.get("section") == section]
            self.fields[checklist_field(section)] = forms.CharField(
                label=gettext(label), required=False, initial="\n".join(questions),
                widget=forms.Textarea(attrs={"rows": max(3, len(questions) + 1)}),
                help_text=_("每行一个问题"),
            )
        steps = campaign.process_steps if campaign.pk else DEFAULT_PROCESS_STEPS
        self.fields["process_steps"] = forms.CharField(
            label=_("计时环节"), required=False, initial=steps_as_text(steps, gettext),
            widget=forms.Textarea(attrs={"rows": max(4, len(steps) + 1)}),
            help_text=_("走流程时用秒表逐个计时的环节,每行一个;行末加“%(mark)s”的环节计入等候时长")
            % {"mark": WAITING_MARK},
        )
        self.initial.setdefault("every_department_head_walks", goals.get("every_department_head_walks", False))
        if campaign.pk:
            in_presets = campaign.theme in PRESET_THEMES
            self.initial.setdefault("theme_choice", campaign.theme if in_presets else OTHER_THEME)
            self.initial.setdefault("theme_other", "" if in_presets else campaign.theme)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("基本信息"), "theme_choice", Div("theme_other", css_id="theme-other"), "organiser",
                     Div(Div("starts_on", css_class="col-6"), Div("ends_on", css_class="col-6"), css_class="row"),
                     "status"),
            Fieldset(_("范围"), "level_unit", "departments", "service_items"),
            Fieldset(_("工作目标"), "every_department_head_walks",
                     Div(*[Div(target_field(mode), css_class="col-6 col-md-4") for mode in MODES], css_class="row")),
            Fieldset(_("工作提示单"), *[checklist_field(section) for section in SECTION_LABELS]),
            Fieldset(_("计时环节"), "process_steps"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("theme_choice") == OTHER_THEME:
            if not cleaned.get("theme_other", "").strip():
                self.add_error("theme_other", _("选择“其他”时请填写活动主题"))
            cleaned["theme"] = cleaned.get("theme_other", "").strip()
        else:
            cleaned["theme"] = cleaned.get("theme_choice", "")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("结束日期不能早于开始日期(%(start)s)") % {"start": starts_on})
        checklist = self.checklist(cleaned)
        if not checklist:
            self.add_error(checklist_field("facilities"), _("工作提示单至少要有一个问题"))
        return cleaned

    def _post_clean(self):
        # The model is validated by the service, with the theme, goals and checklist in place.
        pass

    @staticmethod
    def checklist(cleaned) -> list[dict]:
        return [
            {"section": section, "question": line.strip()}
            for section in SECTION_LABELS
            for line in (cleaned.get(checklist_field(section)) or "").splitlines()
            if line.strip()
        ]

    def campaign_fields(self) -> dict:
        """The campaign's own columns for the service; departments and items go separately."""
        cleaned = self.cleaned_data
        targets = {mode.value: cleaned[target_field(mode)] for mode in MODES if cleaned.get(target_field(mode))}
        return {
            "theme": cleaned["theme"],
            "organiser": cleaned["organiser"],
            "level_unit": cleaned["level_unit"],
            "starts_on": cleaned["starts_on"],
            "ends_on": cleaned["ends_on"],
            "status": cleaned["status"],
            "goals": {
                "every_department_head_walks": cleaned["every_department_head_walks"],
                "sessions_per_mode": targets,
            },
            "checklist": self.checklist(cleaned),
            "process_steps": steps_from_text(cleaned.get("process_steps") or ""),
        }
