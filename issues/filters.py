import re

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.department_picker import DepartmentPickerFilter
from campaigns.filters import ScopedChoicesMixin, StrictBooleanFilter, StrictFilterSet
from campaigns.models import Campaign, Department
from campaigns.selectors import department_list
from issues.models import Issue, Reduction
from issues.references import reference_key
from issues.selectors import in_department_q, overdue_q

NUMBER = re.compile(r"(?P<year>\d{4})\s*[-—－]\s*(?P<sequence>\d{1,9})")

DATE_RANGE = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})


class IssueFilter(ScopedChoicesMixin, StrictFilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    overdue = StrictBooleanFilter(label=_("超期"), method="filter_overdue")
    department = DepartmentPickerFilter(
        queryset=Department.objects.all(), label=_("责任单位(含下属)"), method="filter_department_subtree"
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("活动"), field_name="campaign"
    )
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=Issue.Kind.choices, empty_label=_("全部"))
    department_exact = DepartmentPickerFilter(
        queryset=Department.objects.all(), label=_("责任单位(仅本级)"), field_name="department"
    )
    unassigned = StrictBooleanFilter(label=_("未交办"), field_name="department", lookup_expr="isnull")
    fixed_on_spot = StrictBooleanFilter(label=_("立行立改"))
    long_term_rule = StrictBooleanFilter(label=_("建章立制"))
    callback = StrictBooleanFilter(
        label=_("已二次回访"), field_name="callback_on", lookup_expr="isnull", exclude=True,
    )
    evaluation = django_filters.MultipleChoiceFilter(label=_("评价结果"), choices=Issue.Evaluation.choices)
    reduction = django_filters.ChoiceFilter(
        label=_("四减成效"), choices=Reduction.Kind.choices, method="filter_reduction"
    )
    todo = django_filters.ChoiceFilter(label=_("待办"), method="filter_todo", choices=[])
    discovered_on = django_filters.DateFromToRangeFilter(label=_("发现日期"), widget=DATE_RANGE)
    deadline = django_filters.DateFromToRangeFilter(label=_("整改时限"), widget=DATE_RANGE)

    class Meta:
        model = Issue
        fields = [
            "q", "stage", "overdue", "department", "kind", "category", "source", "severity", "campaign",
            "discovered_on", "deadline", "fixed_on_spot", "long_term_rule", "evaluation", "callback", "reduction",
            "department_exact", "unassigned", "todo",
        ]

    def __init__(self, *args, **kwargs):
        """`user=`: whose choices and to-do lists apply when there is no request (an export); else the request's
        (ScopedChoicesMixin narrows the department and campaign choices)."""
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.narrow_choices("department_exact", department_list(user=self.user))
        from issues.todo import TODO_CHOICES

        self.filters["todo"].extra["choices"] = TODO_CHOICES
        self.form.fields["todo"].choices = TODO_CHOICES  # the field puts its own empty choice first
        self.form.fields["overdue"].widget.choices = [("", _("全部")), ("true", _("已超期")), ("false", _("未超期"))]
        for flag in ("unassigned", "fixed_on_spot", "long_term_rule", "callback"):
            self.form.fields[flag].widget.choices = [("", _("全部")), ("true", _("是")), ("false", _("否"))]

    def filter_todo(self, queryset, name, key):
        """The list a home-page to-do number counts (issues.todo), for the user who asks."""
        from issues.todo import todo_q

        if not key or self.user is None:
            return queryset
        return queryset.filter(todo_q(key, user=self.user, today=timezone.localdate()))

    def filter_department_subtree(self, queryset, name, department):
        return queryset.filter(in_department_q(department)) if department else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = overdue_q(timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_reduction(self, queryset, name, kind):
        if not kind:
            return queryset
        return queryset.filter(Exists(Reduction.objects.filter(issue=OuterRef("pk"), kind=kind)))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        found = Q(number__icontains=value) | Q(title__icontains=value)
        if key := reference_key(value):  # a ticket number however it was typed
            found |= Q(source_reference_key=key)
        number = NUMBER.fullmatch(value)
        if number:  # 2026-1, 2026-0001 and 2026-10000 find the line they name
            found |= Q(year=int(number["year"]), sequence=int(number["sequence"]))
        # A merged duplicate's number still finds the issue it was merged into (and itself).
        merged = Issue.objects.filter(duplicate_of=OuterRef("pk"), number__icontains=value)
        if number:
            merged = Issue.objects.filter(
                Q(number__icontains=value) | Q(year=int(number["year"]), sequence=int(number["sequence"])),
                duplicate_of=OuterRef("pk"),
            )
        return queryset.filter(found | Q(Exists(merged)))
