"""Campaigns: staff plan them from a preset theme or their own, with goals and a checklist; closed means read-only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.checklist import DEFAULT_CHECKLIST
from campaigns.models import Campaign, Department
from tests.factories import PASSWORD, CampaignFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db
NEW = reverse("campaign:create")


def campaign_post(**overrides):
    today = timezone.localdate()
    data = {
        "theme_choice": "局长走流程", "theme_other": "", "organiser": "县数据局",
        "starts_on": today.isoformat(), "ends_on": (today + datetime.timedelta(days=90)).isoformat(),
        "status": "active", "every_department_head_walks": "on",
        "target_simulated": "10", "target_reverse": "5",
        "checklist_facilities": "轮椅是否可用\n自助设备能否使用", "checklist_process": "", "checklist_conduct": "",
        "checklist_four_questions": "政策懂不懂",
        # The level the campaign runs at: the county of the test tree (tests.factories.build_org).
        "level_unit": str(Department.objects.get(code="C").pk),
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff(client, users):
    client.login(username="staff", password=PASSWORD)
    return users["staff"]


def test_staff_create_a_campaign_with_scope_goals_and_checklist(client, org, staff):
    response = client.post(NEW, campaign_post(departments=[org.market.pk, org.police.pk]))
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert (campaign.theme, campaign.organiser, campaign.status) == ("局长走流程", "县数据局", "active")
    assert set(campaign.departments.all()) == {org.market, org.police}
    assert campaign.goals == {"every_department_head_walks": True,
                              "sessions_per_mode": {"simulated": 10, "reverse": 5}}
    assert campaign.checklist == [
        {"section": "facilities", "question": "轮椅是否可用"},
        {"section": "facilities", "question": "自助设备能否使用"},
        {"section": "four_questions", "question": "政策懂不懂"},
    ]


def test_a_new_campaign_form_starts_from_the_default_checklist(client, staff):
    form = client.get(NEW).context["form"]
    facilities = form["checklist_facilities"].value()
    expected = [item["question"] for item in DEFAULT_CHECKLIST if item["section"] == "facilities"]
    assert facilities.splitlines() == expected


def test_a_free_text_theme_must_be_written_when_other_is_chosen(client, staff):
    response = client.post(NEW, campaign_post(theme_choice="__other__"))
    assert "选择“其他”时请填写活动主题" in response.content.decode() and not Campaign.objects.exists()
    client.post(NEW, campaign_post(theme_choice="__other__", theme_other="营商环境体验周"))
    assert Campaign.objects.get().theme == "营商环境体验周"


def test_an_end_before_the_start_is_refused_next_to_the_end(client, staff):
    today = timezone.localdate()
    response = client.post(NEW, campaign_post(ends_on=(today - datetime.timedelta(days=1)).isoformat()))
    assert response.context["form"].errors["ends_on"] == [f"结束日期不能早于开始日期({today})"]
    assert not Campaign.objects.exists()


def test_an_empty_checklist_is_refused(client, staff):
    response = client.post(NEW, campaign_post(checklist_facilities="", checklist_four_questions=""))
    assert "工作提示单至少要有一个问题" in response.content.decode() and not Campaign.objects.exists()


def test_staff_edit_an_open_campaign(client, staff):
    campaign = CampaignFactory(theme="我陪群众走流程")
    form = client.get(reverse("campaign:edit", args=[campaign.pk])).context["form"]
    assert form["theme_choice"].value() == "我陪群众走流程"
    client.post(reverse("campaign:edit", args=[campaign.pk]), campaign_post(organiser="县纪委监委"))
    campaign.refresh_from_db()
    assert (campaign.organiser, campaign.theme) == ("县纪委监委", "局长走流程")


def test_a_closed_campaign_is_read_only(client, staff):
    campaign = CampaignFactory(organiser="县数据局")
    client.post(reverse("campaign:edit", args=[campaign.pk]), campaign_post(status="closed"))
    campaign.refresh_from_db()
    assert campaign.is_closed
    response = client.get(reverse("campaign:edit", args=[campaign.pk]), follow=True)
    assert "活动已结束,只能查看" in response.content.decode()
    client.post(reverse("campaign:edit", args=[campaign.pk]), campaign_post(organiser="改了"))
    campaign.refresh_from_db()
    assert campaign.organiser == "县数据局"
    with pytest.raises(ValidationError):
        services.campaign_update(campaign=campaign, by=staff, fields={"organiser": "改了"})
    assert "修改活动" not in client.get(campaign.get_absolute_url()).content.decode()


@pytest.mark.parametrize("username", ["leader", "liaison", "walker"])
def test_only_staff_create_or_edit_campaigns(client, users, username):
    campaign = CampaignFactory()
    client.login(username=username, password=PASSWORD)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, campaign_post()).status_code == 403
    assert client.post(reverse("campaign:edit", args=[campaign.pk]), campaign_post()).status_code == 403
    assert Campaign.objects.count() == 1 and "新建活动" not in client.get(reverse("campaign:list")).content.decode()


@pytest.mark.parametrize("username", ["staff", "leader", "liaison", "walker"])
def test_every_role_reads_the_campaign_list_and_progress(client, users, username):
    campaign = CampaignFactory(theme="高效办成一件事")
    client.login(username=username, password=PASSWORD)
    assert "高效办成一件事" in client.get(reverse("campaign:list")).content.decode()
    assert client.get(campaign.get_absolute_url()).status_code == 200


def test_closing_a_campaign_keeps_its_departments_and_items(org, users):
    campaign = CampaignFactory()
    item = ServiceItemFactory(department=org.market)
    campaign.departments.set([org.market])
    campaign.service_items.set([item])
    services.campaign_update(campaign=campaign, by=users["staff"], fields={"status": "closed"})
    campaign.refresh_from_db()
    assert campaign.is_closed
    assert list(campaign.departments.all()) == [org.market] and list(campaign.service_items.all()) == [item]
