import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.docx.briefing_doc import Masthead


class BriefingDocForm(forms.Form):
    """期号 and signer of one Word briefing; the organ is the BRIEFING_ORGAN setting."""

    number = forms.IntegerField(label=_("期号"), min_value=1, max_value=999, initial=1,
                                help_text=_("本年度第几期"))
    signer = forms.CharField(label=_("签发人"), max_length=20, required=False)

    def clean_signer(self):
        return self.cleaned_data["signer"].strip()

    def masthead(self, *, day: datetime.date | None = None) -> Masthead:
        day = day or timezone.localdate()
        return Masthead(organ=settings.BRIEFING_ORGAN, year=day.year, number=self.cleaned_data["number"],
                        signer=self.cleaned_data["signer"], day=day)
