"""The rows the data migrations insert and every test relies on: role groups with their permissions, the calendar.

A transactional test ends with a flush that empties every table, and with ``--reuse-db`` the emptied database is
also what the next run starts from. ``restore_if_missing`` puts these rows back, committed, before any test that
touches the database; a data migration that inserts rows tests depend on adds its loader to ``LOADERS``.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group


def _permissions_and_role_groups():
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    import_module("campaigns.migrations.0002_roles").assign_role_permissions(apps)


def _calendar():
    import_module("issues.migrations.0003_seed_calendar").seed(apps, None)


def _calendar_years():
    import_module("issues.migrations.0005_calendar_years_deadline_rules_outbox").seed_years(apps, None)


def _calendar_years_present():
    from issues.models import CalendarYear

    return CalendarYear.objects.filter(source="chinesecalendar").exists()


def _role_groups_present():
    from campaigns.roles import Role

    return Group.objects.filter(name__in=[role.value for role in Role]).count() == len(Role)


def _calendar_present():
    from issues.models import CalendarDay

    return CalendarDay.objects.filter(source="chinesecalendar").exists()


# (is it there?, put it back) — cheap checks, so a test after an intact database pays two small queries.
LOADERS = [
    (_role_groups_present, _permissions_and_role_groups),
    (_calendar_present, _calendar),
    (_calendar_years_present, _calendar_years),
]


def restore_if_missing():
    """Insert whichever reference rows are missing; returns the names of the loaders that ran (for tests)."""
    ran = []
    for present, load in LOADERS:
        if not present():
            load()
            ran.append(load.__name__)
    return ran
