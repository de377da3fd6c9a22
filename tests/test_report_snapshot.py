"""The dashboard and the briefing keep their figures in the cache (reports.snapshot): a kept page is the page counting
afresh gives, until a committed change; each reader gets only his own scope's figures in his own language; after a
change, figures a few seconds old may be shown, labelled with their time, while a Celery task counts them again.

These tests turn the cache on (the test settings count on every view) and commit their writes, as production does,
so that the data version moves on."""

import re
import uuid
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Jurisdiction
from campaigns.roles import Role
from issues.models import Issue
from reports import services, tasks
from tests.factories import PASSWORD, CampaignFactory, make_issue
from tests.reports_scenario import build_scenario
from tests.test_export import body, download
from tests.test_redis_down import redis_stopped  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    """The cache on, under a prefix of this test's own: a rolled-back test's ids come back (SQLite), and so would
    the figures another test kept for a user with the same id."""
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "KEY_PREFIX": uuid.uuid4().hex}}
    settings.REPORT_CACHE_SECONDS = 600
    settings.REPORT_STALE_SECONDS = 0
    return settings


@pytest.fixture
def campaign(db):
    return CampaignFactory()


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def dashboard(client, campaign, **extra):
    return client.get(f"{reverse('reports:dashboard')}?campaign={campaign.pk}", **extra)


def found(response) -> int:
    return int(re.search(r'data-figure="found">.*?figure-value">(\d+)<', response.content.decode(), re.S)[1])


def issue_queries(queries) -> int:
    return sum('"issues_issue"' in q["sql"] for q in queries)


def test_a_kept_dashboard_is_the_page_counting_gives_and_reads_no_ledger(kept, client, org, users, settings):
    scenario = build_scenario(org, users)
    login(client, users["leader"])
    url = f"{reverse('reports:dashboard')}?campaign={scenario.a.pk}"
    settings.REPORT_CACHE_SECONDS = 0
    counted = client.get(url).context["figures_html"]
    settings.REPORT_CACHE_SECONDS = 600
    assert client.get(url).context["figures_html"] == counted  # counted, then kept
    with CaptureQueriesContext(connection) as captured:
        kept_page = client.get(url)
    assert kept_page.context["figures_html"] == counted
    assert issue_queries(captured.captured_queries) == 0, "a kept dashboard counted the ledger again"
    assert 'data-testid="report-stale"' not in kept_page.content.decode()


