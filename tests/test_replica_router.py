"""With DATABASE_REPLICA_URL the dashboard, briefing and exports read from the replica; every other page and every
write use the primary. A second database on this machine stands in for the replica: it holds different rows, so
a figure on the page says which database it came from."""

import datetime

import psycopg
import pytest
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from campaigns.models import Department
from campaigns.roles import Role
from issues.models import Issue
from tests.conftest import require_postgresql
from tests.factories import PASSWORD
from walkthrough.db_router import REPLICA, ReplicaRouter, reading_replica


@pytest.fixture
def replica(settings, django_db_blocker):
    """A "replica" alias on a database of its own (test_<name>_replica), migrated and emptied after each use.
    Added after the test's own database setup, so it stays outside the test transaction, as a replica would."""
    require_postgresql()
    default = connections["default"].settings_dict
    name = f"{default['NAME']}_replica"
    with django_db_blocker.unblock(), psycopg.connect(
        host=default["HOST"] or None, port=default["PORT"] or None, user=default["USER"] or None,
        password=default["PASSWORD"] or None, dbname="postgres", autocommit=True,
    ) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    alias = {**default, "NAME": name, "TEST": {**default.get("TEST", {}), "NAME": name}}
    connections.settings[REPLICA] = alias
    settings.DATABASES = {**settings.DATABASES, REPLICA: alias}
    with django_db_blocker.unblock():
        call_command("migrate", database=REPLICA, verbosity=0, interactive=False)
        yield REPLICA
        call_command("flush", database=REPLICA, verbosity=0, interactive=False)
        connections[REPLICA].close()
    del connections.settings[REPLICA]
    del connections[REPLICA]


def test_reads_go_to_the_replica_only_inside_a_report_and_writes_never(settings):
    router = ReplicaRouter()
    settings.DATABASES = {**settings.DATABASES, REPLICA: settings.DATABASES["default"]}
    assert router.db_for_read(Issue) is None
    with reading_replica():
        assert router.db_for_read(Issue) == REPLICA
        assert router.db_for_write(Issue) == "default"
    assert router.db_for_read(Issue) is None


def test_without_a_replica_reports_read_the_primary():
    with reading_replica():
        assert ReplicaRouter().db_for_read(Issue) is None


def _staff_on(alias: str):
    from django.contrib.auth.models import Group, User

    # A superuser reads the whole tree (campaigns.scope): this test is about where reads go, not about scope.
    user = User(pk=7001, username="replica-staff", first_name="replica-staff", is_superuser=True)
    user.set_password(PASSWORD)
    user.save(using=alias)
    group = Group.objects.using(alias).get_or_create(name=Role.CENTER_STAFF)[0]
    # explicitly on `alias`: the router sends every write it decides to the primary
    User.groups.through.objects.using(alias).create(user_id=user.pk, group_id=group.pk)
    return user


def _issue_on(alias: str, *, by, title: str) -> Issue:
    county = Department.objects.using(alias).create(path="9001", depth=1, numchild=0, code="R", name="副本县",
                                                    kind="county")
    return Issue.objects.using(alias).create(
        year=2026, sequence=1, source=Issue.Source.HOTLINE_12345, title=title, department=county,
        discovered_on=datetime.date(2026, 3, 2), stage=Issue.Stage.FEEDBACK, created_by=by,
    )


@pytest.mark.django_db
def test_the_dashboard_reads_the_replica_and_the_ledger_the_primary(client, replica):
    staff = _staff_on("default")
    _staff_on(replica)
    _issue_on(replica, by=staff, title="只在副本中的问题")
    client.login(username="replica-staff", password=PASSWORD)

    dashboard = client.get(reverse("reports:dashboard"), {"campaign": ""})
    assert dashboard.status_code == 200
    assert dashboard.context["figures"].found == 1  # counted on the replica
    ledger = client.get(reverse("issues:issue_list"))
    assert "只在副本中的问题" not in ledger.content.decode()  # the ledger reads the primary, which has none
    assert not Issue.objects.using("default").exists()


@pytest.mark.django_db
def test_the_ledger_export_reads_the_replica(client, replica):
    from openpyxl import load_workbook

    staff = _staff_on("default")
    _staff_on(replica)
    _issue_on(replica, by=staff, title="副本中的台账行")
    client.login(username="replica-staff", password=PASSWORD)
    response = client.get(reverse("reports:ledger_export"))
    assert response.status_code == 200
    import io

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any("副本中的台账行" in str(cell.value or "") for row in sheet.iter_rows() for cell in row)
