"""Forms of the campaigns app; each module holds one screen's forms."""

from .campaign import CampaignForm
from .checklist import ChecklistForm
from .roster import OfficialForm, RosterImportForm
from .walkthrough import FindingForm, FindingFormSet, WalkthroughForm, finding_values

__all__ = [
    "CampaignForm",
    "ChecklistForm",
    "FindingForm",
    "FindingFormSet",
    "OfficialForm",
    "RosterImportForm",
    "WalkthroughForm",
    "finding_values",
]
