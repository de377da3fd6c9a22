"""The roster: who has not walked yet, kept by staff, read by leaders and (for their department) liaisons."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaigns.models import Official
from tests.factories import PASSWORD, CampaignFactory, OfficialFactory, WalkthroughFactory

pytestmark = pytest.mark.django_db
LIST = reverse("roster:list")


@pytest.fixture
def people(org, users):
    campaign = CampaignFactory()
    walked = OfficialFactory(department=org.market_unit, name="走过的股长", level="section_chief", phone="13900000001")
    companion = OfficialFactory(department=org.police, name="同行的所长", level="deputy", phone="13900000002")
    idle = OfficialFactory(department=org.police, name="没走的局长", level="department_head", phone="13900000003")
    draft_only = OfficialFactory(department=org.market, name="只有草稿的", level="deputy", phone="13900000004")
    gone = OfficialFactory(department=org.market, name="调走的", phone="13900000005", is_active=False)
    session = WalkthroughFactory(campaign=campaign, department=org.market, lead=walked, created_by=users["staff"])
    session.companions.set([companion])
    WalkthroughFactory(campaign=campaign, department=org.market, lead=draft_only, created_by=users["staff"],
                       status="draft", submitted_at=None)
    WalkthroughFactory(campaign=CampaignFactory(theme="旧活动"), department=org.police, lead=idle,
                       created_by=users["staff"])  # walked, but in another campaign
    return {"campaign": campaign, "walked": walked, "companion": companion, "idle": idle,
            "draft_only": draft_only, "gone": gone}


def names(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {row.record.name for row in response.context["table"].rows}


@pytest.fixture
def staff(client, users):
    client.login(username="staff", password=PASSWORD)
    return users["staff"]


def test_the_roster_shows_who_has_not_walked_in_a_campaign(client, staff, people):
    campaign = people["campaign"].pk
    assert names(client, campaign=campaign, walked="yes") == {"走过的股长", "同行的所长"}
    not_walked = names(client, campaign=campaign, walked="no")
    assert {"没走的局长", "只有草稿的"} <= not_walked and not not_walked & {"走过的股长", "同行的所长", "调走的"}


def test_the_roster_filters_by_department_subtree_level_and_status(client, org, staff, people):
    assert names(client, department=org.market.pk) >= {"走过的股长", "只有草稿的"}
    assert "没走的局长" not in names(client, department=org.market.pk)
    assert names(client, level="department_head") == {"没走的局长"}
    assert names(client, is_active="no") == {"调走的"}
    assert "调走的" not in names(client)  # only people on the roster, unless asked


def test_staff_add_edit_and_deactivate_a_person(client, org, staff):
    data = {"name": "吴九", "department": org.police.pk, "position": "副局长", "level": "deputy",
            "phone": "139 0000 0009"}
    response = client.post(reverse("roster:create"), data)
    assert response.status_code == 302
    person = Official.objects.get(name="吴九")
    assert person.phone == "13900000009"
    client.post(reverse("roster:edit", args=[person.pk]), {"name": "吴九", "department": org.police.pk,
                                                           "position": "局长", "level": "department_head", "phone": ""})
    person.refresh_from_db()
    assert (person.position, person.level) == ("局长", "department_head")
    client.post(reverse("roster:set_active", args=[person.pk]), {"active": "0"})
    person.refresh_from_db()
    assert not person.is_active
    form = client.get(reverse("campaigns:walkthrough_create")).context["form"]
    assert person not in form.fields["lead"].queryset


def test_a_bad_phone_number_is_refused_next_to_the_field(client, org, staff):
    response = client.post(reverse("roster:create"), {"name": "吴九", "department": org.police.pk,
                                                      "level": "deputy", "phone": "12345"})
    assert "电话号码格式不对" in response.context["form"].errors["phone"][0]
    assert not Official.objects.filter(name="吴九").exists()


def test_a_phone_number_already_on_the_roster_is_refused_naming_its_holder(client, org, staff, people):
    """One number, one person, as the import reads it: adding or editing someone onto a number the roster already
    holds is refused next to the field, naming who has it; nothing written."""
    response = client.post(reverse("roster:create"), {"name": "冒名的", "department": org.police.pk,
                                                      "level": "deputy", "phone": "139-0000-0001"})
    assert response.status_code == 200
    assert "电话号码已属于名册中的走过的股长" in response.context["form"].errors["phone"][0]
    assert not Official.objects.filter(name="冒名的").exists()
    idle = people["idle"]
    client.post(reverse("roster:edit", args=[idle.pk]), {"name": idle.name, "department": org.police.pk,
                                                         "level": idle.level, "phone": "13900000002"})
    idle.refresh_from_db()
    assert idle.phone == "13900000003"  # unchanged: 13900000002 is 同行的所长's


def test_a_liaison_reads_only_his_departments_roster_with_phones_masked(client, users, people):
    client.login(username="liaison", password=PASSWORD)
    visible = names(client, is_active="")
    assert visible >= {"走过的股长", "只有草稿的", "调走的"} and not visible & {"同行的所长", "没走的局长"}
    page = client.get(LIST).content.decode()
    assert "139****0001" in page and "13900000001" not in page
    other = people["idle"]
    assert client.get(reverse("roster:edit", args=[other.pk])).status_code == 403


def test_a_leader_reads_the_whole_roster_and_exports_it(client, users, people):
    client.login(username="leader", password=PASSWORD)
    assert {"走过的股长", "没走的局长"} <= names(client)
    response = client.get(reverse("roster:export"))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content)))["名册"]
    exported = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"走过的股长", "没走的局长"} <= exported and "调走的" not in exported


def test_a_liaisons_export_holds_only_his_department(client, users, people):
    client.login(username="liaison2", password=PASSWORD)
    response = client.get(reverse("roster:export"))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content)))["名册"]
    departments = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert departments == {"县公安局"}


@pytest.mark.parametrize("username", ["leader", "liaison", "walker"])
def test_only_staff_change_the_roster(client, org, users, people, username):
    client.login(username=username, password=PASSWORD)
    person = people["walked"]
    for method, url in [
        ("get", reverse("roster:create")), ("get", reverse("roster:import")), ("get", reverse("roster:template")),
        ("post", reverse("roster:edit", args=[person.pk])), ("post", reverse("roster:set_active", args=[person.pk])),
    ]:
        response = getattr(client, method)(url, {"name": "改名", "active": "0"})
        assert response.status_code == 403, (username, url)
    person.refresh_from_db()
    assert person.name == "走过的股长" and person.is_active


def test_a_participant_may_not_read_the_roster(client, users):
    client.login(username="walker", password=PASSWORD)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("roster:export")).status_code == 403
    assert "人员名册" not in client.get(reverse("home")).content.decode()


def test_walks_can_be_counted_within_a_period_of_the_campaign(client, org, staff, people):
    today = timezone.localdate()
    campaign = people["campaign"].pk
    recent = {"campaign": campaign, "occurred_at_after": (today - datetime.timedelta(days=3)).isoformat(),
              "occurred_at_before": today.isoformat()}
    assert names(client, walked="yes", **recent) == {"走过的股长", "同行的所长"}  # walked yesterday
    earlier = {**recent, "occurred_at_before": (today - datetime.timedelta(days=2)).isoformat()}
    assert names(client, walked="yes", **earlier) == set()


def test_the_summary_counts_who_walked_even_when_the_list_shows_only_those_who_did_not(client, staff, people):
    response = client.get(LIST, {"campaign": people["campaign"].pk, "walked": "no"})
    context = response.context
    assert context["walked"] == 2 and context["people"] == context["total"] + 2
