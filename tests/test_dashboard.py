"""The leaders' dashboard: every figure against the hand-counted ledger of tests/reports_scenario.py."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Department
from issues.models import Issue
from reports.filters import ReportFilters
from reports.selectors import dashboard_figures
from tests.factories import PASSWORD, CampaignFactory
from tests.reports_scenario import D, ledger_issue
from tests.reports_scenario import build_scenario as _build

pytestmark = pytest.mark.django_db
Stage = Issue.Stage


@pytest.fixture
def scenario(org, users):
    return _build(org, users)


def figures_for(user, **filters):
    return dashboard_figures(user=user, filters=ReportFilters(**filters))


def modes(figures):
    return {m.mode: m.count for m in figures.sessions_by_mode}


def test_the_leader_sees_every_headline_figure_of_the_campaign_as_hand_counted(scenario, users):
    f = figures_for(users["leader"], campaign=scenario.a)
    assert (f.sessions, modes(f)) == (
        3, {"simulated": 1, "accompanied": 1, "proxy": 0, "window_seat": 1, "reverse": 0}
    )  # S4 is a draft, S5 another campaign
    assert (f.officials_walked, f.roster, f.walked_share) == (4, 6, Decimal("66.7"))
    assert f.departments_covered == 3
    assert (f.found, f.rectified, f.rectification_rate) == (6, 3, Decimal("50.0"))
    assert (f.fixed_on_spot, f.long_term_rule, f.overdue) == (1, 1, 1)
    assert f.average_working_days == Decimal("4.0")  # (2 + 9 + 1) / 3, Qingming off
    assert (f.evaluated, f.good, f.satisfaction_rate) == (4, 2, Decimal("50.0"))
    assert {r.kind: r.saved for r in f.reductions} == {
        "steps": 1, "materials": 2, "time_limit": 3, "trips": 0, "fees": Decimal("100.50"),
    }  # I3's trips cut is not counted: I3 is not closed yet


def test_the_tables_roll_sub_units_up_rank_by_rate_and_follow_the_loop(scenario, users):
    f = figures_for(users["leader"], campaign=scenario.a)
    assert [(r.label, r.found, r.rectified, r.overdue, r.rate) for r in f.by_department] == [
        ("县市场监管局", 3, 2, 1, Decimal("66.7")),  # I1 + I2, I3 of its 登记注册股
        ("县公安局", 2, 1, 0, Decimal("50.0")),
        ("未交办(暂无责任单位)", 1, 0, 0, Decimal("0.0")),
    ]
    assert [(r.key, r.found, r.rectified, r.overdue) for r in f.by_category] == [
        ("materials", 2, 1, 1), ("time_limit", 2, 2, 0), ("trips", 1, 0, 0), ("facilities", 1, 0, 0),
    ]
    assert [(r.month, r.sessions, r.found, r.rectified) for r in f.by_month] == [
        (D(2025, 3, 1), 1, 0, 0), (D(2025, 4, 1), 2, 6, 3),
    ]
    assert [(s.stage, s.count) for s in f.by_stage] == [
        ("experience", 1), ("feedback", 1), ("rectification", 1), ("evaluation", 0), ("closed", 3),
    ]


def test_without_a_campaign_every_source_and_campaign_is_counted(scenario, users):
    f = figures_for(users["staff"])
    assert (f.sessions, modes(f)["reverse"], f.officials_walked) == (4, 1, 5)
    assert (f.found, f.rectified, f.overdue) == (8, 4, 2)  # + I7 (12345) closed, I8 (campaign B) overdue
    assert f.average_working_days == Decimal("3.3")  # (2 + 9 + 1 + 1) / 4 = 3.25, rounded half up


def test_a_period_counts_sessions_by_day_and_issues_by_discovery_date(scenario, users):
    f = figures_for(users["leader"], campaign=scenario.a, date_from=D(2025, 4, 1), date_to=D(2025, 4, 9))
    assert (f.sessions, modes(f)["accompanied"]) == (1, 1)  # S2 only: S1 is on 03-31, S3 on 04-10
    assert (f.officials_walked, f.roster) == (1, 6)  # unit_chief
    assert (f.found, f.rectified) == (3, 2)  # I1, I2, I3


def test_a_department_filter_counts_its_whole_subtree(scenario, users, org):
    f = figures_for(users["leader"], campaign=scenario.a, department=org.market)
    assert (f.sessions, f.departments_covered) == (2, 2)  # S1 market, S2 market_unit
    assert (f.roster, f.officials_walked) == (4, 3)  # head_market walked twice (market, police): once
    assert (f.found, f.rectified, f.overdue) == (3, 2, 1)
    assert [(r.label, r.found, r.own_level) for r in f.by_department] == [
        ("县市场监管局(本级)", 1, True), ("县市场监管局登记注册股", 2, False),
    ]


def test_a_liaison_sees_his_departments_figures_only(scenario, users):
    f = figures_for(users["liaison"], campaign=scenario.a)
    assert (f.found, f.rectified, f.overdue, f.fixed_on_spot, f.long_term_rule) == (3, 2, 1, 1, 1)
    assert (f.evaluated, f.good) == (3, 2)
    assert (f.sessions, modes(f)["simulated"], modes(f)["accompanied"], modes(f)["window_seat"]) == (2, 1, 1, 0)
    assert (f.roster, f.officials_walked) == (4, 3)
    assert [r.label for r in f.by_department] == ["县市场监管局(本级)", "县市场监管局登记注册股"]


def test_an_empty_campaign_shows_zeros_and_no_rates(scenario, users):
    f = figures_for(users["leader"], campaign=CampaignFactory(theme="空活动"))
    assert (f.sessions, f.found, f.rectified, f.overdue, f.officials_walked, f.roster) == (0, 0, 0, 0, 0, 6)
    assert (f.rectification_rate, f.satisfaction_rate, f.average_working_days) == (None, None, None)
    assert f.by_department == f.by_category == f.by_month == ()
    assert all(r.saved == 0 for r in f.reductions)


def test_when_everything_is_closed_the_rate_is_100_and_nothing_is_overdue(org, users):
    campaign = CampaignFactory(starts_on=D(2025, 3, 1), ends_on=D(2025, 6, 30))
    from tests.reports_scenario import session

    walk = session(campaign, "simulated", org.police, users["other_liaison"].official, D(2025, 4, 1),
                   by=users["staff"])
    for day in (D(2025, 4, 1), D(2025, 4, 2)):
        ledger_issue(by=users["staff"], title="全部销号", found=day, stage=Stage.CLOSED, walkthrough=walk,
                     department=org.police, closed=D(2025, 4, 3), deadline=D(2025, 4, 2))
    f = figures_for(users["leader"], campaign=campaign)
    assert (f.found, f.rectified, f.rectification_rate, f.overdue) == (2, 2, Decimal("100.0"), 0)
    assert f.average_working_days == Decimal("1.5")  # 04-01→04-03: 2; 04-02→04-03: 1


def test_a_reopened_issue_is_counted_once_with_its_final_closing_date(scenario, users):
    i2 = scenario.issues.i2
    assert i2.events.filter(to_stage=Stage.EVALUATION).count() == 2
    only_i2 = figures_for(users["leader"], campaign=scenario.a, date_from=D(2025, 4, 1), date_to=D(2025, 4, 1),
                          department=Department.objects.get(code="C0201"))
    assert (only_i2.found, only_i2.rectified) == (2, 1)  # I2 and I3 (found 04-01 in the unit), I2 once
    assert only_i2.average_working_days == Decimal("9.0")


def test_an_issue_whose_department_moved_counts_under_its_new_parent(scenario, users, org):
    Department.objects.move(org.market_unit, org.police, "sorted-child")
    f = figures_for(users["leader"], campaign=scenario.a)
    assert [(r.label, r.found, r.rectified, r.overdue) for r in f.by_department] == [
        ("县市场监管局", 1, 1, 0), ("县公安局", 4, 2, 1), ("未交办(暂无责任单位)", 1, 0, 0),
    ]
    market = figures_for(users["liaison"], campaign=scenario.a)
    assert (market.found, market.roster) == (1, 3)  # the unit and its chief left his subtree


def test_the_dashboard_page_shows_the_figures_with_charts_and_tables(client, scenario, users):
    client.login(username="leader", password=PASSWORD)
    response = client.get(reverse("reports:dashboard"), {"campaign": scenario.a.pk})
    page = response.content.decode()
    assert response.status_code == 200
    for figure, text in [("sessions", "3"), ("found", "6"), ("rectified", "3"), ("overdue", "1"),
                         ("fixed_on_spot", "1"), ("long_term_rule", "1"), ("average_working_days", "4")]:
        card = page.split(f'data-figure="{figure}"', 1)[1].split("</a>", 1)[0]
        assert f'class="figure-value">{text}<small>' in card, figure
    assert "50%" in page and "66.7%" in page
    assert "vendor/echarts/echarts.min.js" in page and 'id="dashboard-charts"' in page
    assert "县市场监管局" in page and "各部门整改情况" in page


def test_opening_the_dashboard_without_parameters_shows_the_current_campaign(client, scenario, users):
    client.login(username="leader", password=PASSWORD)
    running = CampaignFactory(theme="正在进行的活动")
    response = client.get(reverse("reports:dashboard"))
    assert response.context["figures"].filters.campaign == running
    assert "正在进行的活动" in response.context["subject"]


def test_a_participant_may_not_open_reports_and_a_stranger_is_sent_to_log_in(client, users):
    assert client.get(reverse("reports:dashboard")).status_code == 302
    client.login(username="walker", password=PASSWORD)
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert client.get(reverse("reports:briefing")).status_code == 403


def test_a_liaison_cannot_report_on_another_department(client, scenario, users, org):
    client.login(username="liaison", password=PASSWORD)
    response = client.get(reverse("reports:dashboard"), {"campaign": scenario.a.pk, "department": org.police.pk})
    assert response.status_code == 200 and "figures" not in response.context
    assert response.context["form"].errors["department"]


def test_a_period_that_ends_before_it_starts_is_refused_next_to_the_field(client, users):
    client.login(username="leader", password=PASSWORD)
    response = client.get(reverse("reports:dashboard"), {"date_from": "2025-05-01", "date_to": "2025-04-01"})
    assert response.context["form"].errors["date_to"] == ["截止日期不能早于开始日期"]
    assert "截止日期不能早于开始日期" in response.content.decode()


def _add_issues(org, users, campaign, walk, count):
    for _ in range(count):
        ledger_issue(by=users["staff"], title="批量", found=D(2025, 4, 2), stage=Stage.CLOSED, walkthrough=walk,
                     department=org.police, closed=D(2025, 4, 9), evaluation="satisfied")


def test_dashboard_queries_do_not_grow_with_the_number_of_rows(client, org, users, django_assert_max_num_queries):
    from tests.reports_scenario import session

    campaign = CampaignFactory(starts_on=D(2025, 3, 1), ends_on=D(2025, 6, 30))
    walk = session(campaign, "simulated", org.police, users["other_liaison"].official, D(2025, 4, 1),
                   by=users["staff"])
    client.login(username="leader", password=PASSWORD)
    url = f"{reverse('reports:dashboard')}?campaign={campaign.pk}"
    _add_issues(org, users, campaign, walk, 3)
    client.get(url)  # warm caches (roles, calendar years) so both counts compare like for like
    # A constant price per page: the figures, plus the user's scope binding and the scoped filter choices.
    with django_assert_max_num_queries(36) as few:
        assert client.get(url).context["figures"].found == 3
    _add_issues(org, users, campaign, walk, 30)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        assert client.get(url).context["figures"].found == 33
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_average_uses_the_working_day_calendar_not_monday_to_friday(org, users):
    campaign = CampaignFactory(starts_on=D(2025, 9, 1), ends_on=D(2025, 10, 31))
    from tests.reports_scenario import session

    walk = session(campaign, "simulated", org.police, users["other_liaison"].official, D(2025, 9, 29),
                   by=users["staff"])
    # 2025-09-30 → 2025-10-11: National Day 10-01..10-08 off, Saturday 10-11 is a make-up working day
    ledger_issue(by=users["staff"], title="国庆跨节", found=D(2025, 9, 30), stage=Stage.CLOSED, walkthrough=walk,
                 department=org.police, closed=D(2025, 10, 11))
    f = figures_for(users["leader"], campaign=campaign)
    assert f.average_working_days == Decimal("3.0")  # 10-09, 10-10, 10-11


def test_a_deadline_of_today_is_not_overdue_yet(org, users):
    campaign = CampaignFactory()
    from django.utils import timezone

    from tests.reports_scenario import session

    today = timezone.localdate()
    walk = session(campaign, "simulated", org.police, users["other_liaison"].official, today,
                   by=users["staff"])
    ledger_issue(by=users["staff"], title="今天到期", found=today, stage=Stage.RECTIFICATION, walkthrough=walk,
                 department=org.police, deadline=today)
    ledger_issue(by=users["staff"], title="昨天到期", found=today - datetime.timedelta(days=3),
                 stage=Stage.RECTIFICATION, walkthrough=walk, department=org.police,
                 deadline=today - datetime.timedelta(days=1))
    assert figures_for(users["leader"], campaign=campaign).overdue == 1
