from .calendar import CalendarDay
from .followup import DeadlineExtension, Notification, Reduction, Reminder
from .handling import AssistingDepartment, Urging
from .issue import Evidence, Issue, IssueEvent, IssueNumberCounter

__all__ = [
    "AssistingDepartment",
    "Urging",
    "CalendarDay",
    "DeadlineExtension",
    "Evidence",
    "Issue",
    "IssueEvent",
    "IssueNumberCounter",
    "Notification",
    "Reduction",
    "Reminder",
]
