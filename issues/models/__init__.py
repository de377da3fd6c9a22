from .calendar import CalendarDay, CalendarYear
from .delivery import Delivery, RobotPost
from .followup import DeadlineExtension, Notification, Reduction, Reminder
from .handling import AssistingDepartment, Urging
from .issue import Evidence, Issue, IssueEvent, IssueNumberCounter, issue_number
from .sighting import IssueSighting

__all__ = [
    "AssistingDepartment",
    "Urging",
    "CalendarDay",
    "CalendarYear",
    "DeadlineExtension",
    "Delivery",
    "Evidence",
    "Issue",
    "IssueEvent",
    "IssueNumberCounter",
    "IssueSighting",
    "Notification",
    "Reduction",
    "Reminder",
    "RobotPost",
    "issue_number",
]
