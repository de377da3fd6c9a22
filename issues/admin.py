from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from issues.calendar_admin import CalendarDayAdmin, CalendarYearAdmin  # noqa: F401 - registers them
from issues.delivery_admin import DeliveryAdmin  # noqa: F401 - registers it
from issues.models import DeadlineExtension, Evidence, Issue, IssueEvent, Notification, Reduction, Reminder


class IssueEventInline(admin.TabularInline):
    model = IssueEvent
    fields = ["created_at", "actor", "from_stage", "to_stage", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # stage changes are made through the workflow, which writes these rows


class EvidenceInline(admin.TabularInline):
    """Read-only: evidence is uploaded through the issue page, where its bytes are checked and its name randomised."""

    model = Evidence
    fields = ["original_name", "content_type", "description", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Issue)
class IssueAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "source", "category", "severity", "department", "deadline", "stage"]
    list_filter = [
        "stage", "source", "category", "severity", "fixed_on_spot", "long_term_rule", "year",
        ("deadline_review_since", admin.EmptyFieldListFilter),
    ]
    search_fields = ["number", "title", "description", "source_reference", "department__name"]
    list_select_related = ["department"]
    date_hierarchy = "discovered_on"
    readonly_fields = ["number", "stage", "walkthrough"]
    autocomplete_fields = ["service_item"]
    inlines = [EvidenceInline, IssueEventInline]
    fieldsets = [
        (None, {"fields": ["number", "stage", "source", "source_reference", "walkthrough", "title", "description"]}),
        (_("分类"), {"fields": ["category", "severity", "service_item", "fixed_on_spot", "long_term_rule"]}),
        (_("整改"), {"fields": ["department", "responsible_person", "discovered_on", "deadline", "measures"]}),
        (_("回访与评价"), {"fields": ["callback_on", "callback_by", "callback_result", "evaluation", "remarks"]}),
    ]

    def has_add_permission(self, request):
        return False  # new ledger lines get their number from issues.services.issue_create

    # The stage, the department and the deadline move only through the workflow's services, which write the
    # IssueEvent: never by hand here, and never by simple-history's "revert", which would save an old version's
    # stage, department and deadline with no event at all.
    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "department", "deadline"]

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied(_("问题不能在后台恢复到旧版本:环节、责任单位和时限只能通过交办、延期等流程操作修改"))
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(IssueEvent)
class IssueEventAdmin(admin.ModelAdmin):
    list_display = ["issue", "from_stage", "to_stage", "actor", "created_at"]
    list_filter = ["to_stage"]
    search_fields = ["issue__number", "note", "actor__username"]
    list_select_related = ["issue", "actor"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class ReductionInline(admin.TabularInline):
    model = Reduction
    extra = 0


class ExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    fk_name = "issue"
    fields = ["requested_at", "requested_by", "current_deadline", "requested_deadline", "reason", "status"]
    readonly_fields = ["requested_at"]
    extra = 0


IssueAdmin.inlines = [EvidenceInline, ReductionInline, ExtensionInline, IssueEventInline]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    list_display = ["issue", "requested_by", "current_deadline", "requested_deadline", "status", "decided_by"]
    list_filter = ["status"]
    search_fields = ["issue__number", "reason"]
    list_select_related = ["issue", "requested_by", "decided_by"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["issue", "kind", "day", "created_at"]
    list_filter = ["kind", "day"]
    search_fields = ["issue__number"]

    def has_add_permission(self, request):
        return False  # a reminder row records a delivery; only the reminder run writes one


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "message", "created_at", "read_at"]
    list_filter = ["read_at", "kind"]
    search_fields = ["kind", "recipient__username", "issue__number"]
