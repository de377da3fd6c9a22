from .attachment import PendingAttachment, WalkthroughAttachment
from .campaign import Campaign
from .jurisdiction import Jurisdiction
from .organisation import Department, ServiceItem
from .people import Official
from .submission import FormSubmission
from .walkthrough import DraftReceipt, WalkthroughSession, WalkthroughStep

__all__ = [
    "Campaign",
    "Department",
    "DraftReceipt",
    "FormSubmission",
    "Jurisdiction",
    "Official",
    "PendingAttachment",
    "ServiceItem",
    "WalkthroughAttachment",
    "WalkthroughSession",
    "WalkthroughStep",
]
