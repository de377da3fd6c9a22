"""The thin slice through the web: log a walkthrough with a finding, move it one stage, export the ledger."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaigns.models import WalkthroughSession
from issues.models import Issue
from tests.factories import PASSWORD, CampaignFactory, ServiceItemFactory, make_issue

pytestmark = pytest.mark.django_db


def walkthrough_post(campaign, org, lead, item, **overrides):
    occurred = timezone.localtime() - datetime.timedelta(hours=2)
    data = {
        "campaign": campaign.pk,
        "mode": "reverse",
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
        "department": org.market.pk,
        "service_items": [item.pk],
        "lead": lead.pk,
        "channel": "offline",
        "scope": "own_unit",
        "guide_matches_practice": "unknown",
        "complaint_source": "hotline_12345",
        "complaint_reference": "12345-2026-01234",
        "complaint_text": "办营业执照跑了三趟",
        "blocking_point": "名称核准与设立登记分两个窗口",
        "findings-TOTAL_FORMS": "1",
        "findings-INITIAL_FORMS": "0",
        "findings-0-title": "设立登记需跑两个窗口",
        "findings-0-category": "trips",
        "findings-0-severity": "major",
        "submit": "1",
    }
    data.update(overrides)
    return data


def test_logging_a_walkthrough_puts_its_finding_in_the_ledger_at_experience(client, org, users):
    campaign, item = CampaignFactory(), ServiceItemFactory(department=org.market)
    client.login(username="walker", password=PASSWORD)
    response = client.post(
        reverse("campaigns:walkthrough_create"), walkthrough_post(campaign, org, users["walker"].official, item)
    )
    session = WalkthroughSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    issue = session.issues.get()
    assert (issue.title, issue.stage, issue.source, issue.service_item) == (
        "设立登记需跑两个窗口",
        Issue.Stage.EXPERIENCE,
        Issue.Source.WALKTHROUGH,
        item,
    )
    page = client.get(session.get_absolute_url()).content.decode()
    assert issue.number in page and "体验发现" in page


def test_a_reverse_walkthrough_without_its_reference_is_refused_next_to_the_field(client, org, users):
    campaign, item = CampaignFactory(), ServiceItemFactory(department=org.market)
    client.login(username="walker", password=PASSWORD)
    data = walkthrough_post(campaign, org, users["walker"].official, item, complaint_reference="")
    response = client.post(reverse("campaigns:walkthrough_create"), data)
    assert response.status_code == 200
    assert "倒推走流程须填写此项" in response.content.decode()
    assert not WalkthroughSession.objects.exists() and not Issue.objects.exists()


def test_a_walkthrough_dated_outside_the_campaign_is_refused(client, org, users):
    today = timezone.localdate()
    campaign = CampaignFactory(starts_on=today, ends_on=today + datetime.timedelta(days=30))
    item = ServiceItemFactory(department=org.market)
    client.login(username="walker", password=PASSWORD)
    yesterday = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = walkthrough_post(campaign, org, users["walker"].official, item, occurred_at=yesterday)
    response = client.post(reverse("campaigns:walkthrough_create"), data)
    assert "不在活动期间" in response.content.decode()
    assert not WalkthroughSession.objects.exists()


def test_staff_hand_off_from_the_issue_page_and_the_timeline_shows_it(client, org, users):
    client.login(username="walker", password=PASSWORD)
    client.post(
        reverse("campaigns:walkthrough_create"),
        walkthrough_post(CampaignFactory(), org, users["walker"].official, ServiceItemFactory(department=org.market)),
    )
    issue = Issue.objects.get()
    client.login(username="staff", password=PASSWORD)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("issues:issue_step", args=[issue.pk, "hand_off"]),
        {"hand_off-department": org.market.pk, "hand_off-deadline": deadline.isoformat(), "hand_off-note": "请整改"},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.FEEDBACK and issue.deadline == deadline
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "体验发现 → 反馈交办" in page and "请整改" in page


def test_a_step_the_user_may_not_take_is_refused_with_a_message(client, org, users):
    client.login(username="walker", password=PASSWORD)
    client.post(
        reverse("campaigns:walkthrough_create"),
        walkthrough_post(CampaignFactory(), org, users["walker"].official, ServiceItemFactory(department=org.market)),
    )
    issue = Issue.objects.get()
    response = client.post(
        reverse("issues:issue_step", args=[issue.pk, "hand_off"]),
        {"hand_off-department": org.market.pk, "hand_off-deadline": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400 and "没有权限" in response.content.decode()
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.EXPERIENCE


def test_the_ledger_downloads_as_xlsx_with_a_chinese_file_name(client, org, users):
    client.login(username="walker", password=PASSWORD)
    client.post(
        reverse("campaigns:walkthrough_create"),
        walkthrough_post(
            CampaignFactory(), org, users["walker"].official, ServiceItemFactory(name="企业开办", department=org.market)
        ),
    )
    issue = Issue.objects.get()
    client.login(username="staff", password=PASSWORD)
    response = client.get(reverse("reports:ledger_export"))
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "走流程问题整改台账"
    header = [cell.value for cell in sheet[3]]
    assert header[:6] == ["序号", "台账编号", "所属活动", "类型", "问题来源", "走流程方式"] and header[-1] == "备注"
    row = [cell.value for cell in sheet[4]]
    assert [row[1], *row[3:7]] == [issue.number, "问题", "走流程", "倒推走流程", "企业开办"]
    assert row[7].date() == issue.discovered_on  # a real Excel date, not text
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3")


@pytest.mark.parametrize("username", ["staff", "leader", "liaison", "walker"])
@pytest.mark.parametrize("url_name", ["home", "campaigns:walkthrough_list", "issues:issue_list"])
def test_every_role_opens_the_main_pages(client, users, username, url_name):
    make_issue(by=users["staff"], department=users["liaison"].official.department, title="取号机故障")
    client.login(username=username, password=PASSWORD)
    response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_the_issue_list_shows_the_issue_to_the_responsible_liaison(client, users):
    issue = make_issue(by=users["staff"], department=users["liaison"].official.department, title="取号机故障")
    client.login(username="liaison", password=PASSWORD)
    page = client.get(reverse("issues:issue_list")).content.decode()
    assert issue.number in page and "取号机故障" in page


def test_only_staff_and_participants_may_open_the_walkthrough_form(client, users):
    for username, status in [("staff", 200), ("walker", 200), ("leader", 403), ("liaison", 403)]:
        client.login(username=username, password=PASSWORD)
        assert client.get(reverse("campaigns:walkthrough_create")).status_code == status, username


def test_the_issue_page_links_to_its_print_view_and_the_walkthrough_list_to_its_export(client, users):
    issue = make_issue(by=users["staff"], department=users["liaison"].official.department)
    client.login(username="staff", password=PASSWORD)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert reverse("reports:issue_print", args=[issue.pk]) in page
    assert client.get(reverse("reports:issue_print", args=[issue.pk])).status_code == 200
    listing = client.get(reverse("campaigns:walkthrough_list"), {"mode": "reverse"}).content.decode()
    assert f'{reverse("reports:walkthrough_export")}?mode=reverse' in listing


def test_a_refused_page_explains_itself_in_chinese_with_a_way_home(client, users):
    client.login(username="leader", password=PASSWORD)
    response = client.get(reverse("campaigns:walkthrough_create"))
    page = response.content.decode()
    assert response.status_code == 403 and "您没有权限" in page and reverse("home") in page


def test_a_missing_or_out_of_scope_record_says_so(client, users):
    issue = make_issue(by=users["staff"], department=users["other_liaison"].official.department)
    client.login(username="liaison", password=PASSWORD)
    response = client.get(issue.get_absolute_url())
    assert response.status_code == 404 and "不在您的查看范围内" in response.content.decode()
