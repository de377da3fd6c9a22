"""The walkthrough list: every filter narrows the table and the counts per mode; citizens' phones stay masked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.services import finding_create
from tests.factories import PASSWORD, CampaignFactory, OfficialFactory, ServiceItemFactory, WalkthroughFactory

pytestmark = pytest.mark.django_db
LIST = reverse("campaigns:walkthrough_list")


@pytest.fixture
def world(org, users):
    staff = users["staff"]
    spring, autumn = CampaignFactory(theme="春季"), CampaignFactory(theme="秋季")
    zhang = OfficialFactory(department=org.market, name="张局长")
    li = OfficialFactory(department=org.police, name="李所长")
    permit = ServiceItemFactory(department=org.market, name="食品经营许可")
    now = timezone.now()
    sessions = {
        "market_reverse": WalkthroughFactory(
            campaign=spring, department=org.market_unit, lead=zhang, created_by=staff, mode="reverse",
            complaint_source="review", occurred_at=now - datetime.timedelta(days=2),
        ),
        "police_accompanied": WalkthroughFactory(
            campaign=spring, department=org.police, lead=li, created_by=staff, mode="accompanied",
            citizen_name="赵女士", citizen_phone="13912345678", citizen_feedback="好",
            occurred_at=now - datetime.timedelta(days=10),
        ),
        "autumn_simulated": WalkthroughFactory(
            campaign=autumn, department=org.township, lead=li, created_by=staff,
            occurred_at=now - datetime.timedelta(days=20),
        ),
    }
    sessions["market_reverse"].service_items.set([permit])
    sessions["autumn_simulated"].companions.set([zhang])
    finding_create(session=sessions["market_reverse"], by=staff, title="评价器无法使用")
    return {"spring": spring, "zhang": zhang, "permit": permit, **sessions}


def listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response, {row.record.pk for row in response.context["table"].rows}


@pytest.fixture
def staff_client(client, users):
    client.login(username="staff", password=PASSWORD)
    return client


def test_each_filter_narrows_the_list(staff_client, org, world):
    day = datetime.timedelta(days=1)
    today = timezone.localdate()
    cases = [
        ({"campaign": world["spring"].pk}, {"market_reverse", "police_accompanied"}),
        ({"mode": "accompanied"}, {"police_accompanied"}),
        ({"department": org.market.pk}, {"market_reverse"}),  # its sub-unit included
        ({"service_item": world["permit"].pk}, {"market_reverse"}),
        ({"official": world["zhang"].pk}, {"market_reverse", "autumn_simulated"}),  # lead or companion
        ({"occurred_at_after": (today - 12 * day).isoformat(), "occurred_at_before": today.isoformat()},
         {"market_reverse", "police_accompanied"}),
        ({"has_findings": "yes"}, {"market_reverse"}),
        ({"has_findings": "no"}, {"police_accompanied", "autumn_simulated"}),
    ]
    for params, expected in cases:
        _response, pks = listed(staff_client, **params)
        assert pks == {world[name].pk for name in expected}, params


def test_counts_per_mode_follow_the_filter(staff_client, world):
    response, _pks = listed(staff_client, campaign=world["spring"].pk)
    counts = {mode: n for mode, _label, n in response.context["mode_counts"]}
    assert counts == {"simulated": 0, "accompanied": 1, "proxy": 0, "window_seat": 0, "reverse": 1}
    page = response.content.decode()
    assert 'id="mode-counts"' in page and "倒推走流程 <strong>1</strong>" in page


def test_a_citizens_phone_is_masked_in_the_list(staff_client, world):
    page = listed(staff_client)[0].content.decode()
    assert "赵女士 139****5678" in page and "13912345678" not in page


def test_the_list_sorts_by_the_number_of_findings(staff_client, world):
    response = staff_client.get(LIST, {"sort": "-finding_count"})
    first = next(iter(response.context["table"].rows)).record
    assert first == world["market_reverse"]


def test_the_full_phone_is_shown_only_to_staff_and_the_walker_who_wrote_it(client, users, world):
    url = world["police_accompanied"].get_absolute_url()
    client.login(username="staff", password=PASSWORD)
    assert "13912345678" in client.get(url).content.decode()
    client.login(username="liaison2", password=PASSWORD)
    page = client.get(url).content.decode()
    assert "139****5678" in page and "13912345678" not in page
