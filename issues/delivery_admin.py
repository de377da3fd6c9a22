"""The reminder outbox in the admin: what failed, why, and a way to send it again."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy

from issues.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["reminder", "recipient", "channel", "state", "attempts", "last_error", "next_attempt_at", "sent_at"]
    list_filter = ["state", "channel"]
    search_fields = ["reminder__issue__number", "recipient__username", "last_error"]
    list_select_related = ["reminder__issue", "recipient"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False  # deliveries are written by the reminder run

    @admin.action(description=gettext_lazy("重新发送所选投递"))
    def retry(self, request, queryset):
        queryset.exclude(state=Delivery.State.SENT).update(
            state=Delivery.State.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
