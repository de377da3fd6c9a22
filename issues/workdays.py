"""Chinese working days: Monday–Friday, minus public holidays, plus the weekend days made working days (调休).

The arithmetic is pure (a `WorkCalendar` built from the exceptions); `work_calendar()` loads it from the
admin-editable CalendarDay table. A year counts as known only when its CalendarYear is complete (from chinesecalendar,
or confirmed by staff); until then its days are counted as entered so far (Monday–Friday for the rest) and every
deadline counted across it is provisional.
"""

import bisect
import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)


def _weekdays_through(day: datetime.date) -> int:
    """Mondays–Fridays from 1 January of year 1 (a Monday) through `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@dataclass(frozen=True)
class WorkCalendar:
    exceptions: Mapping[datetime.date, bool] = field(default_factory=dict)  # date -> is a working day
    known_years: frozenset = frozenset()  # the complete years

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def is_provisional(self, day: datetime.date) -> bool:
        """True when the holidays of that year are not all known yet, so the count there may still change."""
        return day.year not in self.known_years

    def span_is_provisional(self, start: datetime.date | None, end: datetime.date) -> bool:
        """True when any year from `start` (exclusive) to `end` is not complete: a count across it may change."""
        first = (start + ONE_DAY).year if start is not None and start < end else end.year
        return any(year not in self.known_years for year in range(first, end.year + 1))

    def working_days_after(self, start: datetime.date, count: int) -> datetime.date:
        """The day on which `count` working days after `start` have passed (`start` itself not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        return day

    @functools.cached_property
    def _adjustments(self) -> tuple[list[datetime.date], list[int]]:
        """The exception days in order, with the running difference they make to a Monday–Friday count."""
        days, running, total = [], [], 0
        for day in sorted(self.exceptions):
            total += int(self.exceptions[day]) - int(day.weekday() < 5)
            days.append(day)
            running.append(total)
        return days, running

    def _working_days_through(self, day: datetime.date) -> int:
        days, running = self._adjustments
        index = bisect.bisect_right(days, day)
        return _weekdays_through(day) + (running[index - 1] if index else 0)

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is before `start`.

        Constant time (a bisect over the exceptions), so the reminder scan can ask it for every deadline."""
        return self._working_days_through(end) - self._working_days_through(start)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def last_working_day_before(self, day: datetime.date) -> datetime.date:
        """The last working day strictly before `day`."""
        day -= ONE_DAY
        while not self.is_workday(day):
            day -= ONE_DAY
        return day


def day_off_kind(calendar: WorkCalendar, day: datetime.date) -> str:
    """What kind of day off `day` is, for messages: a holiday (节假日) or a weekend (周末)."""
    from django.utils.translation import gettext

    if day in calendar.exceptions or day.weekday() < 5:
        return gettext("节假日")
    return gettext("周末")


def calendar_from_rows(
    rows: Iterable[tuple[datetime.date, bool]], *, complete_years: Iterable[int] = ()
) -> WorkCalendar:
    """A calendar of these exceptions; only `complete_years` count as known (entering rows completes nothing)."""
    return WorkCalendar(exceptions=dict(rows), known_years=frozenset(complete_years))


def work_calendar() -> WorkCalendar:
    """The calendar as staff maintain it in the admin (two queries)."""
    from issues.models import CalendarDay, CalendarYear

    return calendar_from_rows(
        CalendarDay.objects.values_list("date", "is_workday"),
        complete_years=CalendarYear.objects.filter(is_complete=True).values_list("year", flat=True),
    )


def working_days_after(start: datetime.date, count: int, *, calendar: WorkCalendar | None = None) -> datetime.date:
    return (calendar or work_calendar()).working_days_after(start, count)


def missing_calendar_years(today: datetime.date, *, calendar: WorkCalendar | None = None) -> list[int]:
    """This year and next, for each one whose holidays are not confirmed complete (staff are warned about these)."""
    calendar = calendar or work_calendar()
    return [year for year in (today.year, today.year + 1) if year not in calendar.known_years]


CALENDAR_YEARS_CACHE_KEY = "issues:calendar-years"
CALENDAR_YEARS_CACHE_SECONDS = 300


def known_calendar_years(*, fresh: bool = False) -> frozenset[int]:
    """The complete years (CalendarYear). Cached for a few minutes because every staff dashboard asks;
    a cache that is down (Redis stopped) only costs one small query."""
    from django.core.cache import cache

    from issues.models import CalendarYear

    if not fresh:
        try:
            cached = cache.get(CALENDAR_YEARS_CACHE_KEY)
        except Exception:  # noqa: BLE001 - a cache outage must not break a page
            cached = None
        if cached is not None:
            return frozenset(cached)
    years = frozenset(CalendarYear.objects.filter(is_complete=True).values_list("year", flat=True))
    try:
        cache.set(CALENDAR_YEARS_CACHE_KEY, sorted(years), CALENDAR_YEARS_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - as above
        pass
    return years


def forget_known_calendar_years() -> None:
    """Called when a year's state changes, so every page sees it at once."""
    from django.core.cache import cache

    try:
        cache.delete(CALENDAR_YEARS_CACHE_KEY)
    except Exception:  # noqa: BLE001 - the cache only expires a few minutes later
        pass


def years_to_warn_about(today: datetime.date, known_years: Iterable[int], *, next_year_from_month: int) -> list[int]:
    """The years staff must still enter: this year at once, next year from the month its holidays are usually
    published (a warning nobody can act on yet is noise)."""
    known = set(known_years)
    years = [today.year] if today.year not in known else []
    if today.month >= next_year_from_month and today.year + 1 not in known:
        years.append(today.year + 1)
    return years


def deadline_is_provisional(day: datetime.date | None) -> bool:
    """True when `day` lies in a year whose holidays are not confirmed complete: show it as provisional (暂定)."""
    return day is not None and day.year not in known_calendar_years()