def test_kept_figures_are_counted_again_once_a_change_is_committed(
    kept, client, users, campaign, django_capture_on_commit_callbacks,
):
    make_issue(by=users["staff"], campaign=campaign)
    login(client, users["staff"])
    assert found(dashboard(client, campaign)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        make_issue(by=users["staff"], campaign=campaign, title="新登记的问题")
    assert found(dashboard(client, campaign)) == 2
    briefing = client.get(f"{reverse('reports:briefing')}?campaign={campaign.pk}")
    assert briefing.context["figures"].found == 2


def test_a_change_of_roles_is_never_answered_with_the_old_scope(kept, client, org, users, campaign):
    """Group membership does not move the data version: the kept figures are keyed by the reader's scope too."""
    make_issue(by=users["staff"], campaign=campaign, department=org.market, stage=Issue.Stage.FEEDBACK)
    make_issue(by=users["staff"], campaign=campaign, department=org.police, stage=Issue.Stage.FEEDBACK)
    reader = users["leader"]
    login(client, reader)
    assert found(dashboard(client, campaign)) == 2
    # the leader becomes the market bureau's liaison: his own department only (an update sends no signal either)
    reader.groups.set([Group.objects.get(name=Role.DEPT_LIAISON)])
    assert Jurisdiction.objects.filter(user=reader).update(unit=org.market) == 1
    assert found(dashboard(client, campaign)) == 1


def test_each_reader_gets_his_own_scope(kept, client, org, users, campaign):
    make_issue(by=users["staff"], campaign=campaign, department=org.market, stage=Issue.Stage.FEEDBACK)
    make_issue(by=users["staff"], campaign=campaign, department=org.police, stage=Issue.Stage.FEEDBACK)
    assert found(dashboard(login(client, users["staff"]), campaign)) == 2
    assert found(dashboard(login(client, users["liaison"]), campaign)) == 1
    assert found(dashboard(login(client, users["other_liaison"]), campaign)) == 1
    assert found(dashboard(login(client, users["staff"]), campaign)) == 2


def test_the_labels_are_in_the_readers_language(kept, client, users, campaign):
    make_issue(by=users["staff"], campaign=campaign)  # not handed off yet: the by-department table says so
    login(client, users["staff"])
    chinese = dashboard(client, campaign).content.decode()
    assert "未交办(暂无责任单位)" in chinese
    english = dashboard(client, campaign, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not handed off (no responsible department yet)" in english
    assert "未交办(暂无责任单位)" not in english


def test_a_stale_dashboard_says_so_and_is_refreshed_by_the_task(
    kept, client, users, campaign, django_capture_on_commit_callbacks,
):
    kept.REPORT_STALE_SECONDS = 60
    make_issue(by=users["staff"], campaign=campaign)
    login(client, users["leader"])
    first = dashboard(client, campaign)
    assert found(first) == 1 and 'data-testid="report-stale"' not in first.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_issue(by=users["staff"], campaign=campaign, title="刚登记的问题")

    with mock.patch("reports.services.enqueue", return_value=True) as enqueue, \
            django_capture_on_commit_callbacks(execute=True):
        stale = dashboard(client, campaign)
        again = dashboard(client, campaign)  # the recount is queued once, however many views ask
    assert found(stale) == found(again) == 1
    counted_at = stale.context["snapshot"].as_of_time.strftime("%Y-%m-%d %H:%M:%S")
    notice = re.search(r'data-testid="report-stale">([^<]*)<', stale.content.decode())[1]
    assert f"数据截至 {counted_at}" in notice and "正在重新统计" in notice
    assert enqueue.call_count == 1
    task, *arguments = enqueue.call_args.args
    assert task is tasks.refresh_report

    task(*arguments)  # what the Celery worker runs
    fresh = dashboard(client, campaign)
    assert found(fresh) == 2
    assert 'data-testid="report-stale"' not in fresh.content.decode()


def test_figures_older_than_the_stale_limit_are_counted_in_the_request(
    kept, client, users, campaign, django_capture_on_commit_callbacks,
):
    kept.REPORT_STALE_SECONDS = 60
    make_issue(by=users["staff"], campaign=campaign)
    login(client, users["leader"])
    assert found(dashboard(client, campaign)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        make_issue(by=users["staff"], campaign=campaign, title="刚登记的问题")
    kept.REPORT_STALE_SECONDS = 0
    assert found(dashboard(client, campaign)) == 2


def test_the_downloads_never_print_stale_figures(kept, client, users, campaign, django_capture_on_commit_callbacks):
    kept.REPORT_STALE_SECONDS = 60
    make_issue(by=users["staff"], campaign=campaign)
    login(client, users["leader"])
    assert found(dashboard(client, campaign)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        make_issue(by=users["staff"], campaign=campaign, title="刚登记的问题")
    with mock.patch("reports.services.enqueue", return_value=True) as enqueue:
        _, workbook = download(client, reverse("reports:dashboard_export"), {"campaign": campaign.pk})
    headline = {row[0]: row[1] for row in body(workbook["总体情况"])}
    assert headline["发现问题和意见建议(个)"] == 2
    assert not enqueue.called


def test_a_refresh_for_a_user_gone_inactive_counts_nothing(kept, users, campaign):
    reader = users["leader"]
    reader.is_active = False
    reader.save()
    assert services.report_refresh(user_id=reader.pk, query=f"campaign={campaign.pk}", language="zh-hans") is None


def test_with_the_cache_unreachable_the_figures_are_counted(redis_stopped, kept, client, users, campaign):  # noqa: F811
    make_issue(by=users["staff"], campaign=campaign)
    login(client, users["staff"])
    assert found(dashboard(client, campaign)) == 1
    make_issue(by=users["staff"], campaign=campaign, title="又一条")
    assert found(dashboard(client, campaign)) == 2
