"""What a report counts over: a campaign, a period and a department subtree, read from the querystring.

`ReportFilters` is the parsed, validated value every selector, link and exporter takes, so the dashboard,
the briefing and the dashboard workbook always agree on what they count.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.department_picker import DepartmentPickerField
from campaigns.models import Campaign, Department
from campaigns.scope import departments_in_scope
from campaigns.selectors import campaign_list, current_campaign


@dataclass(frozen=True)
class ReportFilters:
    campaign: Campaign | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    department: Department | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.campaign or self.date_from or self.date_to or self.department)

    def querystring_items(self) -> list[tuple[str, str]]:
        """The dashboard's own parameters, to carry the same filter to the briefing and the workbook."""
        items = [("campaign", str(self.campaign.pk) if self.campaign else "")]
        if self.date_from:
            items.append(("date_from", self.date_from.isoformat()))
        if self.date_to:
            items.append(("date_to", self.date_to.isoformat()))
        if self.department:
            items.append(("department", str(self.department.pk)))
        return items


def departments_for(user):
    """The departments a user may report on: his node's subtree (campaigns.scope)."""
    return departments_in_scope(user)


class ReportFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("活动"), queryset=Campaign.objects.all(), required=False, empty_label=_("全部活动")
    )
    date_from = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    department = DepartmentPickerField(
        label=_("部门(含下属单位)"), queryset=Department.objects.none(), required=False, empty_label=_("全部部门"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_for(user).order_by("path")
        self.fields["campaign"].queryset = campaign_list(user=user)
        self.fields["department"].label_from_instance = lambda d: "\u3000" * (d.depth - 1) + d.name

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("截止日期不能早于开始日期"))
        return cleaned

    def report_filters(self) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(
            campaign=data.get("campaign"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            department=data.get("department"),
        )


def report_filter_form(request) -> tuple[ReportFilterForm, ReportFilters]:
    """The bound filter form and what it selects. With no parameters at all the current campaign is shown;
    an invalid form selects nothing rather than everything, and carries its errors next to the fields."""
    if request.GET:
        form = ReportFilterForm(request.GET, user=request.user)
        if form.is_valid():
            return form, form.report_filters()
        return form, None
    campaign = current_campaign(user=request.user)
    form = ReportFilterForm(initial={"campaign": campaign}, user=request.user)
    return form, ReportFilters(campaign=campaign)
