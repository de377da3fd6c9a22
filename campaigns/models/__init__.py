from .attachment import WalkthroughAttachment
from .campaign import Campaign
from .organisation import Department, ServiceItem
from .people import Official
from .submission import FormSubmission
from .walkthrough import WalkthroughSession

__all__ = [
    "Campaign", "Department", "FormSubmission",
    "Official", "ServiceItem", "WalkthroughAttachment", "WalkthroughSession",
]
