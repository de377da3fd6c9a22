"""What every page's frame shows about the ledger: the unread-notification count, and for staff on the overview
pages the missing-holidays warning and the reminders that could not be delivered."""

from functools import cache

from django.conf import settings
from django.utils import timezone

from campaigns.roles import Role, has_role
from issues.notifications import unread_count
from issues.workdays import known_calendar_years, years_to_warn_about

# The pages where staff look at deadlines as a whole: the home page, the dashboard and the admin.
CALENDAR_WARNING_VIEWS = {
    "home", "reports:dashboard", "admin:index", "admin:issues_calendarday_changelist",
    "admin:issues_calendaryear_changelist",
}
# Where staff enter the holidays, the warning reads the table itself, so it goes away as soon as they confirm.
CALENDAR_FRESH_VIEWS = {"admin:issues_calendarday_changelist", "admin:issues_calendaryear_changelist"}


def notifications(request):
    """The navbar's unread count, counted only if the page shows it (one indexed COUNT)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": cache(lambda: unread_count(user=user))}


def calendar_warning(request):
    """The years whose holidays staff must still enter, on the overview pages for center staff and admins."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else None
    if view_name not in CALENDAR_WARNING_VIEWS or user is None or not user.is_authenticated:
        return {}
    if not (user.is_staff or has_role(user, Role.CENTER_STAFF)):
        return {}
    years = years_to_warn_about(
        timezone.localdate(),
        known_calendar_years(fresh=view_name in CALENDAR_FRESH_VIEWS),
        next_year_from_month=settings.HOLIDAY_CALENDAR_WARN_FROM_MONTH,
    )
    can_edit = user.is_staff and user.has_perm("issues.change_calendaryear")
    from issues.outbox import failed_delivery_count

    return {
        "missing_calendar_years": entered_days(years),
        "can_edit_calendar": can_edit,
        "failed_deliveries": failed_delivery_count(),  # reminders that could not be sent after every retry
        "can_see_deliveries": user.is_staff and user.has_perm("issues.view_delivery"),
    }


def entered_days(years: list[int]) -> list[dict]:
    """Each incomplete year with how many of its days are entered so far (one query, only when a year is missing)."""
    if not years:
        return []
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from issues.models import CalendarDay

    counts = dict(
        CalendarDay.objects.filter(date__year__in=years)
        .annotate(y=ExtractYear("date")).values("y").annotate(n=Count("pk")).values_list("y", "n")
    )
    return [{"year": year, "entered": counts.get(year, 0)} for year in years]
