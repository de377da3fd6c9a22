"""Every existing ledger line gets its campaign: a walkthrough finding its walkthrough's, any other the campaign
running on its discovery date (the latest-starting one when several overlap); none when no campaign ran."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Issue = apps.get_model("issues", "Issue")
    Campaign = apps.get_model("campaigns", "Campaign")
    WalkthroughSession = apps.get_model("campaigns", "WalkthroughSession")
    Issue.objects.filter(walkthrough__isnull=False).update(
        campaign=Subquery(WalkthroughSession.objects.filter(pk=OuterRef("walkthrough_id")).values("campaign_id")[:1])
    )
    running = Campaign.objects.filter(
        starts_on__lte=OuterRef("discovered_on"), ends_on__gte=OuterRef("discovered_on")
    ).order_by("-starts_on", "-pk")
    Issue.objects.filter(walkthrough__isnull=True, campaign__isnull=True).update(
        campaign=Subquery(running.values("pk")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0005_issue_campaign_kind_reduction_items"),
        ("campaigns", "0005_fill_roster_walks_item_history"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
