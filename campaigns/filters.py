import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Department, WalkthroughSession


class WalkthroughFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), label=_("活动"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("体验单位"))
    occurred_at = django_filters.DateFromToRangeFilter(
        label=_("体验日期"), widget=django_filters.widgets.RangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = WalkthroughSession
        fields = ["campaign", "mode", "department", "occurred_at"]
