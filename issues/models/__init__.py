from .calendar import CalendarDay
from .followup import DeadlineExtension, Notification, Reduction, Reminder
from .issue import Evidence, Issue, IssueEvent, IssueNumberCounter, issue_number

__all__ = [
    "CalendarDay",
    "DeadlineExtension",
    "Evidence",
    "Issue",
    "IssueEvent",
    "IssueNumberCounter",
    "Notification",
    "Reduction",
    "Reminder",
    "issue_number",
]
