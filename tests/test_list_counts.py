"""The ledger's total ("共N条" and its page links) is exact after every committed change, and is not counted again
over a million lines while nothing has changed (campaigns.counting)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues import services
from tests.factories import PASSWORD, make_issue
from tests.test_redis_down import redis_stopped  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


def ledger_total(client, query="") -> int:
    page = client.get(reverse("issues:issue_list") + query).content.decode()
    return int(re.search(r'id="ledger-total">共(\d+)条', page)[1])


def issue_counts(queries) -> int:
    return sum('COUNT(*)' in q["sql"] and '"issues_issue"' in q["sql"].split("WHERE")[0] for q in queries)


@pytest.fixture
def staff_client(client, users):
    client.login(username=users["staff"].username, password=PASSWORD)
    return client


def test_the_total_is_counted_once_until_something_changes(staff_client, users, django_capture_on_commit_callbacks):
    for n in range(3):
        make_issue(by=users["staff"], title=f"叫号机故障{n}")
    assert ledger_total(staff_client) == 3
    with CaptureQueriesContext(connection) as captured:
        assert ledger_total(staff_client) == 3
    assert issue_counts(captured.captured_queries) == 0, "an unchanged ledger was counted again"

    with django_capture_on_commit_callbacks(execute=True):
        make_issue(by=users["staff"], title="新登记的问题")
    with CaptureQueriesContext(connection) as captured:
        assert ledger_total(staff_client) == 4
    assert issue_counts(captured.captured_queries) == 1


def test_a_filtered_total_follows_a_stage_change(staff_client, users, org, django_capture_on_commit_callbacks):
    issues = [make_issue(by=users["staff"], title=f"材料重复提交{n}") for n in range(2)]
    assert ledger_total(staff_client, "?stage=feedback") == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_bulk_hand_off(issues=[issues[0]], by=users["staff"], department=org.market)
    assert ledger_total(staff_client, "?stage=feedback") == 1
    assert ledger_total(staff_client, "?stage=experience") == 1


def test_each_scope_has_its_own_total(client, users, org):
    make_issue(by=users["staff"], department=org.market, stage="feedback")
    make_issue(by=users["staff"], department=org.police, stage="feedback")
    client.login(username=users["staff"].username, password=PASSWORD)
    assert ledger_total(client) == 2
    client.login(username=users["liaison"].username, password=PASSWORD)
    assert ledger_total(client) == 1


def test_with_the_cache_unreachable_the_rows_are_counted(redis_stopped, staff_client, users):  # noqa: F811
    make_issue(by=users["staff"])
    assert ledger_total(staff_client) == 1


def test_a_page_shows_every_line_even_behind_an_old_total(staff_client, users):
    """Rows written without model signals (the reminder scan's bulk inserts) call rows_changed(); were one missed,
    the page still lists every line: it is cut by the page size, never by the cached total."""
    from campaigns.counting import bump_version

    make_issue(by=users["staff"], title="第一条")
    assert ledger_total(staff_client) == 1
    second = make_issue(by=users["staff"], title="第二条")  # inside this test's transaction: no commit, no bump
    page = staff_client.get(reverse("issues:issue_list")).content.decode()
    assert "第二条" in page and "第一条" in page
    assert second.number in page
    bump_version()
    assert ledger_total(staff_client) == 2


def test_rows_changed_moves_the_version_on_commit(django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from campaigns.counting import VERSION_KEY, rows_changed

    before = cache.get(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        rows_changed()
    assert cache.get(VERSION_KEY) == before + 1
