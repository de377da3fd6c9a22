from .calendar import CalendarDay, CalendarYear
from .delivery import Delivery, RobotPost
from .followup import DeadlineExtension, Notification, Reduction, Reminder
from .issue import Evidence, Issue, IssueEvent, IssueNumberCounter

__all__ = [
    "CalendarDay",
    "CalendarYear",
    "DeadlineExtension",
    "Delivery",
    "Evidence",
    "Issue",
    "IssueEvent",
    "IssueNumberCounter",
    "Notification",
    "Reduction",
    "Reminder",
    "RobotPost",
]
