from django.contrib import admin

from publicity.models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("issue", "published_at", "withdrawn_at")
    list_filter = ("withdrawn_at",)
    search_fields = ("found_text", "done_text", "issue__title")
    raw_id_fields = ("issue",)
    readonly_fields = ("published_by", "published_at", "withdrawn_by", "withdrawn_at")
