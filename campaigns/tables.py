import django_tables2 as tables
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import OrderByTuple

from campaigns.models import Official, WalkthroughSession
from campaigns.models.people import mask_phone

# Columns a phone can do without: hidden below the md breakpoint, shown on a desk.
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


TIE_BREAKER = "pk"


def _ends_unique(ordering) -> bool:
    last = str(ordering[-1]).lstrip("-") if ordering else ""
    return last in ("pk", "id")


class StableOrderTable(tables.Table):
    """A table whose every ordering ends with the primary key.

    Sorted by a column with equal values (a deadline, a stage, a department), PostgreSQL may return the equal
    rows in another order for each page, so paging would show some rows twice and others never. So each
    sortable column sorts by its own keys and then by pk (reversed with it), and unsorted data gets pk last too.
    Every table of the product derives from this one."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, column in cls.base_columns.items():
            keys = tuple(str(key) for key in (column.order_by or (str(column.accessor or name),)))
            if not _ends_unique(keys):
                column.order_by = OrderByTuple((*keys, TIE_BREAKER))

    def __init__(self, data=None, *args, **kwargs):
        if isinstance(data, QuerySet):
            ordering = tuple(data.query.order_by) or (
                tuple(data.model._meta.ordering) if data.query.default_ordering else ()
            )
            if not _ends_unique(ordering):
                data = data.order_by(*ordering, TIE_BREAKER)
        super().__init__(data, *args, **kwargs)


def department_name(department) -> str:
    return department.short_name or department.name


class WalkthroughTable(StableOrderTable):
    occurred_at = tables.Column(linkify=True)
    channel = tables.Column(attrs=WIDE_ONLY)
    citizen = tables.Column(
        verbose_name=_("群众"), accessor="citizen_name", orderable=False, empty_values=(), attrs=WIDE_ONLY
    )
    campaign = tables.Column(attrs=WIDE_ONLY)
    finding_count = tables.Column(verbose_name=_("发现问题"), orderable=True)

    class Meta:
        model = WalkthroughSession
        fields = (
            "occurred_at", "mode", "department", "lead", "channel", "citizen", "campaign", "status", "finding_count",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "id": "walkthrough-table"}
        empty_text = _("暂无走流程记录")

    def render_occurred_at(self, record, value):
        moment = timezone.localtime(value)
        if record.is_submitted:
            return format_html('{}<br><small>{}</small>', f"{moment:%Y-%m-%d}", f"{moment:%H:%M}")
        # On a phone the status column may be off screen: a draft says so where the eye lands first.
        return format_html(
            '{}<br><small>{}</small> <span class="badge text-bg-warning d-md-none" data-testid="draft-badge">{}</span>',
            f"{moment:%Y-%m-%d}", f"{moment:%H:%M}", WalkthroughSession.Status.DRAFT.label,
        )

    def render_department(self, value):
        return department_name(value)

    def render_lead(self, value):
        return value.name

    def render_campaign(self, value):
        return value.theme

    def render_citizen(self, record):
        # Phone numbers of citizens never appear whole in a list.
        parts = [part for part in (record.citizen_name, record.masked_citizen_phone) if part]
        return " ".join(parts) or "—"

    def render_status(self, record, value):
        css = "text-bg-success" if record.is_submitted else "text-bg-warning"
        return format_html('<span class="badge {}">{}</span>', css, value)


class RosterTable(StableOrderTable):
    name = tables.Column()
    position = tables.Column(attrs=WIDE_ONLY)
    level = tables.Column(attrs=WIDE_ONLY)
    phone = tables.Column(attrs=WIDE_ONLY)
    walks = tables.Column(verbose_name=_("本活动已走次数"))
    is_active = tables.BooleanColumn(verbose_name=_("在册"), yesno=(_("在册"), _("已停用")), attrs=WIDE_ONLY)

    class Meta:
        model = Official
        fields = ("name", "department", "position", "level", "phone", "walks", "is_active")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "roster-table"}
        empty_text = _("没有符合条件的人员")

    def __init__(self, *args, show_phone: bool, edit_url=None, **kwargs):
        self.show_phone, self.edit_url = show_phone, edit_url
        super().__init__(*args, **kwargs)

    def render_name(self, record, value):
        if self.edit_url:
            return format_html('<a href="{}">{}</a>', self.edit_url(record), value)
        return value

    def render_department(self, value):
        return department_name(value)

    def render_phone(self, value):
        return value if self.show_phone else mask_phone(value)

    def render_walks(self, record, value):
        css = "text-bg-success" if value else "text-bg-light border"
        return format_html('<span class="badge {}">{}</span>', css, value)
