import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from campaigns.tables import StableOrderTable
from issues.models import Issue
from issues.selectors import working_days_overdue
from issues.templatetags.ledger_tags import STAGE_BADGE

PHONE_HIDDEN = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
NO_WRAP = {"th": {"class": "text-nowrap"}, "td": {"class": "text-nowrap"}}
# On a phone the stage and deadline sit under the title instead of in columns of their own.
WIDE_ONLY_NO_WRAP = {"th": {"class": "d-none d-md-table-cell text-nowrap"}, "td": {"class": "d-none d-md-table-cell"}}


class HandOffCheckBoxColumn(tables.CheckBoxColumn):
    """A box to tick for bulk hand-off; only issues still at `experience` can be handed off."""

    def render(self, value, bound_column, record):
        if record.stage != Issue.Stage.EXPERIENCE:
            return ""
        return super().render(value, bound_column, record)


class IssueTable(StableOrderTable):
    select = HandOffCheckBoxColumn(
        accessor="pk",
        attrs={
            "input": {"name": "issues", "form": "bulk-hand-off", "class": "form-check-input"},
            "th__input": {"class": "form-check-input", "id": "select-all", "aria-label": _("全选")},
        },
    )
    number = tables.Column(linkify=True, verbose_name=_("台账编号"), order_by=("year", "sequence"), attrs=NO_WRAP)
    title = tables.Column()
    source = tables.Column(attrs=PHONE_HIDDEN)
    category = tables.Column(attrs=PHONE_HIDDEN)
    severity = tables.Column(attrs=WIDE_ONLY_NO_WRAP)
    department = tables.Column(attrs=PHONE_HIDDEN)
    deadline = tables.DateColumn(format="Y-m-d", attrs=WIDE_ONLY_NO_WRAP)
    stage = tables.Column(attrs=WIDE_ONLY_NO_WRAP)
    reopen_count = tables.Column(verbose_name=_("退回"), attrs=WIDE_ONLY_NO_WRAP, empty_values=())
    # "Most walkers hit this": sort by it to see the blockages met again and again.
    sighting_count = tables.Column(verbose_name=_("同类发现"), attrs=NO_WRAP, empty_values=())

    class Meta:
        model = Issue
        fields = ("select", "number", "title", "source", "category", "severity", "department", "deadline", "stage",
                  "reopen_count", "sighting_count")
        order_by = ("-number",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "issue-table"}
        empty_text = _("暂无问题")

    def __init__(self, *args, today, calendar, selectable: bool, selected=frozenset(), **kwargs):
        self.today = today
        self.calendar = calendar
        exclude = kwargs.pop("exclude", ())
        if not selectable:
            exclude = (*exclude, "select")
        super().__init__(*args, exclude=exclude, **kwargs)
        if selectable:  # after a refused bulk hand-off the same boxes stay ticked
            self.columns["select"].column.checked = lambda value, record: str(value) in selected

    def _overdue_badge(self, record):
        if not record.is_overdue:
            return ""
        return render_to_string(
            "issues/_overdue_badge.html",
            {"days": working_days_overdue(record, today=self.today, calendar=self.calendar), "overdue": True},
        )

    def render_title(self, value, record):
        phone_line = format_html(
            '<div class="d-md-none small mt-1">{} {} {}</div>',
            self.render_stage(record.get_stage_display(), record),
            record.deadline.isoformat() if record.deadline else "",
            self._overdue_badge(record),
        )
        return format_html('<a href="{}">{}</a>{}', record.get_absolute_url(), value, phone_line)

    def render_deadline(self, value, record):
        if value is None:
            return "—"
        badge = self._overdue_badge(record)
        return format_html("{}<br>{}", value.isoformat(), badge) if badge else value.isoformat()

    def render_stage(self, value, record):
        return format_html('<span class="badge {}">{}</span>', STAGE_BADGE.get(record.stage, ""), value)

    def render_reopen_count(self, value):
        return value or "—"

    def render_sighting_count(self, value):
        return format_html('<span class="badge text-bg-info">+{}</span>', value) if value else "—"
