"""Who may read, log and change walkthroughs — enforced in the selector and services, tried by URL."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from campaigns.models import WalkthroughAttachment, WalkthroughSession
from campaigns.selectors import walkthrough_list
from tests.factories import PASSWORD, CampaignFactory, OfficialFactory, WalkthroughFactory, user_with_role
from tests.walkthrough_posts import walkthrough_post

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def sessions(org, users):
    """A walker's own draft in market, a submitted session in police, and a submitted one in market."""
    campaign = CampaignFactory()
    walker_official = users["walker"].official
    police_official = OfficialFactory(department=org.police)
    own_draft = WalkthroughFactory(campaign=campaign, department=org.market, lead=walker_official,
                                   created_by=users["walker"], status="draft", submitted_at=None)
    police = WalkthroughFactory(campaign=campaign, department=org.police, lead=police_official,
                                created_by=users["staff"])
    market = WalkthroughFactory(campaign=campaign, department=org.market_unit, lead=police_official,
                                created_by=users["staff"])
    WalkthroughAttachment.objects.create(
        session=police, file=SimpleUploadedFile("p.png", PNG), original_name="p.png", content_type="image/png",
        size=len(PNG), uploaded_by=users["staff"],
    )
    return {"own_draft": own_draft, "police": police, "market": market}


# Which sessions each role reads; the rest are 404 to him.
READS = {
    "staff": {"own_draft", "police", "market"},
    "leader": {"police", "market"},
    "liaison": {"market"},
    "liaison2": {"police"},
    "walker": {"own_draft"},
}
# Which sessions each role may change.
EDITS = {"staff": {"own_draft", "police", "market"}, "leader": set(), "liaison": set(), "liaison2": set(),
         "walker": {"own_draft"}}


@pytest.mark.parametrize("username", list(READS))
def test_each_role_lists_exactly_the_sessions_it_may_read(client, users, sessions, username):
    user = next(u for u in users.values() if u.username == username)
    visible = set(walkthrough_list(user=user))
    assert visible == {sessions[name] for name in READS[username]}
    client.login(username=username, password=PASSWORD)
    rows = client.get(reverse("campaigns:walkthrough_list")).context["table"].rows
    assert {row.record.pk for row in rows} == {sessions[name].pk for name in READS[username]}


@pytest.mark.parametrize("username", list(READS))
@pytest.mark.parametrize("name", ["own_draft", "police", "market"])
def test_each_role_opens_by_url_only_the_sessions_it_may_read(client, sessions, username, name):
    client.login(username=username, password=PASSWORD)
    response = client.get(reverse("campaigns:walkthrough_detail", args=[sessions[name].pk]))
    assert response.status_code == (200 if name in READS[username] else 404)


@pytest.mark.parametrize("username", list(EDITS))
@pytest.mark.parametrize("name", ["own_draft", "police", "market"])
def test_each_role_opens_the_edit_form_only_for_sessions_it_may_change(client, sessions, username, name):
    client.login(username=username, password=PASSWORD)
    response = client.get(reverse("campaigns:walkthrough_edit", args=[sessions[name].pk]))
    expected = 200 if name in EDITS[username] else (403 if name in READS[username] else 404)
    assert response.status_code == expected


@pytest.mark.parametrize(("username", "status"), [("staff", 200), ("walker", 200), ("leader", 403),
                                                   ("liaison", 403), ("liaison2", 403)])
def test_only_staff_and_participants_may_log_a_walkthrough(client, users, username, status):
    client.login(username=username, password=PASSWORD)
    assert client.get(reverse("campaigns:walkthrough_create")).status_code == status


def test_a_leader_posting_the_form_by_hand_is_refused_and_nothing_is_written(client, org, users):
    client.login(username="leader", password=PASSWORD)
    data = walkthrough_post(campaign=CampaignFactory(), department=org.market, lead=users["walker"].official)
    assert client.post(reverse("campaigns:walkthrough_create"), data).status_code == 403
    assert not WalkthroughSession.objects.exists()


def test_the_service_refuses_a_liaison_even_without_the_view(org, users):
    with pytest.raises(PermissionDenied):
        services.walkthrough_create(by=users["liaison"], fields={})


def test_the_service_refuses_another_participants_draft(org, users, sessions):
    intruder = user_with_role("participant", "intruder", department=org.police)
    assert not services.can_edit_walkthrough(user=intruder, session=sessions["own_draft"])
    with pytest.raises(PermissionDenied):
        services.walkthrough_update(session=sessions["own_draft"], by=intruder, fields={"experience": "x"})


@pytest.mark.parametrize(("username", "status"), [("liaison2", 200), ("leader", 200), ("liaison", 404),
                                                   ("walker", 404)])
def test_attachments_open_only_for_those_who_read_their_session(client, sessions, username, status):
    attachment = sessions["police"].attachments.get()
    client.login(username=username, password=PASSWORD)
    assert client.get(reverse("campaigns:attachment_download", args=[attachment.pk])).status_code == status


def test_anonymous_visitors_are_sent_to_login_from_every_walkthrough_page(client, sessions):
    for url in [reverse("campaigns:walkthrough_list"), reverse("campaigns:walkthrough_create"),
                reverse("campaigns:walkthrough_detail", args=[sessions["market"].pk]),
                reverse("campaigns:walkthrough_edit", args=[sessions["market"].pk])]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], url


def test_a_companion_reads_the_walkthroughs_he_joined_once_submitted_and_changes_none(client, org, users):
    """The roster counts a companion as having walked: he finds the record and its photos, but not a draft he was
    named on, and he edits nothing he did not write."""
    campaign = CampaignFactory()
    lead = OfficialFactory(department=org.police)
    walked = WalkthroughFactory(campaign=campaign, department=org.police, lead=lead, created_by=users["staff"])
    walked.companions.set([users["walker"].official])
    draft = WalkthroughFactory(campaign=campaign, department=org.police, lead=lead, created_by=users["staff"],
                               status="draft", submitted_at=None)
    draft.companions.set([users["walker"].official])
    photo = WalkthroughAttachment.objects.create(
        session=walked, file=SimpleUploadedFile("p.png", PNG), original_name="p.png", content_type="image/png",
        size=len(PNG), uploaded_by=users["staff"],
    )
    assert set(walkthrough_list(user=users["walker"])) == {walked}
    client.login(username="walker", password=PASSWORD)
    rows = client.get(reverse("campaigns:walkthrough_list")).context["table"].rows
    assert [row.record.pk for row in rows] == [walked.pk]
    page = client.get(reverse("campaigns:walkthrough_detail", args=[walked.pk]))
    assert page.status_code == 200 and not page.context["can_edit"]
    assert client.get(reverse("campaigns:attachment_download", args=[photo.pk])).status_code == 200
    assert client.get(reverse("campaigns:walkthrough_edit", args=[walked.pk])).status_code == 403
    assert client.get(reverse("campaigns:walkthrough_detail", args=[draft.pk])).status_code == 404
