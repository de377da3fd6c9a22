"""立行立改 and what a closed rectification does to its service items, through the same services as any issue."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from issues import workflow
from issues.models import Issue
from issues.services import issue_create, issue_transition
from tests.factories import PASSWORD, CampaignFactory, ServiceItemFactory, WalkthroughFactory, make_issue
from tests.seed_campaigns import close_through_loop

pytestmark = pytest.mark.django_db


def test_staff_close_a_finding_fixed_on_the_spot_with_its_events(users, org):
    issue = make_issue(by=users["staff"], department=org.market)
    closed = issue_transition(issue=issue, action="fix_on_spot", by=users["staff"], changes={
        "department": org.market, "responsible_person": "市场局长", "measures": "当场更换叫号机",
        "long_term_rule": False,
    })
    assert (closed.stage, closed.fixed_on_spot, closed.measures) == (Issue.Stage.CLOSED, True, "当场更换叫号机")
    assert [(e.from_stage, e.to_stage, e.actor) for e in closed.events.all()] == [
        ("", "experience", users["staff"]), ("experience", "closed", users["staff"])
    ]


def test_on_the_spot_needs_the_head_present_and_the_measures(users, org):
    issue = make_issue(by=users["staff"], department=org.market)
    with pytest.raises(workflow.TransitionRefused, match="部门负责人.*|.*部门负责人"):
        issue_transition(issue=issue, action="fix_on_spot", by=users["staff"],
                         changes={"department": org.market, "responsible_person": "", "measures": "已改"})
    issue.refresh_from_db()
    assert (issue.stage, issue.fixed_on_spot) == (Issue.Stage.EXPERIENCE, False)  # nothing half-written


def test_the_walker_closes_his_own_finding_on_the_spot_from_the_issue_page(client, users, org):
    campaign = CampaignFactory()
    session = WalkthroughFactory(campaign=campaign, department=org.market, lead=users["walker"].official,
                                 created_by=users["walker"])
    issue = issue_create(by=users["walker"], title="导办台无人", discovered_on=timezone.localdate(),
                         source=Issue.Source.WALKTHROUGH, walkthrough=session, department=org.market)
    client.login(username="walker", password=PASSWORD)
    response = client.post(reverse("issues:issue_step", args=[issue.pk, "fix_on_spot"]), {
        "fix_on_spot-department": org.market.pk, "fix_on_spot-responsible_person": "市场局长",
        "fix_on_spot-measures": "局长现场安排人员到岗", "fix_on_spot-seen_stage": "experience",
    })
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.stage, issue.fixed_on_spot, issue.campaign) == (Issue.Stage.CLOSED, True, campaign)


def test_closing_gives_the_named_items_their_new_values_and_keeps_the_old(users, org):
    item = ServiceItemFactory(department=org.market, statutory_limit_days=20, promised_limit_days=10, step_count=6)
    other = ServiceItemFactory(department=org.market, statutory_limit_days=20, promised_limit_days=10)
    issue = make_issue(by=users["staff"], department=org.market)
    reductions = {"time_limit": (Decimal(10), Decimal(3), [item]), "steps": (Decimal(6), Decimal(4), [item])}
    issue = issue_transition(issue=issue, action="hand_off", by=users["staff"], changes={
        "department": org.market, "deadline": timezone.localdate() + datetime.timedelta(days=9)})
    item.refresh_from_db()
    assert item.promised_limit_days == 10  # not before the issue is closed
    close_through_loop(Issue.objects.get(pk=issue.pk), staff=users["staff"], liaison=users["liaison"],
                       reductions=reductions, already_handed_off=True)
    item.refresh_from_db()
    other.refresh_from_db()
    assert (item.promised_limit_days, item.step_count, other.promised_limit_days) == (3, 4, 10)
    history = list(item.history.order_by("history_date").values_list("promised_limit_days", "step_count"))
    assert history[0] == (10, 6) and history[-1] == (3, 4)
    assert item.history.latest().history_change_reason == f"台账{issue.number}整改销号"


def test_a_suggestion_from_12345_joins_the_campaign_running_on_its_date_unless_staff_choose(users, org):
    campaign = CampaignFactory()
    from issues.services import issue_report

    default = issue_report(by=users["staff"], title="建议增加自助机", discovered_on=timezone.localdate(),
                           source=Issue.Source.HOTLINE_12345, kind=Issue.Kind.SUGGESTION)
    chosen = issue_report(by=users["staff"], title="去年的工单", discovered_on=timezone.localdate(),
                          source=Issue.Source.HOTLINE_12345, campaign=None)
    assert (default.campaign, default.kind, chosen.campaign) == (campaign, "suggestion", None)


def test_a_walker_cannot_close_on_the_spot_what_someone_else_found(users, org):
    issue = make_issue(by=users["staff"], department=org.market)
    with pytest.raises(workflow.TransitionRefused, match="没有权限"):
        issue_transition(issue=issue, action="fix_on_spot", by=users["walker"], changes={
            "department": org.market, "responsible_person": "市场局长", "measures": "已改",
        })
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.EXPERIENCE
