"""Choosing one of ~500 departments without sending all 500 in every page: the select renders only the chosen
department, and static/js/department_picker.js finds the others by name through `department_lookup` (JSON).

The field keeps its ModelChoiceField queryset, so what may be chosen, and its validation, stay where they were.
A name typed but not picked from the list is posted as TYPED + the text: DepartmentPickerField refuses it with a
message, and the picker shows the text again.
"""

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from campaigns.models import Department
from campaigns.scope import departments_in_scope, reads_subtree, walkable_departments

LOOKUP_LIMIT = 20
TYPED = "typed:"  # static/js/department_picker.js sends this before a name typed but not picked


def typed_text(value) -> str | None:
    """What the user typed in a picker without picking a department, or None for any other value."""
    return value[len(TYPED):] if isinstance(value, str) and value.startswith(TYPED) else None


def department_label(department: Department, names_by_path: dict[str, str]) -> str:
    """The department with its ancestors below the root, e.g. "基准01县 › 县市场监管局", so namesakes differ."""
    step = Department.steplen
    ancestors = [names_by_path.get(department.path[:end], "") for end in range(2 * step, len(department.path), step)]
    return " › ".join([*filter(None, ancestors), department.name])


def _names_of_ancestors(departments) -> dict[str, str]:
    step = Department.steplen
    paths = {d.path[:end] for d in departments for end in range(step, len(d.path), step)}
    return dict(Department.objects.filter(path__in=paths).values_list("path", "name"))


class DepartmentPicker(forms.Select):
    """A department select holding only the empty choice and the chosen department; the browser looks up others."""

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-lookup-url": reverse("department_lookup"),
                 "data-placeholder": str(_("输入名称查找部门"))}
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        field = getattr(self.choices, "field", None)
        chosen = [v for v in value if v not in ("", None)]
        options = []
        if field is not None and getattr(field, "empty_label", None) is not None:
            options.append(("", field.empty_label))
        elif field is None or not field.required:
            options.append(("", "---------"))
        if chosen and field is not None:
            departments = list(field.queryset.filter(pk__in=[v for v in chosen if str(v).isdigit()]))
            names = _names_of_ancestors(departments)
            options += [(str(d.pk), department_label(d, names)) for d in departments]
        options += [(str(v), text) for v in chosen if (text := typed_text(v)) is not None]
        picked = {str(v) for v in chosen}
        return [
            (None, [self.create_option(name, key, label, key in picked or (not key and not picked), index)], index)
            for index, (key, label) in enumerate(options)
        ]


class RefusesTypedText:
    """A department field behind a DepartmentPicker: a name typed but not picked is an error, not an empty choice."""

    def to_python(self, value):
        text = typed_text(value)
        if text is not None:
            raise forms.ValidationError(
                _("请从列表中选择一个部门:输入“%(text)s”后尚未选中"), code="not_picked", params={"text": text}
            )
        return super().to_python(value)


class DepartmentPickerField(RefusesTypedText, forms.ModelChoiceField):
    widget = DepartmentPicker


class DepartmentPickerFilterField(RefusesTypedText, django_filters.fields.ModelChoiceField):
    widget = DepartmentPicker


class DepartmentPickerFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter through a DepartmentPicker."""

    field_class = DepartmentPickerFilterField


def lookup_scope(user):
    """The departments a user may pick: his node's subtree (campaigns.scope) — a county's staff their county's, a
    liaison his own; a participant those of his county, where he may walk."""
    if reads_subtree(user):
        return departments_in_scope(user)
    return walkable_departments(user)


@login_required
@require_GET
def department_lookup(request):
    """JSON {"results": [{"id", "label"}]}: up to 20 departments whose name or short name contains `q`."""
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        found = list(lookup_scope(request.user).filter(Q(name__icontains=query) | Q(short_name__icontains=query)
                                                        | Q(code__iexact=query)).order_by("path")[:LOOKUP_LIMIT])
        names = _names_of_ancestors(found)
        results = [{"id": d.pk, "label": department_label(d, names)} for d in found]
    return JsonResponse({"results": results})
