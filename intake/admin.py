from django.contrib import admin

from intake.models import IntakePlatform, IntakeTicket, WebhookDelivery


@admin.register(IntakePlatform)
class IntakePlatformAdmin(admin.ModelAdmin):
    """Platforms are created with `manage.py intake_platform` (it prints the token once); here they are switched
    off or given a webhook address."""

    list_display = ("name", "kind", "token_prefix", "is_active", "webhook_url", "created_at")
    fields = ("name", "kind", "token_prefix", "is_active", "webhook_url", "created_at")
    readonly_fields = ("kind", "token_prefix", "created_at")

    def has_add_permission(self, request):
        return False


@admin.register(IntakeTicket)
class IntakeTicketAdmin(admin.ModelAdmin):
    list_display = ("reference", "platform", "issue", "received_at")
    list_filter = ("platform",)
    search_fields = ("reference",)
    raw_id_fields = ("issue",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("ticket", "event", "status", "attempts", "next_attempt_at", "last_error", "delivered_at")
    list_filter = ("status",)
    readonly_fields = ("ticket", "event", "payload", "attempts", "delivered_at", "created_at")
