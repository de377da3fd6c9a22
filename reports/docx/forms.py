import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.selectors import service_center_of
from reports.docx.briefing_doc import Masthead


def issuing_organ(base) -> str:
    """The 发文机关 on a Word briefing about the unit `base` (a Department, or None for a whole tree): the
    BRIEFING_ORGAN setting when it is set, else the 政务服务中心 of `base`'s county or city — the tree's own unit
    when it has one, else named after the region ("云川市政务服务中心")."""
    if settings.BRIEFING_ORGAN:
        return settings.BRIEFING_ORGAN
    center = service_center_of(base)
    if center is not None:
        return center.name
    region = base.region().name if base is not None else ""
    return _("%(region)s政务服务中心") % {"region": region}


class BriefingDocForm(forms.Form):
    """期号 and signer of one Word briefing; the organ comes from issuing_organ."""

    number = forms.IntegerField(label=_("期号"), min_value=1, max_value=999, initial=1,
                                help_text=_("本年度第几期"))
    signer = forms.CharField(label=_("签发人"), max_length=20, required=False)

    def clean_signer(self):
        return self.cleaned_data["signer"].strip()

    def masthead(self, *, base=None, day: datetime.date | None = None) -> Masthead:
        """The masthead of a briefing about `base` (issuing_organ) dated `day` (default today)."""
        day = day or timezone.localdate()
        return Masthead(organ=str(issuing_organ(base)), year=day.year, number=self.cleaned_data["number"],
                        signer=self.cleaned_data["signer"], day=day)
