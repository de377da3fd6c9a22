"""Paging a sorted table on PostgreSQL shows every row exactly once, even when the sorted column holds the same
value on many rows (a deadline, a stage, a level): every sortable column of every table ends with a unique key."""

import datetime
import importlib
from urllib.parse import urlencode

import django_tables2 as tables
import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Official
from campaigns.tables import StableOrderTable
from issues.models import Issue
from tests.conftest import require_postgresql
from tests.factories import PASSWORD, WalkthroughFactory

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() + datetime.timedelta(days=10)


def project_tables():
    for app in ("campaigns", "issues", "reports"):
        try:
            importlib.import_module(f"{app}.tables")
        except ModuleNotFoundError:
            pass
    found, todo = [], list(tables.Table.__subclasses__())
    while todo:
        table = todo.pop()
        todo += table.__subclasses__()
        if apps.get_containing_app_config(table.__module__) is not None:
            found.append(table)
    return found


def test_every_sortable_column_of_every_table_sorts_last_by_the_primary_key():
    found = project_tables()
    assert {t.__name__ for t in found} >= {"IssueTable", "RosterTable", "WalkthroughTable"}
    for table in found:
        assert issubclass(table, StableOrderTable), table
        for name, column in table.base_columns.items():
            if column.orderable is False:
                continue
            keys = [str(key) for key in (column.order_by or (name,))]
            assert keys[-1].lstrip("-") in ("pk", "id"), f"{table.__name__}.{name} sorts by {keys}"


def pages(client, url, params, *, count):
    """The primary keys shown on pages 1..count, in order."""
    shown = []
    for page in range(1, count + 1):
        response = client.get(f"{url}?{urlencode({**params, 'page': page})}")
        assert response.status_code == 200
        shown += [row.record.pk for row in response.context["table"].page.object_list]
    return shown


@pytest.fixture
def equal_issues(org, users):
    require_postgresql()  # SQLite gives equal rows back in one order every time: it passes with no tiebreak at all
    rows = [
        Issue(year=2026, sequence=n, title=f"同一天到期的问题{n}", source=Issue.Source.HOTLINE_12345,
              category=Issue.Category.OTHER, severity=Issue.Severity.MAJOR, department=org.market,
              stage=Issue.Stage.RECTIFICATION, discovered_on=DAY - datetime.timedelta(days=20), deadline=DAY,
              created_by=users["staff"])
        for n in range(1, 131)
    ]
    return {issue.pk for issue in Issue.objects.bulk_create(rows)}


@pytest.mark.parametrize("sort", ["deadline", "-deadline", "stage", "severity", "-department", "source"])
def test_the_ledger_pages_through_equal_values_showing_each_line_once(client, equal_issues, sort):
    client.login(username="staff", password=PASSWORD)
    shown = pages(client, reverse("issues:issue_list"), {"sort": sort}, count=6)
    assert len(shown) == len(set(shown)) == 130 and set(shown) == equal_issues


def test_the_roster_pages_through_one_level_showing_each_person_once(client, org, users):
    people = Official.objects.bulk_create([
        Official(name="同名干部", department=org.police, level=Official.Level.SECTION_CHIEF, phone=f"1390000{n:04d}")
        for n in range(120)
    ])
    client.login(username="staff", password=PASSWORD)
    total = Official.objects.count()
    shown = pages(client, reverse("roster:list"), {"sort": "level"}, count=(total + 49) // 50)
    assert len(shown) == len(set(shown)) == total and {p.pk for p in people} <= set(shown)


def test_the_walkthrough_list_pages_through_one_mode_showing_each_session_once(client, org, users):
    walker = users["walker"].official
    moment = timezone.now() - datetime.timedelta(days=1)
    sessions = [WalkthroughFactory(department=org.market, lead=walker, created_by=users["staff"], occurred_at=moment)
                for _ in range(60)]
    client.login(username="staff", password=PASSWORD)
    shown = pages(client, reverse("campaigns:walkthrough_list"), {"sort": "occurred_at"}, count=3)
    assert len(shown) == len(set(shown)) == 60 and set(shown) == {s.pk for s in sessions}


@pytest.mark.parametrize("url", ["issues:issue_list", "campaigns:walkthrough_list", "roster:list"])
def test_a_page_size_typed_into_the_address_stays_within_bounds(client, users, url):
    """?per_page=-5 made a server error; ?per_page=100000 would put a province's ledger on one page."""
    from campaigns.counting import DEFAULT_PER_PAGE, MAX_PER_PAGE

    client.login(username="staff", password=PASSWORD)
    for asked, given in (("-5", DEFAULT_PER_PAGE), ("0", DEFAULT_PER_PAGE), ("100000", MAX_PER_PAGE), ("7", 7)):
        response = client.get(f"{reverse(url)}?per_page={asked}")
        assert response.status_code == 200, asked
        assert response.context["table"].paginator.per_page == given
