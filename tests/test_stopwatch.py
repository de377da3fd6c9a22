"""The step stopwatch: steps stored as timestamps, waiting and total minutes derived from them (and changed only
with a reason), the timeline on the walkthrough page, the campaign's steps editable, medians on the dashboard."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, WalkthroughSession
from campaigns.process_steps import TimedStep, derived_minutes, steps_from_text, whole_minutes
from reports.filters import ReportFilters
from reports.selectors import report_sessions
from reports.timing import timing_rows
from tests.conftest import require_postgresql
from tests.factories import PASSWORD, CampaignFactory, ServiceItemFactory, WalkthroughFactory
from tests.walkthrough_posts import walkthrough_post

pytestmark = pytest.mark.django_db
NEW = reverse("campaigns:walkthrough_create")


def timed(start, *spans, waiting=("排队",)):
    """Steps one after another from `start`: spans are (name, minutes)."""
    steps, at = [], start
    for name, minutes in spans:
        end = at + datetime.timedelta(minutes=minutes)
        steps.append({"name": name, "waiting": name in waiting, "started_at": at.isoformat(),
                      "ended_at": end.isoformat()})
        at = end
    return steps


def test_minutes_are_derived_from_the_timestamps_of_the_steps():
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    steps = [TimedStep(s["name"], s["waiting"], datetime.datetime.fromisoformat(s["started_at"]),
                       datetime.datetime.fromisoformat(s["ended_at"]))
             for s in timed(start, ("取号", 2), ("排队", 25), ("受理", 10))]
    assert derived_minutes(steps) == (25, 37)
    assert derived_minutes([]) == (None, None)
    assert whole_minutes(29) == 1 and whole_minutes(89) == 1 and whole_minutes(90) == 2 and whole_minutes(0) == 0


def test_a_timed_walkthrough_stores_each_step_and_the_derived_minutes(client, org, users):
    campaign = CampaignFactory()
    client.login(username="walker", password=PASSWORD)
    start = timezone.now() - datetime.timedelta(hours=2)
    steps = timed(start, ("取号", 3), ("排队", 41), ("咨询", 5), ("受理", 12))
    data = walkthrough_post(campaign=campaign, department=org.market, lead=users["walker"].official,
                            step_times=json.dumps(steps, ensure_ascii=False))
    response = client.post(NEW, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = WalkthroughSession.objects.get()
    assert [(s.name, s.is_waiting, s.minutes) for s in session.steps.all()] == [
        ("取号", False, 3), ("排队", True, 41), ("咨询", False, 5), ("受理", False, 12)]
    assert (session.waiting_minutes, session.total_minutes) == (41, 61)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'id="step-timeline"' in page and "排队" in page and "41分钟" in page


def test_a_typed_minute_that_differs_from_the_stopwatch_needs_a_reason(client, org, users):
    campaign = CampaignFactory()
    client.login(username="walker", password=PASSWORD)
    steps = json.dumps(timed(timezone.now() - datetime.timedelta(hours=2), ("排队", 30), ("受理", 10)))
    base = dict(campaign=campaign, department=org.market, lead=users["walker"].official, step_times=steps)
    response = client.post(NEW, walkthrough_post(**base, waiting_minutes="20"))
    assert response.status_code == 200 and not WalkthroughSession.objects.exists()
    assert "计时结果为30分钟" in response.content.decode()
    response = client.post(NEW, walkthrough_post(**base, waiting_minutes="20", minutes_reason="取号后外出办事10分钟"))
    assert response.status_code == 302
    session = WalkthroughSession.objects.get()
    assert (session.waiting_minutes, session.total_minutes, session.minutes_reason) == (20, 40, "取号后外出办事10分钟")


@pytest.mark.parametrize("steps, message", [
    ("not json", "计时数据无法识别"),
    (json.dumps([{"name": "排队", "started_at": "2026-03-02T09:00:00"}]), "计时数据无法识别"),  # no offset
    (json.dumps([{"name": "排队", "started_at": "2026-03-02T09:30:00+08:00", "ended_at": "2026-03-02T09:00:00+08:00"}]),
     "结束时间早于开始时间"),
    (json.dumps([{"name": "取号", "started_at": "2026-03-02T09:00:00+08:00", "ended_at": "2026-03-02T09:30:00+08:00"},
                 {"name": "排队", "started_at": "2026-03-02T09:10:00+08:00", "ended_at": "2026-03-02T09:40:00+08:00"}]),
     "开始于上一环节结束之前"),
])
def test_step_times_that_cannot_be_true_are_refused_with_what_to_do(client, org, users, steps, message):
    client.login(username="walker", password=PASSWORD)
    data = walkthrough_post(campaign=CampaignFactory(), department=org.market, lead=users["walker"].official,
                            step_times=steps)
    response = client.post(NEW, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not WalkthroughSession.objects.exists()


def test_the_campaign_planner_edits_the_steps_and_marks_the_waiting_ones(client, users):
    campaign = CampaignFactory()
    assert [step["name"] for step in campaign.process_steps][:3] == ["取号", "排队", "咨询"]
    assert steps_from_text("取号\n 排队(等候) \n\n出证") == [
        {"name": "取号", "waiting": False}, {"name": "排队", "waiting": True}, {"name": "出证", "waiting": False}]
    client.login(username="staff", password=PASSWORD)
    page = client.get(reverse("campaign:edit", args=[campaign.pk])).content.decode()
    assert "排队(等候)" in page
    form = client.get(NEW).content.decode()
    data = form.split('id="campaign-steps" type="application/json">')[1].split("</script>")[0]
    assert {"name": "审批/等待", "waiting": True} in json.loads(data)[str(campaign.pk)]


def test_the_dashboard_gives_median_minutes_per_item_and_per_hall(org, users):
    campaign = CampaignFactory()
    item = ServiceItemFactory(name="食品经营许可", department=org.market)
    for waiting, total in ((10, 30), (20, 50), (60, 70), (None, None)):
        session = WalkthroughFactory(campaign=campaign, department=org.market, lead=users["walker"].official,
                                     created_by=users["walker"], waiting_minutes=waiting, total_minutes=total)
        session.service_items.set([item])
    WalkthroughFactory(campaign=campaign, department=org.police, lead=users["walker"].official,
                       created_by=users["walker"], waiting_minutes=5, total_minutes=15)
    rows = timing_rows(report_sessions(user=users["leader"], filters=ReportFilters()))
    assert [(r.label, r.walkthroughs, r.waiting_minutes, r.total_minutes) for r in rows["by_item"]] == [
        ("食品经营许可", 3, 20, 50)]
    assert [(r.label, r.walkthroughs, r.waiting_minutes, r.total_minutes) for r in rows["by_hall"]] == [
        ("县市场监管局", 3, 20, 50), ("县公安局", 1, 5, 15)]  # the slowest first


@pytest.mark.parametrize("kept_seconds", [0, 600], ids=["counted", "kept"])  # reports.snapshot off and on
def test_the_dashboard_lists_the_slowest_ten_and_links_to_all(client, org, users, settings, kept_seconds):
    settings.REPORT_CACHE_SECONDS = kept_seconds
    campaign = CampaignFactory()
    for n in range(12):
        item = ServiceItemFactory(name=f"事项{n:02d}", department=org.market)
        session = WalkthroughFactory(campaign=campaign, department=org.market, lead=users["walker"].official,
                                     created_by=users["walker"], waiting_minutes=n, total_minutes=10 + n)
        session.service_items.set([item])
    client.login(username=users["leader"].username, password=PASSWORD)
    page = client.get(reverse("reports:dashboard") + f"?campaign={campaign.pk}").content.decode()
    table = page.split('id="timing-by_item"')[1].split("</table>")[0]
    assert "事项11" in table and "事项02" in table and "事项01" not in table  # 21 … 12 minutes shown
    assert "共12项,列出办理总时长最长的10项" in page
    link = f"?campaign={campaign.pk}&amp;timing=all#timing"
    assert link in page
    everything = client.get(reverse("reports:dashboard") + f"?campaign={campaign.pk}&timing=all").content.decode()
    assert "事项00" in everything.split('id="timing-by_item"')[1].split("</table>")[0]


def test_the_median_of_an_even_count_is_interpolated_the_same_way_without_postgresql(org, users):
    from reports import timing

    require_postgresql()  # the other side of the comparison: percentile_cont, which SQLite lacks
    campaign = CampaignFactory()
    for waiting in (10, 25):
        WalkthroughFactory(campaign=campaign, department=org.market, lead=users["walker"].official,
                           created_by=users["walker"], waiting_minutes=waiting, total_minutes=waiting + 5)
    sessions = WalkthroughSession.objects.all()
    in_sql = timing._rows_in_sql(sessions, "department", "department__name")
    in_python = timing._rows_in_python(sessions, "department", "department__name")
    assert in_sql == in_python and in_sql[0].waiting_minutes == 17.5


def test_the_dashboard_interpolates_the_median_of_an_even_count_on_any_database(org, users):
    campaign = CampaignFactory()
    for waiting in (10, 25):
        WalkthroughFactory(campaign=campaign, department=org.market, lead=users["walker"].official,
                           created_by=users["walker"], waiting_minutes=waiting, total_minutes=waiting + 5)
    [hall] = timing_rows(report_sessions(user=users["leader"], filters=ReportFilters()))["by_hall"]
    assert (hall.walkthroughs, hall.waiting_minutes, hall.total_minutes) == (2, 17.5, 22.5)


def test_campaign_defaults_are_copied_not_shared():
    first, second = Campaign(), Campaign()
    first.process_steps[0]["name"] = "changed"
    assert second.process_steps[0]["name"] == "取号"
