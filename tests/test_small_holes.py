"""The smaller holes: masked phones in the roster export, a form without its edit version, double submits of create
forms, a walker naming another as lead, and the admin's history revert of an issue."""

from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaigns.models import Official, WalkthroughSession
from issues.models import Issue
from issues.selectors import issue_version
from issues.services import issue_transition, issue_update
from tests.factories import PASSWORD, CampaignFactory, OfficialFactory, make_issue, user_with_role
from tests.walkthrough_posts import walkthrough_post

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


# --- the roster's Excel export masks phones for the roles that see them masked ---------------------------------
@pytest.mark.parametrize(("who", "phone"), [("staff", "13900000001"), ("leader", "139****0001"),
                                            ("liaison", "139****0001")])
def test_the_roster_export_shows_phones_as_the_screen_does(client, org, users, who, phone):
    OfficialFactory(department=org.market, name="王股长", phone="13900000001")
    login(client, users[who])
    response = client.get(reverse("roster:export"))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content)))["名册"]
    phones = {row[0]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert phones["王股长"] == phone


# --- an edit without its version is a stale edit -----------------------------------------------------------------
def test_a_rectification_posted_without_its_version_is_refused_and_the_input_kept(client, org, users):
    issue = make_issue(by=users["staff"])
    issue = issue_transition(issue=issue, action="hand_off", by=users["staff"], note="请限期整改",
                             changes={"department": org.market, "deadline": timezone.localdate()})
    issue = issue_transition(issue=issue, action="acknowledge", by=users["liaison"])
    issue_update(issue=issue, by=users["staff"], activity="record_rectification", changes={"measures": "中心的措施"})
    login(client, users["liaison"])
    url = reverse("issues:rectification_edit", args=[issue.pk])
    response = client.post(url, {"version": "", "measures": "联络员的措施"})
    page = response.content.decode()
    assert response.status_code == 400 and "没有带上它所依据的版本" in page and "联络员的措施" in page
    issue.refresh_from_db()
    assert issue.measures == "中心的措施"
    again = client.post(url, {"version": issue_version(issue), "measures": "联络员的措施"})
    assert again.status_code == 302


# --- the same create form posted twice makes one record ---------------------------------------------------------
def test_a_walkthrough_posted_twice_is_logged_once_and_the_second_post_lands_on_it(client, org, users):
    login(client, users["walker"])
    page = client.get(reverse("campaigns:walkthrough_create")).content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    data = walkthrough_post(campaign=CampaignFactory(), department=org.market, lead=users["walker"].official,
                            findings=["叫号机故障"], form_token=token)
    first = client.post(reverse("campaigns:walkthrough_create"), data)
    second = client.post(reverse("campaigns:walkthrough_create"), data)
    session = WalkthroughSession.objects.get()
    assert first["Location"] == second["Location"] == session.get_absolute_url()
    assert Issue.objects.filter(title="叫号机故障").count() == 1
    assert "已经提交过" in client.get(second["Location"]).content.decode()


def test_an_issue_report_posted_twice_is_registered_once(client, org, users):
    login(client, users["staff"])
    page = client.get(reverse("issues:issue_report")).content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    data = {"title": "12345反映办证慢", "source": "hotline_12345", "category": "time_limit", "severity": "minor",
            "discovered_on": timezone.localdate().isoformat(), "form_token": token}
    first = client.post(reverse("issues:issue_report"), data)
    second = client.post(reverse("issues:issue_report"), data)
    assert Issue.objects.count() == 1 and first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_a_roster_entry_posted_twice_is_created_once_and_create_forms_carry_the_token(client, org, users):
    login(client, users["staff"])
    for url in (reverse("campaign:create"), reverse("roster:create")):
        page = client.get(url).content.decode()
        assert 'name="form_token"' in page, url
    token = "t-" + "x" * 30
    person = {"name": "赵六", "department": org.market.pk, "level": "section_chief", "phone": "13900000099",
              "is_active": "on", "form_token": token}
    client.post(reverse("roster:create"), person)
    client.post(reverse("roster:create"), person)
    assert Official.objects.filter(name="赵六").count() == 1


# --- only staff name another person as a walkthrough's lead ------------------------------------------------------
def test_a_walker_may_not_make_another_walker_the_lead(client, org, users):
    other = user_with_role("participant", "walker_b", department=org.market)
    login(client, users["walker"])
    data = walkthrough_post(campaign=CampaignFactory(), department=org.market, lead=other.official, draft=True)
    response = client.post(reverse("campaigns:walkthrough_create"), data)
    assert "只有中心工作人员可以把他人设为带队人员" in response.content.decode()
    assert not WalkthroughSession.objects.exists()


def test_staff_may_name_anyone_as_the_lead(client, org, users):
    login(client, users["staff"])
    data = walkthrough_post(campaign=CampaignFactory(), department=org.market, lead=users["walker"].official)
    assert client.post(reverse("campaigns:walkthrough_create"), data).status_code == 302
    assert WalkthroughSession.objects.get().lead == users["walker"].official


# --- the admin cannot revert an issue around the workflow --------------------------------------------------------
def test_the_admin_history_revert_of_an_issue_is_refused_and_the_stage_stays(client, org, users):
    issue = make_issue(by=users["staff"])
    old_version = issue_version(issue)
    issue = issue_transition(issue=issue, action="hand_off", by=users["staff"], note="交办",
                             changes={"department": org.market, "deadline": timezone.localdate()})
    User.objects.create_superuser("root", "root@example.gov.cn", "root-pass-123")
    client.login(username="root", password="root-pass-123")
    url = reverse("admin:issues_issue_simple_history", args=[issue.pk, old_version])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(url, {"title": issue.title, "source": issue.source, "category": issue.category,
                                 "severity": issue.severity, "discovered_on": issue.discovered_on.isoformat()})
    assert response.status_code == 403
    issue.refresh_from_db()
    assert (issue.stage, issue.department) == ("feedback", org.market)


def test_the_admin_change_form_has_no_stage_department_or_deadline_to_edit(client, org, users):
    issue = make_issue(by=users["staff"], department=org.market)
    User.objects.create_superuser("root", "root@example.gov.cn", "root-pass-123")
    client.login(username="root", password="root-pass-123")
    form = client.get(reverse("admin:issues_issue_change", args=[issue.pk])).context["adminform"].form
    assert not {"stage", "department", "deadline"} & set(form.fields)
