"""Choosing one of ~500 departments without sending all 500 in every page: the select renders only the chosen
department, and static/js/department_picker.js finds the others by name through `department_lookup` (JSON).

The field keeps its ModelChoiceField queryset, so what may be chosen, and its validation, stay where they were.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from campaigns.models import Department
from campaigns.scope import liaison_department, sees_everything

LOOKUP_LIMIT = 20


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
        picked = {str(v) for v in chosen}
        return [
            (None, [self.create_option(name, key, label, key in picked or (not key and not picked), index)], index)
            for index, (key, label) in enumerate(options)
        ]


def lookup_scope(user):
    """The departments a user may pick: all for center staff and leaders, his own subtree for a liaison."""
    if sees_everything(user):
        return Department.objects.all()
    department = liaison_department(user)
    if department is None:
        return Department.objects.none()
    return Department.objects.filter(path__startswith=department.path)


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
