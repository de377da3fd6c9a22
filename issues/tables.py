import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import OrderBy

from campaigns.tables import StableOrderTable
from issues.models import Issue
from issues.selectors import working_days_overdue
from issues.templatetags.ledger_tags import STAGE_BADGE, overdue_days_badge

PHONE_HIDDEN = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
NO_WRAP = {"th": {"class": "text-nowrap"}, "td": {"class": "text-nowrap"}}
# On a phone the stage and deadline sit under the title instead of in columns of their own.
WIDE_ONLY_NO_WRAP = {"th": {"class": "d-none d-md-table-cell text-nowrap"}, "td": {"class": "d-none d-md-table-cell"}}
EMPTY = "—"


class IssueTable(StableOrderTable):
    """The ledger. django-tables2 keeps the columns, their headers, sorting and paging; each row's cells are written
    by `cells_html` straight from the record in one pass, because the library's per-cell path (accessor lookup,
    get_FOO_display, inspect.signature of each render method, merging attrs) cost ~4 ms a row, most of a page's
    time at a million lines (BENCHMARKS.md)."""

    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={"th__input": {"class": "form-check-input", "id": "select-all", "aria-label": _("全选")}},
    )
    number = tables.Column(verbose_name=_("台账编号"), order_by=("year", "sequence"), attrs=NO_WRAP)
    title = tables.Column()
    source = tables.Column(attrs=PHONE_HIDDEN)
    category = tables.Column(attrs=PHONE_HIDDEN)
    severity = tables.Column(attrs=WIDE_ONLY_NO_WRAP)
    department = tables.Column(attrs=PHONE_HIDDEN)
    deadline = tables.Column(attrs=WIDE_ONLY_NO_WRAP)
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
        template_name = "issues/_issue_table.html"

    def __init__(self, *args, today, calendar, selectable: bool, selected=frozenset(), **kwargs):
        """`selectable`: staff who may 交办 get a box on each `experience` line (for the bulk hand-off form);
        `selected`: the pks (as strings) ticked before a refused hand-off, ticked again."""
        self.today = today
        self.calendar = calendar
        self.selected = selected
        exclude = kwargs.pop("exclude", ())
        if not selectable:
            exclude = (*exclude, "select")
        super().__init__(*args, exclude=exclude, **kwargs)
        self._labels = {name: {value: str(label) for value, label in Issue._meta.get_field(name).flatchoices}
                        for name in ("source", "category", "severity", "stage")}
        self._cell_openings = None

    @classmethod
    def sort_keys(cls, sort: str) -> tuple[str, ...]:
        """The ORDER BY of the list sorted by `sort` (django-tables2's ?sort=, e.g. "-deadline" or "stage,title"),
        for an export to list the lines as the page does; () when it names no sortable column."""
        keys = []
        for alias in filter(None, (part.strip() for part in sort.split(","))):
            order = OrderBy(alias)
            column = cls.base_columns.get(order.bare)
            if column is None or column.orderable is False:
                continue
            keys += [(key.opposite if order.is_descending else key).for_queryset() for key in column.order_by]
        return tuple(keys)

    # ── One row ──────────────────────────────────────────────────────────────────────────────────────────────

    def cells_html(self, record: Issue) -> SafeString:
        """The row's <td> cells, in the columns' order, each with its column's td attributes."""
        if self._cell_openings is None:
            self._cell_openings = [(column.name, self._td_opening(column)) for column in self.columns]
        url = record.get_absolute_url()
        overdue = self._overdue_badge(record)
        stage = self._stage_badge(record)
        deadline = record.deadline.isoformat() if record.deadline else ""
        cells = {
            "select": self._checkbox(record),
            "number": format_html('<a href="{}">{}</a>', url, record.number),
            "title": format_html('<a href="{}">{}</a><div class="d-md-none small mt-1">{} {} {}</div>',
                                 url, record.title, stage, deadline, overdue),
            "source": self._label("source", record.source),
            "category": self._label("category", record.category),
            "severity": self._label("severity", record.severity),
            "department": str(record.department) if record.department_id else EMPTY,
            "deadline": (format_html("{}<br>{}", deadline, overdue) if overdue else deadline) or EMPTY,
            "stage": stage,
            "reopen_count": record.reopen_count or EMPTY,
            "sighting_count": format_html('<span class="badge text-bg-info">+{}</span>', record.sighting_count)
            if record.sighting_count else EMPTY,
        }
        return format_html_join("", "{}{}</td>", ((opening, cells[name]) for name, opening in self._cell_openings))

    @staticmethod
    def _td_opening(column) -> SafeString:
        attributes = column.attrs["td"].as_html()  # escaped by django-tables2
        return mark_safe(f"<td {attributes}>" if attributes else "<td>")

    def _label(self, field: str, value) -> str:
        return self._labels[field].get(value, value) if value else EMPTY

    def _stage_badge(self, record) -> SafeString:
        return format_html('<span class="badge {}">{}</span>', STAGE_BADGE.get(record.stage, ""),
                           self._label("stage", record.stage))

    def _checkbox(self, record) -> SafeString:
        """Only issues still at `experience` can be handed off in bulk."""
        if record.stage != Issue.Stage.EXPERIENCE:
            return mark_safe("")
        checked = ' checked="checked"' if str(record.pk) in self.selected else ""
        return format_html(
            '<input type="checkbox" name="issues" value="{}"{} form="bulk-hand-off" class="form-check-input" />',
            record.pk, mark_safe(checked),
        )

    def _overdue_badge(self, record) -> SafeString:
        if not record.is_overdue:
            return mark_safe("")
        return overdue_days_badge(working_days_overdue(record, today=self.today, calendar=self.calendar))
