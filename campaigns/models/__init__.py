from .attachment import WalkthroughAttachment
from .campaign import Campaign
from .jurisdiction import Jurisdiction
from .organisation import Department, ServiceItem
from .people import Official
from .walkthrough import WalkthroughSession

__all__ = [
    "Campaign", "Department", "Jurisdiction", "Official", "ServiceItem", "WalkthroughAttachment", "WalkthroughSession",
]
