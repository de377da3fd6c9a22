"""Working-day arithmetic on the real Chinese calendar, as seeded from chinesecalendar and edited in the admin.

Every date below was checked against chinese_calendar 1.11.0 (is_workday / get_holiday_detail) before it was written
here; the asserted results differ from a plain Monday–Friday count, so a calendar that ignored the table would fail.
"""

import datetime

import chinese_calendar
import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse

from issues.models import CalendarDay, CalendarYear
from issues.workdays import (
    CALENDAR_YEARS_CACHE_KEY,
    WorkCalendar,
    calendar_from_rows,
    deadline_is_provisional,
    known_calendar_years,
    work_calendar,
    years_to_warn_about,
)
from tests.factories import PASSWORD

D = datetime.date


@pytest.fixture(autouse=True)
def no_cached_years():
    cache.delete(CALENDAR_YEARS_CACHE_KEY)
    yield
    cache.delete(CALENDAR_YEARS_CACHE_KEY)


@pytest.fixture
def calendar(db):
    return work_calendar()


def days(start: datetime.date, end: datetime.date):
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


@pytest.mark.parametrize(
    "day, is_workday",
    [
        (D(2025, 1, 26), True),  # Sunday made a working day before the 2025 Spring Festival
        (D(2025, 2, 8), True),  # Saturday made a working day after it
        (D(2025, 9, 28), True),  # Sunday before the 2025 National Day
        (D(2025, 10, 11), True),  # Saturday after it
        (D(2026, 2, 14), True),  # Saturday before the 2026 Spring Festival
        (D(2026, 2, 28), True),  # Saturday after it
        (D(2026, 9, 20), True),  # Sunday before the 2026 National Day
        (D(2026, 10, 10), True),  # Saturday after it
    ],
)
def test_the_make_up_weekend_days_are_working_days(calendar, day, is_workday):
    assert day.weekday() >= 5 and chinese_calendar.is_workday(day) is is_workday
    assert calendar.is_workday(day) is is_workday


@pytest.mark.parametrize(
    "first, last",
    [(D(2025, 1, 28), D(2025, 2, 4)), (D(2025, 10, 1), D(2025, 10, 8)),
     (D(2026, 2, 15), D(2026, 2, 23)), (D(2026, 10, 1), D(2026, 10, 7))],
)
def test_every_day_of_the_long_holidays_is_off(calendar, first, last):
    holiday = days(first, last)
    assert not any(chinese_calendar.is_workday(day) for day in holiday)
    assert [day for day in holiday if calendar.is_workday(day)] == []
    assert calendar.is_workday(last + datetime.timedelta(days=1))


def test_deadlines_jump_the_2025_spring_festival_and_count_its_make_up_saturday(calendar):
    assert calendar.working_days_after(D(2025, 1, 24), 1) == D(2025, 1, 26)  # Friday → the make-up Sunday
    assert calendar.working_days_after(D(2025, 1, 27), 1) == D(2025, 2, 5)  # last day before → first day after
    # Wed 5, Thu 6, Fri 7, Sat 8 (make-up), Mon 10; Monday–Friday alone would say 3 February.
    assert calendar.working_days_after(D(2025, 1, 27), 5) == D(2025, 2, 10)


