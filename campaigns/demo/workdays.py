"""Working-day arithmetic for the demo timeline, on the project's own calendar (issues.workdays: the
admin-maintained CalendarDay table of holidays and 调休 days), so demo deadlines count like real ones."""

import datetime

from issues.workdays import WorkCalendar, work_calendar

ONE_DAY = datetime.timedelta(days=1)


class DemoCalendar:
    def __init__(self, calendar: WorkCalendar | None = None):
        self.calendar = calendar or work_calendar()

    def is_workday(self, day: datetime.date) -> bool:
        return self.calendar.is_workday(day)

    def add_workdays(self, day: datetime.date, count: int) -> datetime.date:
        """The working day `count` working days after `day` (count 0: `day` itself, or the next working day)."""
        while not self.is_workday(day):
            day += ONE_DAY
        return self.calendar.working_days_after(day, count)

    def workdays_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        return max(0, self.calendar.working_days_between(start, end))

    def workday_on_or_before(self, day: datetime.date, *, floor: datetime.date) -> datetime.date:
        """The nearest working day not after `day`, or, if that falls before `floor`, the first one after it."""
        candidate = day
        while candidate >= floor:
            if self.is_workday(candidate):
                return candidate
            candidate -= ONE_DAY
        return self.add_workdays(max(day, floor), 0)
