from django.contrib import admin

from callbacks.models import Callback


@admin.register(Callback)
class CallbackAdmin(admin.ModelAdmin):
    list_display = ("called_on", "department", "window", "service_item", "result", "is_complaint", "follow_up_issue")
    list_filter = ("result", "is_complaint")
    search_fields = ("case_reference", "window", "note")
    raw_id_fields = ("follow_up_issue", "service_item")
    readonly_fields = ("created_by",)
