import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from campaigns.forms.fields import DepartmentChoiceField
from campaigns.models import Campaign, Department, Official, ServiceItem, WalkthroughSession
from campaigns.selectors import official_choices, service_item_choices, walking_roster
from issues.models import Issue

YES_NO = [("yes", _("是")), ("no", _("否"))]


class DepartmentSubtreeFilter(django_filters.ModelChoiceFilter):
    """A department and everything under it."""

    field_class = DepartmentChoiceField

    def __init__(self, *args, prefix="department", **kwargs):
        self.prefix = prefix
        kwargs.setdefault("queryset", Department.objects.get_tree())
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        return queryset.filter(value.subtree_q(self.prefix)) if value else queryset


class StrictBooleanWidget(django_filters.widgets.BooleanWidget):
    """django-filter's yes/no select, but a value it does not know reaches the field (which refuses it) instead of
    being read as "all"."""

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        known = super().value_from_datadict(data, files, name)
        return raw if known is None and raw not in (None, "") else known


class StrictNullBooleanField(forms.NullBooleanField):
    widget = StrictBooleanWidget

    KNOWN = {"", "true", "false", "1", "0"}

    def to_python(self, value):
        if isinstance(value, str) and value.lower() not in self.KNOWN:
            raise forms.ValidationError(
                _("“%(value)s”不是可选的值,请从列表中重新选择"), code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)

    def has_changed(self, initial, data):
        try:
            return super().has_changed(initial, data)
        except forms.ValidationError:
            return True  # a value it cannot read was typed in, so something was set


class StrictBooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter whose unknown value is an error beside the field, not a filter silently dropped."""

    field_class = StrictNullBooleanField


class PlainQueryChoices(forms.models.ModelChoiceIterator):
    """Model choices read with one ordinary query. Django reads them through QuerySet.iterator(), which on
    PostgreSQL opens a server-side cursor WITH HOLD (DECLARE, FETCH, CLOSE) each time the select is drawn: ~10 ms
    for twenty campaigns on every ledger page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # read once, kept on the queryset for the rest of the request
            yield self.choice(obj)


class PlainQueryFilterChoices(django_filters.fields.ModelChoiceIterator, PlainQueryChoices):
    """PlainQueryChoices with django-filter's "null" choice."""


class StrictFilterSet(django_filters.FilterSet):
    """A filter the form refuses (e.g. a department outside the user's scope, picked by id) selects nothing and
    the form says why — never the unfiltered list, which django-filter would return."""

    @property
    def qs(self):
        if self.is_bound and not self.form.is_valid():
            return self.queryset.none()
        return super().qs

    def narrow_choices(self, name: str, queryset) -> None:
        """Offer and accept in the choice filter `name` only `queryset`, for this request alone.

        The form's own field is narrowed, not just the filter: django-filter builds a filter's form field once and
        keeps it on the filter, so a field built on the class's base filter (by anything that reads
        `base_filters[name].field`, e.g. for its widget) is deep-copied into every later filterset with the
        class-wide queryset, and a queryset set on the copy afterwards is never read.
        """
        self.filters[name].queryset = queryset
        field = self.form.fields[name]
        # Before the queryset, which hands the widget its choices.
        with_null = issubclass(field.iterator, django_filters.fields.ModelChoiceIterator)
        field.iterator = PlainQueryFilterChoices if with_null else PlainQueryChoices
        field.queryset = queryset


class ScopedChoicesMixin:
    """Department and campaign choices narrowed to what the user may see (campaigns.scope): the request's, or
    `user` when there is no request (an export)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None else getattr(self.request, "user", None)
        if self.user is None:
            return
        from campaigns.selectors import campaign_list, department_list

        self.narrow_choices("department", department_list(user=self.user))
        # A campaign's label is its theme and dates; its JSON checklists are not decoded for a <select>.
        self.narrow_choices("campaign", campaign_list(user=self.user).only(*Campaign.LABEL_FIELDS))


class WalkthroughFilter(ScopedChoicesMixin, StrictFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), label=_("活动"))
    department = DepartmentSubtreeFilter(label=_("体验单位"))
    service_item = django_filters.ModelChoiceFilter(
        field_name="service_items", queryset=ServiceItem.objects.all(), label=_("体验事项")
    )
    official = django_filters.ModelChoiceFilter(
        queryset=Official.objects.select_related("department"), label=_("参与人员"), method="filter_official"
    )
    occurred_at = django_filters.DateFromToRangeFilter(
        label=_("体验日期"), widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )
    has_findings = django_filters.ChoiceFilter(
        label=_("发现问题"), choices=YES_NO, method="filter_has_findings", empty_label=_("全部")
    )

    class Meta:
        model = WalkthroughSession
        fields = ["campaign", "mode", "status", "department", "service_item", "official", "occurred_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:  # the people and items of the user's scope; a walker's, of his own walks
            self.narrow_choices("official", official_choices(user=self.user))
            self.narrow_choices("service_item", service_item_choices(user=self.user))

    def filter_official(self, queryset, name, value):
        return queryset.filter(Q(lead=value) | Q(companions=value)).distinct() if value else queryset

    def filter_has_findings(self, queryset, name, value):
        findings = Exists(Issue.objects.filter(walkthrough=OuterRef("pk")))
        return queryset.filter(findings if value == "yes" else ~findings) if value else queryset


class RosterFilter(ScopedChoicesMixin, StrictFilterSet):
    """Who is on the roster. `campaign` and `occurred_at` say which walks count (the view annotates them before
    filtering); `walked` then keeps those who did or did not walk."""

    name = django_filters.CharFilter(label=_("姓名"), lookup_expr="contains")
    department = DepartmentSubtreeFilter(label=_("单位"))
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("活动"), method="filter_nothing", empty_label=None
    )
    walked = django_filters.ChoiceFilter(
        label=_("是否已走流程"), method="filter_walked", empty_label=_("全部"),
        choices=[("yes", _("已走流程")), ("no", _("尚未走流程"))],
    )
    occurred_at = django_filters.DateFromToRangeFilter(
        label=_("走流程日期"), method="filter_nothing",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    expected = django_filters.ChoiceFilter(
        label=_("走流程名册"), method="filter_expected", empty_label=_("全部"),
        choices=[("yes", _("应参加(列入名册,属活动部门)")), ("no", _("不列入走流程名册"))],
    )
    is_active = django_filters.ChoiceFilter(
        label=_("在册状态"), method="filter_active", empty_label=_("全部"),
        choices=[("yes", _("在册")), ("no", _("已停用"))],
    )

    class Meta:
        model = Official
        fields = ["name", "department", "level", "campaign", "occurred_at", "walked", "expected", "is_active"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["level"].widget = forms.Select(choices=[("", _("全部"))] + list(Official.Level.choices))

    def filter_nothing(self, queryset, name, value):
        return queryset  # says which walks count; the view has annotated them

    def filter_walked(self, queryset, name, value):
        return queryset.filter(walked=value == "yes") if value else queryset

    def filter_expected(self, queryset, name, value):
        """yes: the rows the reports count as the roster (campaigns.selectors.walking_roster of the campaign)."""
        if not value:
            return queryset
        expected = walking_roster(self.form.cleaned_data.get("campaign")).values("pk")
        return queryset.filter(pk__in=expected) if value == "yes" else queryset.exclude(pk__in=expected)

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes") if value else queryset
