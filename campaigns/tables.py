import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from campaigns.models import WalkthroughSession


class WalkthroughTable(tables.Table):
    occurred_at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=True)
    finding_count = tables.Column(verbose_name=_("发现问题"), orderable=True)

    class Meta:
        model = WalkthroughSession
        fields = ("occurred_at", "mode", "channel", "department", "lead", "campaign", "status", "finding_count")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("暂无走流程记录")
