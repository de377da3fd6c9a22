from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callbacks.models import Callback
from campaigns.models import Department, ServiceItem
from campaigns.selectors import department_list, service_item_choices
from campaigns.xlsx_guard import check_workbook
from issues.models import Issue
from spreadsheets.reading import WORKBOOK_ACCEPT


class CallbackForm(forms.ModelForm):
    class Meta:
        model = Callback
        fields = ["called_on", "case_reference", "service_item", "department", "window", "result", "is_complaint",
                  "note"]
        widgets = {"called_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["called_on"].initial = timezone.localdate  # callbacks are entered the day they are made
        if user is None:  # reference data (no reader): the whole tree
            self.fields["department"].queryset = Department.objects.order_by("path")
            self.fields["service_item"].queryset = ServiceItem.objects.order_by("code")
        else:  # the windows and items of the user's own scope, never another county's
            self.fields["department"].queryset = department_list(user=user)
            self.fields["service_item"].queryset = service_item_choices(user=user).order_by("code")


class CallbackImportForm(forms.Form):
    file = forms.FileField(
        label=_("回访清单(.xlsx或.xls)"), widget=forms.ClearableFileInput(attrs={"accept": WORKBOOK_ACCEPT})
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_workbook(upload)  # strings, rows, cell lengths and time bounded before the importer reads it
        return upload


class RaiseIssueForm(forms.Form):
    title = forms.CharField(label=_("问题标题"), max_length=200)
    category = forms.ChoiceField(label=_("问题类别"), choices=Issue.Category.choices, initial=Issue.Category.OTHER)
    description = forms.CharField(label=_("问题描述"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
