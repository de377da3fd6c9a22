"""The rows every test relies on come back after a flush, as they must for `make test` to pass on a reused database."""

import pytest
from django.contrib.auth.models import Group

from campaigns.roles import Role
from issues.models import CalendarDay
from tests.reference_data import restore_if_missing


@pytest.mark.django_db
def test_role_groups_and_the_calendar_are_put_back_after_a_flush_emptied_them():
    Group.objects.all().delete()
    CalendarDay.objects.all().delete()

    assert restore_if_missing() == ["_permissions_and_role_groups", "_calendar"]

    staff = Group.objects.get(name=Role.CENTER_STAFF)
    assert staff.permissions.filter(codename="change_issue").exists()
    assert CalendarDay.objects.filter(date="2026-10-01", is_workday=False).exists()


@pytest.mark.django_db
def test_nothing_is_inserted_when_the_rows_are_there():
    assert restore_if_missing() == []
