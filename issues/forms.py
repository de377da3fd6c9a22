from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.selectors import department_list
from issues.models import Evidence, Issue


class StepForm(forms.Form):
    """The form for one workflow step: the step's own fields plus a note."""

    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    FIELD_FACTORIES = {
        "department": lambda: forms.ModelChoiceField(label=_("责任单位"), queryset=department_list()),
        "deadline": lambda: forms.DateField(label=_("整改时限"), widget=forms.DateInput(attrs={"type": "date"})),
        "responsible_person": lambda: forms.CharField(label=_("责任人"), required=False, max_length=50),
        "measures": lambda: forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3})),
        "evaluation": lambda: forms.ChoiceField(label=_("评价结果"), choices=Issue.Evaluation.choices),
    }

    def __init__(self, *args, step, issue: Issue, **kwargs):
        self.step = step
        initial = {field: getattr(issue, field) for field in step.fields}
        super().__init__(*args, initial=initial, prefix=step.action, **kwargs)
        for field in reversed(step.fields):
            self.fields[field] = self.FIELD_FACTORIES[field]()
            self.order_fields([*step.fields, "note"])

    def changes(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.step.fields}


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["file", "description"]
