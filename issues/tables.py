import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from issues.models import Issue


class IssueTable(tables.Table):
    number = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    deadline = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = Issue
        fields = ("number", "title", "source", "category", "department", "discovered_on", "deadline", "stage")
        order_by = ("-number",)
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("暂无问题")
