import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Department
from issues.models import Issue


class IssueFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("责任单位"), method="filter_department_subtree"
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("活动"), field_name="walkthrough__campaign"
    )
    discovered_on = django_filters.DateFromToRangeFilter(
        label=_("发现日期"), widget=django_filters.widgets.RangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = Issue
        fields = ["stage", "source", "category", "severity", "department", "campaign", "discovered_on"]

    def filter_department_subtree(self, queryset, name, department):
        return queryset.filter(department.subtree_q("department")) if department else queryset
