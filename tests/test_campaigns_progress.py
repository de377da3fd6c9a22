"""The campaign page counts progress against the goals from submitted sessions only."""

import pytest
from django.urls import reverse

from campaigns.models import Official
from campaigns.progress import campaign_progress
from campaigns.services import finding_create
from reports.selectors import campaign_figures
from tests.factories import PASSWORD, CampaignFactory, OfficialFactory, WalkthroughFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org, users):
    campaign = CampaignFactory(goals={"every_department_head_walks": True,
                                      "sessions_per_mode": {"reverse": 4, "simulated": 1}})
    campaign.departments.set([org.market, org.police])
    staff = users["staff"]
    head_market = OfficialFactory(department=org.market, name="市场局长", level=Official.Level.DEPARTMENT_HEAD)
    head_police = OfficialFactory(department=org.police, name="公安局长", level=Official.Level.DEPARTMENT_HEAD)
    clerk = OfficialFactory(department=org.market_unit, name="登记股长", level=Official.Level.SECTION_CHIEF)
    OfficialFactory(department=org.township, name="镇长", level=Official.Level.TOWNSHIP_LEADER)  # not in scope
    OfficialFactory(department=org.police, name="已调离", is_active=False)  # not on the roster any more
    reverse_walk = WalkthroughFactory(campaign=campaign, department=org.market_unit, lead=head_market,
                                      created_by=staff, mode="reverse", complaint_source="review")
    reverse_walk.companions.set([clerk])
    WalkthroughFactory(campaign=campaign, department=org.market, lead=head_market, created_by=staff)
    WalkthroughFactory(campaign=campaign, department=org.police, lead=head_police, created_by=staff,
                       status="draft", submitted_at=None)  # a draft counts for nothing yet
    finding_create(session=reverse_walk, by=staff, title="评价器坏了", fixed_on_spot=True)
    finding_create(session=reverse_walk, by=staff, title="指南过期")
    return campaign


def progress_of(campaign, users):
    figures = campaign_figures(user=users["leader"], campaign=campaign)
    return figures, campaign_progress(campaign, figures, user=users["staff"])


def test_progress_counts_sessions_by_mode_against_targets(campaign, users):
    figures, progress = progress_of(campaign, users)
    modes = {row.mode: (row.done, row.target, row.percent) for row in progress.modes}
    assert modes["reverse"] == (1, 4, 25) and modes["simulated"] == (1, 1, 100)
    assert modes["accompanied"] == (0, None, None)
    assert (figures.sessions, progress.drafts) == (2, 1)


def test_progress_counts_who_walked_against_the_roster_in_scope(campaign, users):
    figures, progress = progress_of(campaign, users)
    # Roster in scope: 市场局长, 公安局长, 登记股长 and the liaison and walker accounts in market and police.
    names = set(Official.objects.filter(is_active=True).exclude(department__code="C04").values_list("name", flat=True))
    assert figures.roster == len(names)
    assert figures.officials_walked == 2  # the lead and his companion; the draft's lead has not walked yet
    assert "公安局长" in {official.name for official in progress.not_walked}
    assert (progress.heads.roster, progress.heads.walked, progress.every_head_goal) == (2, 1, True)


def test_progress_counts_departments_covered_and_findings(campaign, users):
    figures, progress = progress_of(campaign, users)
    assert {row.department.name: row.sessions for row in progress.departments} == {"县市场监管局": 2, "县公安局": 0}
    assert (figures.departments_covered, figures.departments_named) == (1, 2)
    assert (figures.found, figures.fixed_on_spot, figures.rectified) == (2, 1, 0)


def test_the_campaign_page_shows_the_progress_and_who_has_not_walked(client, users, campaign):
    client.login(username="leader", password=PASSWORD)
    page = client.get(reverse("campaign:detail", args=[campaign.pk])).content.decode()
    assert "<strong>1</strong> / 4" in page  # reverse: 1 of 4
    assert "公安局长" in page and "未覆盖" in page
    assert 'data-testid="findings-tile"><div class="value">2</div>' in page
