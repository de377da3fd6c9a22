"""Others found this too: similar-issue hints while a finding is typed, "me too" sightings, staff merging two
issues, sightings counted on the dashboard and sortable in the ledger."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import WalkthroughSession
from issues import workflow
from issues.duplicates import issue_merge, sighting_record
from issues.models import Issue, IssueEvent, IssueSighting
from issues.similarity import similar_issues
from reports.filters import ReportFilters
from reports.selectors import dashboard_figures
from tests.factories import PASSWORD, CampaignFactory, ServiceItemFactory, WalkthroughFactory, make_issue
from tests.walkthrough_posts import walkthrough_post

pytestmark = pytest.mark.django_db
SIMILAR = reverse("issues:similar")


@pytest.fixture
def ledger(org, users):
    staff = users["staff"]
    item = ServiceItemFactory(name="食品经营许可", department=org.market)
    return {
        "item": item,
        "queue": make_issue(by=staff, department=org.market, title="取号机经常故障"),
        "queue_item": make_issue(by=staff, department=org.police, title="取号机故障没人修", service_item=item),
        "parking": make_issue(by=staff, department=org.market, title="停车场太小"),
        "police": make_issue(by=staff, department=org.police, title="取号机经常故障打不出票"),
    }


def titles(issues):
    return [issue.title for issue in issues]


def test_hints_put_the_same_service_item_first_then_the_most_alike(ledger, users):
    found = similar_issues(user=users["staff"], text="取号机经常故障", service_item_id=ledger["item"].pk)
    assert titles(found)[0] == "取号机故障没人修"
    assert "停车场太小" not in titles(found)
    assert set(titles(found)) == {"取号机故障没人修", "取号机经常故障", "取号机经常故障打不出票"}
    found = similar_issues(user=users["staff"], text="取号机经常故障")
    assert titles(found)[0] == "取号机经常故障"


def test_hints_are_at_most_five_and_never_closed_old_or_merged_issues(org, users):
    staff = users["staff"]
    for n in range(7):
        make_issue(by=staff, department=org.market, title=f"窗口排队时间太长{n}")
    old = make_issue(by=staff, department=org.market, title="窗口排队时间太长了", stage=Issue.Stage.CLOSED)
    Issue.objects.filter(pk=old.pk).update(discovered_on=timezone.localdate() - datetime.timedelta(days=400))
    found = similar_issues(user=staff, text="窗口排队时间太长")
    assert len(found) == 5 and old not in found


def test_a_liaison_is_hinted_only_his_departments_issues(client, ledger, users):
    client.login(username="liaison", password=PASSWORD)
    reply = client.get(SIMILAR, {"text": "取号机经常故障"}).json()
    assert {hint["title"] for hint in reply["issues"]} == {"取号机经常故障"}
    assert reply["issues"][0]["number"] == ledger["queue"].number


def test_a_walker_is_hinted_the_issues_of_the_departments_his_campaign_sends_him_to(client, ledger, users, org):
    campaign = CampaignFactory()
    campaign.departments.set([org.market])
    client.login(username="walker", password=PASSWORD)
    hints = client.get(SIMILAR, {"text": "取号机经常故障"}).json()["issues"]
    assert {hint["title"] for hint in hints} == {"取号机经常故障"}  # market only: police is outside the campaign
    assert hints[0]["url"] == ""  # shown as a hint, but not his to open


def test_me_too_on_a_submitted_walkthrough_counts_a_sighting_not_a_new_issue(client, ledger, users, org):
    campaign = CampaignFactory()
    campaign.departments.set([org.market])
    client.login(username="walker", password=PASSWORD)
    before = Issue.objects.count()
    data = walkthrough_post(campaign=campaign, department=org.market, lead=users["walker"].official,
                            findings=["取号机又坏了", "大厅没有饮水机"], **{"findings-0-same_as": ledger["queue"].pk})
    assert client.post(reverse("campaigns:walkthrough_create"), data).status_code == 302
    session = WalkthroughSession.objects.get()
    assert Issue.objects.count() == before + 1 and Issue.objects.filter(title="大厅没有饮水机").exists()
    sighting = IssueSighting.objects.get()
    assert (sighting.issue, sighting.walkthrough, sighting.reported_by) == (ledger["queue"], session, users["walker"])
    page = client.get(session.get_absolute_url()).content.decode()
    assert "me-too-line" in page and ledger["queue"].number in page


@pytest.mark.parametrize(("new", "me_too", "said"), [
    (1, 1, "走流程记录已提交,登记问题1个,另有1个“我也遇到”(记入已有问题)"),
    (0, 2, "走流程记录已提交,登记问题0个,另有2个“我也遇到”(记入已有问题)"),
    (2, 0, "走流程记录已提交,登记问题2个"),
])
def test_the_submitted_message_counts_the_me_too_findings_beside_the_new_issues(
    client, ledger, users, org, new, me_too, said
):
    campaign = CampaignFactory()
    campaign.departments.set([org.market])
    client.login(username="walker", password=PASSWORD)
    findings = [f"发现{n}" for n in range(new + me_too)]
    targets = [ledger["queue"], ledger["parking"]]
    same_as = {f"findings-{n}-same_as": targets[n].pk for n in range(me_too)}
    data = walkthrough_post(campaign=campaign, department=org.market, lead=users["walker"].official,
                            findings=findings, **same_as)
    page = client.post(reverse("campaigns:walkthrough_create"), data, follow=True).content.decode()
    assert said in page


def test_a_draft_keeps_the_me_too_until_it_is_submitted(client, ledger, users, org):
    campaign = CampaignFactory()
    client.login(username="walker", password=PASSWORD)
    data = walkthrough_post(campaign=campaign, department=org.market, lead=users["walker"].official, draft=True,
                            findings=["取号机又坏了"], **{"findings-0-same_as": ledger["queue"].pk})
    client.post(reverse("campaigns:walkthrough_create"), data)
    session = WalkthroughSession.objects.get()
    assert session.draft_findings[0]["same_as"] == ledger["queue"].pk and not IssueSighting.objects.exists()
    edit = client.get(reverse("campaigns:walkthrough_edit", args=[session.pk])).content.decode()
    assert f'value="{ledger["queue"].pk}"' in edit and "me-too-chosen" in edit


def test_me_too_on_an_issue_the_walker_may_not_be_shown_is_refused(client, ledger, users, org):
    campaign = CampaignFactory()
    campaign.departments.set([org.market])
    client.login(username="walker", password=PASSWORD)
    data = walkthrough_post(campaign=campaign, department=org.market, lead=users["walker"].official,
                            findings=["取号机又坏了"], **{"findings-0-same_as": ledger["police"].pk})
    response = client.post(reverse("campaigns:walkthrough_create"), data)
    assert response.status_code == 200 and "无权查看" in response.content.decode()
    assert not WalkthroughSession.objects.exists() and not IssueSighting.objects.exists()


def test_one_walkthrough_counts_once_per_issue(ledger, users, org):
    session = WalkthroughFactory(department=org.market, lead=users["walker"].official, created_by=users["staff"])
    first = sighting_record(issue_pk=ledger["queue"].pk, by=users["staff"], walkthrough=session)
    again = sighting_record(issue_pk=ledger["queue"].pk, by=users["staff"], walkthrough=session)
    assert first == again and IssueSighting.objects.count() == 1


def test_staff_merge_closes_the_duplicate_keeps_its_events_and_moves_its_sightings(ledger, users, org):
    staff = users["staff"]
    dup, kept = ledger["police"], ledger["queue"]
    session = WalkthroughFactory(department=org.market, lead=users["walker"].official, created_by=staff)
    sighting_record(issue_pk=dup.pk, by=staff, walkthrough=session)
    events_before = list(dup.events.values_list("pk", flat=True))
    issue_merge(duplicate=dup, into=kept, by=staff, note="同一台取号机")
    dup.refresh_from_db()
    assert dup.stage == Issue.Stage.CLOSED and dup.duplicate_of == kept
    last = dup.events.last()
    assert (last.from_stage, last.to_stage, last.actor) == ("experience", "closed", staff)
    assert kept.number in last.note and "同一台取号机" in last.note
    assert set(events_before) < set(dup.events.values_list("pk", flat=True))
    assert list(kept.sightings.values_list("walkthrough", flat=True)) == [session.pk]
    # Further "me too" on the merged number lands on the kept issue.
    assert sighting_record(issue_pk=dup.pk, by=staff).issue == kept


@pytest.mark.parametrize("who, into, message", [
    ("leader", "queue", "只有中心工作人员"),
    ("staff", "police", "合并到它自己"),
    ("staff", "closed", "已销号的问题"),
])
def test_a_merge_that_may_not_happen_is_refused_and_changes_nothing(ledger, users, org, who, into, message):
    ledger["closed"] = make_issue(by=users["staff"], department=org.police, title="已修好", stage=Issue.Stage.CLOSED)
    dup = ledger["police"]
    with pytest.raises(workflow.TransitionRefused, match=message):
        issue_merge(duplicate=dup, into=ledger[into], by=users[who])
    dup.refresh_from_db()
    assert dup.stage == Issue.Stage.EXPERIENCE and dup.duplicate_of is None
    assert not IssueEvent.objects.filter(issue=dup, to_stage="closed").exists()


def test_merge_from_the_issue_page_and_both_numbers_find_the_kept_issue(client, ledger, users):
    dup, kept = ledger["police"], ledger["queue"]
    client.login(username="staff", password=PASSWORD)
    page = client.get(dup.get_absolute_url()).content.decode()
    assert 'id="merge-form"' in page
    response = client.post(reverse("issues:merge", args=[dup.pk]), {"into": kept.number, "note": ""})
    assert response.status_code == 302 and response["Location"] == kept.get_absolute_url()
    ledger_page = client.get(reverse("issues:issue_list"), {"q": dup.number}).content.decode()
    assert f">{kept.number}<" in ledger_page and f">{dup.number}<" in ledger_page
    assert 'data-testid="merged-duplicate"' in client.get(kept.get_absolute_url()).content.decode()
    assert 'data-testid="merged-into"' in client.get(dup.get_absolute_url()).content.decode()


def test_a_liaison_sees_no_merge_form_and_cannot_post_one(client, ledger, users):
    client.login(username="liaison", password=PASSWORD)
    assert 'id="merge-form"' not in client.get(ledger["queue"].get_absolute_url()).content.decode()
    client.post(reverse("issues:merge", args=[ledger["queue"].pk]), {"into": ledger["parking"].number})
    assert Issue.objects.get(pk=ledger["queue"].pk).duplicate_of is None


def test_sightings_are_counted_on_the_dashboard_and_the_ledger_sorts_by_them(client, ledger, users, org):
    staff = users["staff"]
    for _ in range(2):
        session = WalkthroughFactory(department=org.market, lead=users["walker"].official, created_by=staff)
        sighting_record(issue_pk=ledger["parking"].pk, by=staff, walkthrough=session)
    session = WalkthroughFactory(department=org.market, lead=users["walker"].official, created_by=staff)
    sighting_record(issue_pk=ledger["queue"].pk, by=staff, walkthrough=session)
    assert dashboard_figures(user=users["leader"], filters=ReportFilters()).sightings == 3
    client.login(username="leader", password=PASSWORD)
    page = client.get(reverse("issues:issue_list"), {"sort": "-sighting_count"}).content.decode()
    rows = page.split('id="issue-table"')[1]
    order = [rows.index(ledger[name].number) for name in ("parking", "queue", "police")]
    assert order == sorted(order)
    assert "+2" in rows


def test_a_recently_closed_issue_is_hinted_only_about_the_same_item_or_department(org, users):
    """Across the whole ledger only open lines are hinted (at a province's million lines, searching closed ones
    too cost seconds); a line closed in the last half year still is when it is the walker's hall's or item's."""
    staff = users["staff"]
    closed = make_issue(by=staff, department=org.market, title="自助终端无法打印结果", stage=Issue.Stage.CLOSED)
    assert closed not in similar_issues(user=staff, text="自助终端无法打印结果")
    assert closed not in similar_issues(user=staff, text="自助终端无法打印结果", department_id=org.police.pk)
    assert similar_issues(user=staff, text="自助终端无法打印结果", department_id=org.market.pk) == [closed]
