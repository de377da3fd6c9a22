"""Chinese working days: Monday–Friday, minus public holidays, plus the weekend days made working days (调休).

The arithmetic is pure (a `WorkCalendar` built from the exceptions); `work_calendar()` loads it from the
admin-editable CalendarDay table. A year with no rows there is counted Monday–Friday and called provisional.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    exceptions: Mapping[datetime.date, bool] = field(default_factory=dict)  # date -> is a working day
    known_years: frozenset = frozenset()

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def is_provisional(self, day: datetime.date) -> bool:
        """True when the holidays of that year are not known yet, so the count is only Monday–Friday."""
        return day.year not in self.known_years

    def working_days_after(self, start: datetime.date, count: int) -> datetime.date:
        """The day on which `count` working days after `start` have passed (`start` itself not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for offset in range(1, (end - start).days + 1) if self.is_workday(start + offset * ONE_DAY))


def calendar_from_rows(rows: Iterable[tuple[datetime.date, bool]]) -> WorkCalendar:
    exceptions = dict(rows)
    return WorkCalendar(exceptions=exceptions, known_years=frozenset(day.year for day in exceptions))


def work_calendar() -> WorkCalendar:
    """The calendar as staff maintain it in the admin."""
    from issues.models import CalendarDay

    return calendar_from_rows(CalendarDay.objects.values_list("date", "is_workday"))


def working_days_after(start: datetime.date, count: int, *, calendar: WorkCalendar | None = None) -> datetime.date:
    return (calendar or work_calendar()).working_days_after(start, count)


def missing_calendar_years(today: datetime.date, *, calendar: WorkCalendar | None = None) -> list[int]:
    """This year and next, for each one whose holidays nobody has entered yet (staff are warned about these)."""
    calendar = calendar or work_calendar()
    return [year for year in (today.year, today.year + 1) if year not in calendar.known_years]


CALENDAR_YEARS_CACHE_KEY = "issues:calendar-years"
CALENDAR_YEARS_CACHE_SECONDS = 300


def known_calendar_years(*, fresh: bool = False) -> frozenset[int]:
    """The years whose holidays are in the table. Cached for a few minutes because every staff dashboard asks;
    a cache that is down (Redis stopped) only costs one small query."""
    from django.core.cache import cache

    from issues.models import CalendarDay

    if not fresh:
        try:
            cached = cache.get(CALENDAR_YEARS_CACHE_KEY)
        except Exception:  # noqa: BLE001 - a cache outage must not break a page
            cached = None
        if cached is not None:
            return frozenset(cached)
    years = frozenset(day.year for day in CalendarDay.objects.dates("date", "year"))
    try:
        cache.set(CALENDAR_YEARS_CACHE_KEY, sorted(years), CALENDAR_YEARS_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - as above
        pass
    return years


def years_to_warn_about(today: datetime.date, known_years: Iterable[int], *, next_year_from_month: int) -> list[int]:
    """The years staff must still enter: this year at once, next year from the month its holidays are usually
    published (a warning nobody can act on yet is noise)."""
    known = set(known_years)
    years = [today.year] if today.year not in known else []
    if today.month >= next_year_from_month and today.year + 1 not in known:
        years.append(today.year + 1)
    return years


def deadline_is_provisional(day: datetime.date | None) -> bool:
    """True when `day` lies in a year whose holidays nobody has entered: show the deadline as provisional (暂定)."""
    return day is not None and day.year not in known_calendar_years()