def test_deadlines_jump_the_2025_national_day_and_count_both_make_up_days(calendar):
    assert calendar.working_days_after(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert calendar.working_days_after(D(2025, 9, 30), 3) == D(2025, 10, 11)  # Thu 9, Fri 10, Sat 11
    # Sun 28, Mon 29, Tue 30, Thu 9, Fri 10, Sat 11, Mon 13.
    assert calendar.working_days_between(D(2025, 9, 26), D(2025, 10, 13)) == 7


def test_deadlines_jump_the_2026_spring_festival(calendar):
    assert calendar.working_days_after(D(2026, 2, 13), 1) == D(2026, 2, 14)  # the make-up Saturday
    assert calendar.working_days_after(D(2026, 2, 14), 1) == D(2026, 2, 24)
    # Sat 14, Tue 24, Wed 25, Thu 26, Fri 27, Sat 28 (make-up).
    assert calendar.working_days_after(D(2026, 2, 13), 6) == D(2026, 2, 28)
    assert calendar.working_days_between(D(2026, 2, 13), D(2026, 3, 2)) == 7


def test_deadlines_jump_the_2026_national_day(calendar):
    assert calendar.working_days_after(D(2026, 9, 18), 1) == D(2026, 9, 20)
    assert calendar.working_days_after(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert calendar.working_days_after(D(2026, 9, 30), 3) == D(2026, 10, 10)  # Thu 8, Fri 9, Sat 10


def test_across_the_2026_year_end_the_unknown_2027_counts_monday_to_friday_and_is_provisional(calendar):
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(2027, 1, 1))  # why the table exists at all
    assert 2027 not in calendar.known_years
    # Thu 31, Fri 1 January 2027 (a holiday, but nobody has entered it yet), Mon 4, Tue 5, Wed 6.
    deadline = calendar.working_days_after(D(2026, 12, 30), 5)
    assert deadline == D(2027, 1, 6)
    assert calendar.is_provisional(deadline) and not calendar.is_provisional(D(2026, 12, 31))
    assert calendar.working_days_between(D(2026, 12, 30), D(2027, 1, 6)) == 5


def test_a_holiday_added_in_the_admin_changes_the_deadline_which_stays_provisional_until_the_year_is_complete(
    client, db
):
    User.objects.create_superuser("root", "root@example.com", PASSWORD)
    client.login(username="root", password=PASSWORD)
    response = client.post(
        reverse("admin:issues_calendarday_add"), {"date": "2027-01-01", "name": "元旦", "source": "admin"}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=D(2027, 1, 1)).is_workday is False
    calendar = work_calendar()
    assert calendar.working_days_after(D(2026, 12, 30), 5) == D(2027, 1, 7)
    assert calendar.is_provisional(D(2027, 1, 7))  # one day entered does not make 2027 known
    CalendarYear.objects.filter(year=2027).update(is_complete=True)
    assert not work_calendar().is_provisional(D(2027, 1, 7))


def test_a_day_edited_in_the_admin_overrides_chinesecalendar(calendar):
    assert calendar.working_days_after(D(2026, 9, 30), 3) == D(2026, 10, 10)
    CalendarDay.objects.filter(date=D(2026, 10, 10)).update(is_workday=False, source=CalendarDay.Source.ADMIN)
    assert work_calendar().working_days_after(D(2026, 9, 30), 3) == D(2026, 10, 12)


def test_the_arithmetic_is_pure_and_counts_backwards():
    calendar = calendar_from_rows([(D(2030, 5, 1), False), (D(2030, 5, 4), True)])
    assert calendar.known_years == frozenset()  # rows alone complete no year
    assert calendar_from_rows([], complete_years=[2030]).known_years == frozenset({2030})
    assert calendar.working_days_after(D(2030, 4, 30), 2) == D(2030, 5, 3)  # Wed 1 May off
    assert calendar.working_days_between(D(2030, 5, 6), D(2030, 4, 30)) == -4  # Thu 2, Fri 3, Sat 4, Mon 6
    assert WorkCalendar().is_workday(D(2030, 5, 4)) is False


def test_staff_are_warned_of_next_years_missing_calendar_only_once_it_could_be_published():
    known = range(2020, 2027)
    assert years_to_warn_about(D(2026, 11, 22), known, next_year_from_month=10) == [2027]
    assert years_to_warn_about(D(2026, 3, 1), known, next_year_from_month=10) == []
    assert years_to_warn_about(D(2027, 1, 4), known, next_year_from_month=10) == [2027]
    assert years_to_warn_about(D(2027, 10, 4), known, next_year_from_month=10) == [2027, 2028]


def test_known_years_are_cached_until_the_admin_page_asks_afresh(db):
    assert 2027 not in known_calendar_years()
    CalendarYear.objects.create(year=2027, is_complete=True)
    assert 2027 not in known_calendar_years()  # cached for a few minutes
    assert 2027 in known_calendar_years(fresh=True)
    assert 2027 in known_calendar_years()


@pytest.fixture
def late_2026(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: D(2026, 11, 20))


def test_center_staff_see_the_missing_calendar_warning_on_the_home_page(client, users, late_2026):
    client.login(username="staff", password=PASSWORD)
    page = client.get(reverse("home")).content.decode()
    assert "2027年节假日安排尚未录入,截止日期暂按周一至周五计算" in page
    client.login(username="liaison", password=PASSWORD)
    assert "节假日安排尚未录入" not in client.get(reverse("home")).content.decode()


def test_the_warning_shows_in_the_admin_and_goes_once_the_year_is_entered(client, users, late_2026):
    User.objects.create_superuser("root", "root@example.com", PASSWORD)
    client.login(username="root", password=PASSWORD)
    assert "2027年节假日安排尚未录入" in client.get(reverse("admin:index")).content.decode()
    changelist = reverse("admin:issues_calendarday_changelist")
    assert "2027年节假日安排尚未录入" in client.get(changelist).content.decode()
    client.post(reverse("admin:issues_calendarday_add"), {"date": "2027-01-01", "name": "元旦", "source": "admin"})
    assert "2027年节假日安排尚未确认完整(已录入1天)" in client.get(changelist).content.decode()
    years = reverse("admin:issues_calendaryear_changelist")
    client.post(years, {"action": "mark_complete", "_selected_action": ["2027"]})
    assert "节假日安排尚未" not in client.get(changelist).content.decode()


def test_a_deadline_in_a_year_nobody_has_entered_is_provisional(db):
    assert deadline_is_provisional(D(2027, 1, 6)) and not deadline_is_provisional(D(2026, 12, 31))
    assert not deadline_is_provisional(None)
