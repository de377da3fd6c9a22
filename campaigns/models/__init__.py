from .attachment import WalkthroughAttachment
from .campaign import Campaign
from .organisation import Department, ServiceItem
from .people import Official
from .submission import FormSubmission
from .walkthrough import DraftReceipt, WalkthroughSession, WalkthroughStep

__all__ = [
    "Campaign",
    "Department",
    "DraftReceipt",
    "FormSubmission",
    "Official",
    "ServiceItem",
    "WalkthroughAttachment",
    "WalkthroughSession",
    "WalkthroughStep",
]
