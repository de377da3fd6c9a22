from .attachment import WalkthroughAttachment
from .campaign import Campaign
from .organisation import Department, ServiceItem
from .people import Official
from .walkthrough import WalkthroughSession

__all__ = ["Campaign", "Department", "Official", "ServiceItem", "WalkthroughAttachment", "WalkthroughSession"]
