"""提交验收 in one form: the measures, 立行立改/建章立制, the four reductions (四减) and the evidence files together.

Everything the submission needs is checked here before anything is written, so a refusal shows the page again
with all the typed text in place (files must be chosen again: a browser never refills a file input, so the form
says so beside the field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.forms.fields import CheckedFilesField
from issues import workflow
from issues.forms import RectificationForm, StepForm, check_reductions


class SubmitForm(StepForm):
    fixed_on_spot = forms.BooleanField(label=_("立行立改"), required=False)
    long_term_rule = forms.BooleanField(label=_("建章立制"), required=False)
    files = CheckedFilesField(label=_("整改佐证材料"), help_text=_("照片、PDF或Office文档,可一次选多个"))

    def __init__(self, *args, issue, **kwargs):
        super().__init__(*args, issue=issue, **kwargs)
        self.issue = issue
        self.has_evidence = issue.evidence.exists()
        reductions = RectificationForm(issue=issue)
        for name, field in reductions.fields.items():
            if name.endswith(("_before", "_after")):
                self.fields[name] = field
                self.initial[name] = reductions.initial.get(name)
        self.initial.update(fixed_on_spot=issue.fixed_on_spot, long_term_rule=issue.long_term_rule)
        if not self.has_evidence:
            self.fields["files"].label = _("整改佐证材料 *")
        self.order_fields(["measures", "fixed_on_spot", "long_term_rule", "files", "note"])

    reduction_rows = RectificationForm.reduction_rows

    def clean(self):
        cleaned = super().clean()
        check_reductions(self, cleaned)
        if not self.has_evidence and not cleaned.get("files") and "files" not in self.errors:
            self.add_error("files", workflow.NEEDS_EVIDENCE.message)
        return cleaned

    def rectification_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("measures", "fixed_on_spot", "long_term_rule")}

    reductions = RectificationForm.reductions
