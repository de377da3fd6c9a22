"""Forms for joint handling and urging; they parse input, issues.handling decides and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.selectors import department_list


class UrgeForm(forms.Form):
    note = forms.CharField(
        label=_("督办意见"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("联络员会立即收到通知"),
    )


class UrgingReplyForm(forms.Form):
    reply = forms.CharField(label=_("回复督办"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class AssistingForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("协办单位"), queryset=department_list(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("协办单位可查看此问题、填报协办措施并上传佐证材料;只有主办单位提交验收"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = department_list(user=user)  # the whole tree only without a user


class AssistanceForm(forms.Form):
    measures = forms.CharField(label=_("协办措施"), widget=forms.Textarea(attrs={"rows": 3}))
