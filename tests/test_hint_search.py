"""The similar-issue hints' search table (migration issues.0016) stays in step with the ledger whatever writes it,
and a walker's hints read from it keep his scope: his own lines with a link, his campaign's departments of his
county without one, nothing else."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from campaigns.models import Department
from issues.duplicates import issue_merge
from issues.models import Issue
from issues.similarity import hint_scope_q, similar_issues
from tests.conftest import require_postgresql
from tests.factories import CampaignFactory, ServiceItemFactory, make_issue

pytestmark = pytest.mark.django_db
OPEN = None  # an open line's hint date is 'infinity': read back as None here (Python has no such date)


@pytest.fixture
def postgresql():
    require_postgresql()


def search_row(issue):
    """What the hints search holds for this line: (title, department, service item, region, hint date), or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, department_id, service_item_id, region_id, NULLIF(hint_date, 'infinity') "
                       "FROM issues_hintline WHERE issue_id = %s", [issue.pk])
        return cursor.fetchone()


def test_a_new_line_is_searchable_at_once_with_its_county(postgresql, org, users):
    item = ServiceItemFactory(name="食品经营许可", department=org.market)
    issue = make_issue(by=users["staff"], department=org.market_unit, title="取号机经常故障", service_item=item)
    assert search_row(issue) == ("取号机经常故障", org.market_unit.pk, item.pk, org.county.pk, OPEN)


def test_an_edited_closed_or_reopened_line_is_searched_as_it_now_is(postgresql, org, users):
    issue = make_issue(by=users["staff"], department=org.market, title="取号机经常故障")
    issue.title, issue.department = "取号机故障没人修", org.police
    issue.save()
    assert search_row(issue)[:2] == ("取号机故障没人修", org.police.pk)
    found_on = timezone.localdate() - datetime.timedelta(days=30)
    Issue.objects.filter(pk=issue.pk).update(stage=Issue.Stage.CLOSED, discovered_on=found_on)
    assert search_row(issue)[4] == found_on  # recent while found within RECENT_DAYS, then no longer
    Issue.objects.filter(pk=issue.pk).update(stage=Issue.Stage.RECTIFICATION)
    assert search_row(issue)[4] == OPEN


def test_a_merged_or_deleted_line_leaves_the_search(postgresql, org, users):
    staff = users["staff"]
    kept = make_issue(by=staff, department=org.market, title="取号机经常故障", stage=Issue.Stage.FEEDBACK)
    duplicate = make_issue(by=staff, department=org.market, title="取号机经常故障打不出票", stage=Issue.Stage.FEEDBACK)
    issue_merge(duplicate=duplicate, into=kept, by=staff)
    assert search_row(duplicate) is None and search_row(kept) is not None
    gone = make_issue(by=staff, department=org.market, title="停车场太小")
    gone.delete()
    assert search_row(gone) is None


def test_a_department_moved_to_another_county_takes_its_lines_there(postgresql, org, users):
    issue = make_issue(by=users["staff"], department=org.police, title="取号机经常故障")
    other = Department.objects.add_root(dict(code="D", name="白溪县", kind=Department.Kind.COUNTY))
    Department.objects.move(org.police, other, pos="sorted-child")
    assert search_row(issue)[3] == other.pk


@pytest.mark.django_db(transaction=True)
def test_emptying_the_ledger_empties_the_search(postgresql, org, users):
    make_issue(by=users["staff"], department=org.market, title="取号机经常故障")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE issues_issue CASCADE")
        cursor.execute("SELECT count(*) FROM issues_hintline")
        assert cursor.fetchone()[0] == 0


def test_a_walker_is_hinted_his_own_lines_with_a_link_and_his_campaigns_without(org, users):
    """His own line, not yet handed to any department, is his to open; the line of the department his campaign
    sends him to is only shown; another department's line is not hinted at all."""
    walker, staff = users["walker"], users["staff"]
    CampaignFactory().departments.set([org.market])
    own = make_issue(by=walker, title="取号机经常故障没人管")
    market = make_issue(by=staff, department=org.market, title="取号机经常故障")
    police = make_issue(by=staff, department=org.police, title="取号机经常故障打不出票")
    found = similar_issues(user=walker, text="取号机经常故障")
    assert set(found) == {own, market} and police not in found
    assert {issue.pk: issue.readable for issue in found} == {own.pk: True, market.pk: False}
    assert Issue.objects.filter(hint_scope_q(walker), pk__in=[issue.pk for issue in found]).count() == 2


def test_a_walker_is_hinted_a_recently_closed_line_only_of_his_hall(org, users):
    walker, staff = users["walker"], users["staff"]
    CampaignFactory().departments.set([org.market])
    closed = make_issue(by=staff, department=org.market, title="自助终端无法打印结果", stage=Issue.Stage.CLOSED)
    old = make_issue(by=staff, department=org.market, title="自助终端无法打印结果了", stage=Issue.Stage.CLOSED)
    Issue.objects.filter(pk=old.pk).update(discovered_on=timezone.localdate() - datetime.timedelta(days=400))
    assert similar_issues(user=walker, text="自助终端无法打印结果") == []
    assert similar_issues(user=walker, text="自助终端无法打印结果", department_id=org.market.pk) == [closed]
