"""One truth for a campaign's figures: the home page, the campaign page, the dashboard and the briefing print the
same numbers for the same campaign at the same minute, because they all read reports.selectors.campaign_figures.

The campaign is built so that each of the old disagreements would show: a 12345 ticket and a suggestion collected
during the campaign (not from a walkthrough), a liaison-only account on the roster table, an official outside the
campaign's departments, a walk in a sub-unit of a named department, and another campaign's issues."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Official
from campaigns.selectors import current_campaign
from issues.models import Issue
from issues.services import issue_report
from reports.charts import chart_data
from reports.filters import ReportFilters
from reports.links import FigureLinks
from reports.selectors import campaign_figures
from reports.tables import dashboard_tables
from tests.factories import PASSWORD, CampaignFactory, OfficialFactory, WalkthroughFactory
from tests.reports_scenario import ledger_issue

pytestmark = pytest.mark.django_db
Stage = Issue.Stage


@pytest.fixture
def campaign(org, users):
    staff = users["staff"]
    today = timezone.localdate()
    campaign = CampaignFactory(theme="走流程、解难题、优服务")
    campaign.departments.set([org.market, org.police])
    other = CampaignFactory(theme="去年的活动", starts_on=today - datetime.timedelta(days=400),
                            ends_on=today - datetime.timedelta(days=300))
    Official.objects.filter(user__username__in=["liaison", "liaison2"]).update(expected_to_walk=False)
    head_market = OfficialFactory(department=org.market, name="市场局长")
    head_police = OfficialFactory(department=org.police, name="公安局长")
    chief = OfficialFactory(department=org.market_unit, name="登记股长", level=Official.Level.SECTION_CHIEF)
    OfficialFactory(department=org.township, name="镇长", level=Official.Level.TOWNSHIP_LEADER)  # not in scope
    supervisor = OfficialFactory(department=org.market, name="监督员甲", level=Official.Level.SOCIAL_SUPERVISOR)
    walk = WalkthroughFactory(campaign=campaign, department=org.market_unit, lead=head_market, created_by=staff)
    walk.companions.set([supervisor])
    WalkthroughFactory(campaign=campaign, department=org.market_unit, lead=chief, created_by=staff)
    old_walk = WalkthroughFactory(campaign=other, department=org.police, lead=head_police, created_by=staff,
                                  occurred_at=timezone.now() - datetime.timedelta(days=350))
    ledger_issue(by=staff, title="叫号机故障", found=today, stage=Stage.CLOSED, walkthrough=walk,
                 department=org.market, closed=today)
    ledger_issue(by=staff, title="材料清单不一致", found=today, stage=Stage.RECTIFICATION, walkthrough=walk,
                 department=org.market_unit)
    issue_report(by=staff, title="12345:窗口推诿", discovered_on=today, source=Issue.Source.HOTLINE_12345,
                 department=org.police)
    issue_report(by=staff, title="恳谈会:增设帮办窗口", discovered_on=today, kind=Issue.Kind.SUGGESTION,
                 source=Issue.Source.BUSINESS_MEETING, department=org.market)
    ledger_issue(by=staff, title="去年的问题", found=other.starts_on, stage=Stage.CLOSED, walkthrough=old_walk,
                 department=org.police, closed=other.ends_on)
    return campaign


def test_the_four_pages_print_the_same_figures_for_one_campaign(client, users, campaign):
    client.login(username="staff", password=PASSWORD)
    figures = campaign_figures(user=users["staff"], campaign=campaign)
    # What the campaign holds, counted by hand: 2 walks (a third is another campaign's); on its walking roster
    # 市场局长, 公安局长, 登记股长, 监督员甲 and the walker account — not the liaisons, not the township head;
    # 4 ledger lines of any source and kind (3 problems, 1 suggestion); 1 closed; 1 department named-and-walked.
    assert (figures.sessions, figures.officials_walked, figures.roster) == (2, 3, 5)
    assert (figures.found, figures.rectified, figures.departments_covered, figures.departments_named) == (4, 1, 1, 2)
    assert [(k.kind, k.found) for k in figures.by_kind] == [("problem", 3), ("suggestion", 1)]

    home = client.get(reverse("home"))
    campaign_page = client.get(reverse("campaign:detail", args=[campaign.pk]))
    dashboard = client.get(reverse("reports:dashboard"), {"campaign": campaign.pk})
    briefing = client.get(reverse("reports:briefing"), {"campaign": campaign.pk})
    for response in (home, campaign_page, dashboard, briefing):
        assert response.context["figures"] == figures

    page = home.content.decode()
    assert 'data-testid="walkthrough-count">2<' in page and 'data-testid="issue-count">4<' in page
    assert 'data-testid="walked-count">3<small class="fs-6 text-muted">/5<' in page
    page = campaign_page.content.decode()
    assert 'data-testid="sessions-tile"><div class="value">2<' in page
    assert 'data-testid="walked-tile"><div class="value">3<small class="text-muted fs-6">/5<' in page
    assert 'data-testid="departments-tile"><div class="value">1<small class="text-muted fs-6">/2<' in page
    assert 'data-testid="findings-tile"><div class="value">4<' in page
    page = dashboard.content.decode()
    assert re.search(r'data-figure="sessions">.*?<div class="figure-value">2<', page, re.S)
    assert 'data-figure="officials_walked">3</a>' in page and 'data-figure="roster" class="figure-secondary">5<' in page
    assert re.search(r'data-figure="found">.*?<div class="figure-value">4<', page, re.S)
    text = briefing.context["text"]
    assert "已开展“走流程”2次" in text and "覆盖1个部门" in text
    assert "参与走流程人员3人（领导干部2人、社会监督员1人），占名册5人的60%" in text
    assert "共发现问题3个，已整改1个，整改率33.3%" in text and "收到意见建议1条" in text


def test_the_department_chart_and_table_come_from_the_same_rows(users, campaign):
    figures = campaign_figures(user=users["leader"], campaign=campaign)
    links = FigureLinks(ReportFilters(campaign=campaign))
    table = next(t for t in dashboard_tables(figures, links) if t.key == "by_department")
    chart = chart_data(figures, links)["departments"]
    assert chart["names"] == [row[1].value for row in table.rows]
    assert chart["series"][0]["data"] == [row[2].value for row in table.rows]
    assert chart["names"] == ["县市场监管局", "县公安局"]  # the 12345 ticket's department is charted too


def test_the_roster_opened_from_the_menu_counts_the_campaigns_walking_roster_as_the_dashboard_does(
        client, users, campaign):
    assert current_campaign(user=users["staff"]) == campaign
    client.login(username="staff", password=PASSWORD)
    response = client.get(reverse("roster:list"))
    assert (response.context["people"], response.context["walked"]) == (5, 3)  # the dashboard's 3/5
    summary = response.content.decode().split('id="roster-summary">')[1].split("</p>")[0]
    assert "走流程名册:" in summary and "共 5 人,已走流程 3 人" in summary and 'id="whole-roster"' in summary

    # Everyone on the roster, the liaisons and the township head too, is one click away — and says so.
    everyone = client.get(reverse("roster:list"), {"campaign": campaign.pk, "expected": ""})
    assert everyone.context["people"] > 5 and everyone.context["walked"] >= 3
    assert "(全部在册人员)" in everyone.content.decode().split('id="roster-summary">')[1].split("</p>")[0]


def test_a_participant_is_shown_no_roster_figure_he_cannot_read(client, users, campaign):
    """He reads no roster, so his share of it would be 0/0: the tile is left out, his walks and findings stay."""
    client.login(username="walker", password=PASSWORD)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="walked-count"' not in home and 'data-testid="walkthrough-count"' in home
    page = client.get(reverse("campaign:detail", args=[campaign.pk])).content.decode()
    assert 'data-testid="walked-tile"' not in page and 'data-testid="heads-tile"' not in page
    assert 'data-testid="sessions-tile"' in page
