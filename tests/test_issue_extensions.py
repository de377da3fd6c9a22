"""Deadline extensions: the liaison asks with a reason and a date, center staff approve or refuse; both are kept
and shown on the issue page."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from issues import workflow
from issues.models import DeadlineExtension, Issue
from issues.services import extension_decide, extension_request, issue_transition
from tests.factories import PASSWORD, make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(org, users):
    """Handed off and acknowledged through the service, so its field history is the real one."""
    issue = make_issue(by=users["staff"])
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    issue = issue_transition(issue=issue, action="hand_off", by=users["staff"],
                             changes={"department": org.market, "deadline": deadline})
    return issue_transition(issue=issue, action="acknowledge", by=users["liaison"])


def later(issue, days=20):
    return issue.deadline + datetime.timedelta(days=days)


def test_the_liaison_asks_and_staff_approve_so_the_deadline_moves_and_history_keeps_it(issue, users):
    old_deadline = issue.deadline
    request = extension_request(
        issue=issue, by=users["liaison"], reason="需协调系统改造", requested_deadline=later(issue)
    )
    assert (request.status, request.current_deadline) == ("pending", old_deadline)

    decided = extension_decide(extension=request, by=users["staff"], approve=True, note="同意")
    issue.refresh_from_db()
    assert (decided.status, decided.decided_by, issue.deadline) == ("approved", users["staff"], later(issue, 0))
    latest = issue.history.latest()
    assert (latest.deadline, latest.history_user, latest.history_change_reason) == (
        request.requested_deadline, users["staff"], "同意延期申请"
    )
    assert latest.prev_record.deadline == old_deadline


def test_staff_refuse_with_a_reason_and_the_deadline_stays(issue, users):
    old_deadline = issue.deadline
    request = extension_request(issue=issue, by=users["liaison"], reason="人手不足", requested_deadline=later(issue))
    with pytest.raises(ValidationError) as refused:
        extension_decide(extension=request, by=users["staff"], approve=False, note="")
    assert "驳回延期申请须填写理由" in str(refused.value)
    extension_decide(extension=request, by=users["staff"], approve=False, note="非客观原因,不予延期")
    request.refresh_from_db()
    issue.refresh_from_db()
    assert (request.status, request.decision_note, issue.deadline) == ("refused", "非客观原因,不予延期", old_deadline)


@pytest.mark.parametrize("who", ["staff", "leader", "other_liaison", "walker"])
def test_only_the_responsible_liaison_may_ask(issue, users, who):
    with pytest.raises(workflow.TransitionRefused, match="没有权限申请延期"):
        extension_request(issue=issue, by=users[who], reason="理由", requested_deadline=later(issue))
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("who", ["leader", "liaison", "other_liaison", "walker"])
def test_only_center_staff_may_decide(issue, users, who):
    request = extension_request(issue=issue, by=users["liaison"], reason="理由", requested_deadline=later(issue))
    with pytest.raises(workflow.TransitionRefused, match="没有权限审批延期"):
        extension_decide(extension=request, by=users[who], approve=True)
    request.refresh_from_db()
    assert request.status == "pending"


def test_the_new_date_must_be_later_and_the_reason_given(issue, users):
    with pytest.raises(ValidationError) as refused:
        extension_request(issue=issue, by=users["liaison"], reason=" ", requested_deadline=issue.deadline)
    assert set(refused.value.message_dict) == {"reason", "requested_deadline"}
    assert "须晚于现整改时限" in refused.value.message_dict["requested_deadline"][0]


def test_an_overdue_issue_may_be_extended_but_not_to_another_past_day(client, issue, users):
    Issue.objects.filter(pk=issue.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=10))
    issue.refresh_from_db()
    client.login(username="liaison", password=PASSWORD)
    url = reverse("issues:extension_request", args=[issue.pk])
    response = client.post(url, {"requested_deadline": later(issue, 5).isoformat(), "reason": "理由"})
    assert response.status_code == 400 and "申请延至的日期不能早于今天" in response.content.decode()
    assert not DeadlineExtension.objects.exists()
    assert client.post(url, {"requested_deadline": later(issue, 15).isoformat(), "reason": "理由"}).status_code == 302


def test_one_request_waits_at_a_time_and_a_decided_one_cannot_be_decided_again(issue, users):
    request = extension_request(issue=issue, by=users["liaison"], reason="理由", requested_deadline=later(issue))
    with pytest.raises(workflow.TransitionRefused, match="已有一条待审批"):
        extension_request(issue=issue, by=users["liaison"], reason="再申请", requested_deadline=later(issue, 30))
    extension_decide(extension=request, by=users["staff"], approve=True)
    with pytest.raises(workflow.TransitionRefused, match=re.escape("已由staff处理(已同意)")):
        extension_decide(extension=request, by=users["staff"], approve=False, note="改主意")


@pytest.mark.parametrize("stage", ["experience", "evaluation", "closed"])
def test_no_extension_is_asked_outside_feedback_and_rectification(org, users, stage):
    issue = make_issue(by=users["staff"], department=org.market, stage=stage)
    with pytest.raises(workflow.TransitionRefused, match="不能申请延期"):
        extension_request(issue=issue, by=users["liaison"], reason="理由", requested_deadline=datetime.date(2030, 1, 1))


def test_request_and_decision_through_the_page_are_both_shown(client, issue, users):
    client.login(username="liaison", password=PASSWORD)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert 'id="extension-request"' in page
    response = client.post(
        reverse("issues:extension_request", args=[issue.pk]),
        {"requested_deadline": later(issue).isoformat(), "reason": "涉及系统改造,需省厅配合"},
    )
    assert response.status_code == 302
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "待中心审批" in page and 'id="extension-decision"' not in page and 'id="extension-request"' not in page

    client.login(username="staff", password=PASSWORD)
    request = DeadlineExtension.objects.get()
    page = client.get(issue.get_absolute_url()).content.decode()
    assert 'id="extension-decision"' in page
    response = client.post(reverse("issues:extension_decide", args=[issue.pk, request.pk]),
                           {"decision": "refuse", "decision_note": ""})
    assert response.status_code == 400 and "驳回延期申请须填写理由" in response.content.decode()
    response = client.post(reverse("issues:extension_decide", args=[issue.pk, request.pk]),
                           {"decision": "approve", "decision_note": "同意"})
    assert response.status_code == 302
    timeline = client.get(issue.get_absolute_url()).content.decode().split('id="issue-timeline"')[1]
    assert f"申请延期:{issue.deadline.isoformat()} → {later(issue).isoformat()}" in timeline
    assert "涉及系统改造,需省厅配合" in timeline and "同意延期" in timeline
    moved = f'整改时限:<del class="text-muted">{issue.deadline.isoformat()}</del> → {later(issue).isoformat()}'
    assert moved in timeline


def test_an_earlier_date_from_the_page_is_refused_next_to_the_field(client, issue, users):
    client.login(username="liaison", password=PASSWORD)
    response = client.post(
        reverse("issues:extension_request", args=[issue.pk]),
        {"requested_deadline": issue.deadline.isoformat(), "reason": "理由"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "须晚于现整改时限" in page
    assert 'id="error_1_id_requested_deadline"' in page or "is-invalid" in page
    assert not DeadlineExtension.objects.exists()
