"""A participant saves a draft on his phone and submits it later; once submitted, only staff change it."""

import pytest
from django.urls import reverse

from campaigns.models import WalkthroughSession
from issues.models import Issue
from tests.factories import PASSWORD, CampaignFactory
from tests.walkthrough_posts import walkthrough_post

pytestmark = pytest.mark.django_db
NEW = reverse("campaigns:walkthrough_create")


def edit_url(session):
    return reverse("campaigns:walkthrough_edit", args=[session.pk])


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def draft(client, org, users, campaign):
    client.login(username="walker", password=PASSWORD)
    data = walkthrough_post(
        campaign=campaign, department=org.market, lead=users["walker"].official, draft=True,
        findings=["取号机无法打印"], complaint_reference="",  # not yet known: a draft may lack it
    )
    response = client.post(NEW, data)
    session = WalkthroughSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    return session


def test_a_draft_keeps_its_findings_out_of_the_ledger(client, draft):
    assert draft.status == WalkthroughSession.Status.DRAFT and draft.submitted_at is None
    assert not Issue.objects.exists()
    assert [finding["title"] for finding in draft.draft_findings] == ["取号机无法打印"]
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "取号机无法打印" in page and "待提交" in page and "id=\"edit-session\"" in page


def test_submitting_a_draft_later_puts_its_findings_in_the_ledger(client, org, users, campaign, draft):
    form_page = client.get(edit_url(draft)).content.decode()
    assert 'value="取号机无法打印"' in form_page
    data = walkthrough_post(
        campaign=campaign, department=org.market, lead=users["walker"].official,
        findings=["取号机无法打印", "指南过期"],
    )
    response = client.post(edit_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == WalkthroughSession.Status.SUBMITTED and draft.submitted_at is not None
    assert draft.draft_findings == []
    assert sorted(draft.issues.values_list("title", flat=True)) == ["取号机无法打印", "指南过期"]
    assert set(draft.issues.values_list("stage", flat=True)) == {Issue.Stage.EXPERIENCE}


def test_a_draft_cannot_be_submitted_without_its_modes_facts(client, org, users, campaign, draft):
    data = walkthrough_post(campaign=campaign, department=org.market, lead=users["walker"].official,
                            complaint_reference="")
    response = client.post(edit_url(draft), data)
    assert "倒推走流程须填写此项" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == WalkthroughSession.Status.DRAFT


def test_a_struck_out_draft_finding_is_dropped(client, org, users, campaign, draft):
    data = walkthrough_post(campaign=campaign, department=org.market, lead=users["walker"].official,
                            findings=["取号机无法打印"],
                            **{"findings-INITIAL_FORMS": "1", "findings-0-DELETE": "on"})  # as the page renders it
    client.post(edit_url(draft), data)
    draft.refresh_from_db()
    assert draft.is_submitted and not draft.issues.exists()


def test_a_submitted_session_is_locked_for_its_participant(client, org, users, campaign, draft):
    client.post(edit_url(draft), walkthrough_post(campaign=campaign, department=org.market,
                                                  lead=users["walker"].official))
    assert client.get(edit_url(draft)).status_code == 403
    response = client.post(edit_url(draft), walkthrough_post(campaign=campaign, department=org.market,
                                                             lead=users["walker"].official, experience="改过了"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.experience == ""
    assert "id=\"edit-session\"" not in client.get(draft.get_absolute_url()).content.decode()


def test_staff_may_still_correct_a_submitted_session_and_add_a_finding(client, org, users, campaign, draft):
    client.post(edit_url(draft), walkthrough_post(campaign=campaign, department=org.market,
                                                  lead=users["walker"].official, findings=["取号机无法打印"]))
    client.login(username="staff", password=PASSWORD)
    data = walkthrough_post(campaign=campaign, department=org.market, lead=users["walker"].official,
                            findings=["等候区座椅不足"], experience="补充:周一上午人多")
    response = client.post(edit_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.experience == "补充:周一上午人多" and draft.created_by == users["walker"]
    assert sorted(draft.issues.values_list("title", flat=True)) == ["取号机无法打印", "等候区座椅不足"]


def test_nothing_in_a_closed_campaign_can_be_edited(client, org, users, campaign, draft):
    campaign.status = "closed"
    campaign.save()
    client.login(username="staff", password=PASSWORD)
    assert client.get(edit_url(draft)).status_code == 403
