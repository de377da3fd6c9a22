"""Liaison-only and admin accounts leave the walking roster; existing service items get a first history row,
so the dashboard's "before" totals have a value to start from."""

from django.db import migrations
from django.utils import timezone


def fill(apps, schema_editor):
    Official = apps.get_model("campaigns", "Official")
    ServiceItem = apps.get_model("campaigns", "ServiceItem")
    HistoricalServiceItem = apps.get_model("campaigns", "HistoricalServiceItem")
    liaison_only = (
        Official.objects.filter(user__groups__name="dept_liaison")
        .exclude(user__groups__name="participant")
        .exclude(user__groups__name="leader")
    )
    Official.objects.filter(pk__in=liaison_only.values("pk")).update(expected_to_walk=False)
    Official.objects.filter(user__is_superuser=True).exclude(user__groups__name="participant").update(expected_to_walk=False)
    now = timezone.now()
    fields = [f.attname for f in ServiceItem._meta.concrete_fields]
    HistoricalServiceItem.objects.bulk_create(
        HistoricalServiceItem(
            **{name: getattr(item, name) for name in fields},
            history_date=now, history_type="+", history_change_reason="initial values",
        )
        for item in ServiceItem.objects.exclude(pk__in=HistoricalServiceItem.objects.values("id"))
    )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0004_roster_expected_to_walk_item_values_history")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
