from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from campaigns.models import Campaign, Department, Official, ServiceItem, WalkthroughAttachment, WalkthroughSession
from issues.models import Issue


@admin.register(Department)
class DepartmentAdmin(TreeAdmin):
    form = movenodeform_factory(Department)
    list_display = ["name", "code", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "short_name"]


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = [
        "code", "name", "department", "statutory_limit_days", "promised_limit_days",
        "is_instant", "is_online", "is_high_frequency",
    ]
    list_filter = ["is_instant", "is_online", "is_high_frequency", "department"]
    search_fields = ["code", "name"]
    list_select_related = ["department"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["theme", "organiser", "starts_on", "ends_on", "status"]
    list_filter = ["status", "theme"]
    search_fields = ["theme", "organiser"]
    date_hierarchy = "starts_on"
    filter_horizontal = ["departments", "service_items"]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "position", "level", "phone", "user", "is_active"]
    list_filter = ["level", "is_active", "department"]
    search_fields = ["name", "phone", "position", "user__username"]
    list_select_related = ["department", "user"]
    autocomplete_fields = ["user"]


class FindingInline(admin.TabularInline):
    model = Issue
    fk_name = "walkthrough"
    fields = ["number", "title", "category", "severity", "stage"]
    readonly_fields = ["number", "stage"]
    extra = 0
    show_change_link = True
    verbose_name = _("发现问题")
    verbose_name_plural = _("发现问题")

    def has_add_permission(self, request, obj=None):
        return False  # findings enter the ledger through the service, which numbers them


class AttachmentInline(admin.TabularInline):
    model = WalkthroughAttachment
    fields = ["original_name", "kind", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the form, which checks their content


@admin.register(WalkthroughSession)
class WalkthroughSessionAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "mode", "channel", "department", "lead", "campaign", "is_announced", "status"]
    list_filter = ["mode", "channel", "status", "is_announced", "scope", "campaign"]
    search_fields = ["lead__name", "department__name", "experience", "complaint_reference"]
    date_hierarchy = "occurred_at"
    list_select_related = ["department", "lead", "campaign"]
    autocomplete_fields = ["lead", "companions", "service_items", "department"]
    inlines = [FindingInline, AttachmentInline]
