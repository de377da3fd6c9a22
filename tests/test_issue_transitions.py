"""Every step of the loop, taken through the service (`issue_transition`) by every role: allowed for exactly the
roles workflow.py names, refused for everyone else with nothing changed; and every step refused from every
other stage."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from issues import workflow
from issues.models import Evidence, Issue, IssueEvent
from issues.selectors import reopen_count
from issues.services import issue_transition
from tests.factories import PASSWORD, make_issue

pytestmark = pytest.mark.django_db

ALLOWED = {
    "hand_off": {"staff"},
    "acknowledge": {"liaison"},
    "submit": {"liaison"},
    "accept": {"staff", "leader"},
    "reject": {"staff", "leader"},
    "send_back": {"liaison"},
    "reassign": {"staff"},
    "fix_on_spot": {"staff"},  # and a walker, on what he found himself (tests/test_fix_on_spot.py)
}
EVERYONE = ["staff", "leader", "liaison", "other_liaison", "walker"]


def issue_ready_for(step, org, staff) -> Issue:
    """An issue of the market department at the step's source stage, with everything the step needs."""
    issue = make_issue(by=staff, department=org.market, stage=step.source, measures="增设取号机")
    Evidence.objects.create(issue=issue, file=ContentFile(b"%PDF-1.4", name="proof.pdf"), uploaded_by=staff)
    if step.only_if == "was_handed_off":
        IssueEvent.objects.create(issue=issue, actor=staff, from_stage="experience", to_stage="feedback",
                                  action="hand_off", to_department=org.market)
    return issue


def step_input(step, org):
    today = timezone.localdate()
    return {
        "hand_off": ({"department": org.market, "deadline": today + datetime.timedelta(days=7)}, ""),
        "acknowledge": ({}, ""),
        "submit": ({"measures": "增设取号机并培训窗口人员"}, ""),
        "accept": ({"evaluation": "satisfied"}, ""),
        "reject": ({"evaluation": "dissatisfied"}, "回访群众仍不满意"),
        "send_back": ({}, "不属于本单位职责"),
        "reassign": ({"department": org.police, "deadline": today + datetime.timedelta(days=7)}, "职责在公安局"),
        "fix_on_spot": ({"department": org.market, "responsible_person": "市场局长", "measures": "当场整改"}, ""),
    }[step.action]


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("step", workflow.STEPS, ids=lambda step: step.action)
def test_each_step_is_taken_only_by_the_roles_the_workflow_names(step, who, org, users):
    issue = issue_ready_for(step, org, users["staff"])
    changes, note = step_input(step, org)
    before = (issue.events.count(), issue.history.count())

    if who in ALLOWED[step.action]:
        moved = issue_transition(issue=issue, action=step.action, by=users[who], note=note, changes=changes)
        assert moved.stage == step.target
        event = moved.events.last()
        assert (event.actor, event.from_stage, event.to_stage, event.note) == (
            users[who], step.source, step.target, note
        )
    else:
        with pytest.raises(workflow.TransitionRefused, match="没有权限"):
            issue_transition(issue=issue, action=step.action, by=users[who], note=note, changes=changes)
        issue.refresh_from_db()
        assert issue.stage == step.source
        assert (issue.events.count(), issue.history.count()) == before


@pytest.mark.parametrize(
    "step, stage",
    [(step, stage) for step in workflow.STEPS for stage in workflow.Stage if stage not in step.sources],
    ids=lambda value: getattr(value, "action", None) or str(value),
)
def test_no_step_is_taken_from_a_stage_it_does_not_start_from(step, stage, org, users):
    issue = make_issue(by=users["staff"], department=org.market, stage=stage, measures="增设取号机")
    changes, note = step_input(step, org)
    actor = users[sorted(ALLOWED[step.action])[0]]
    with pytest.raises(workflow.TransitionRefused, match="当前处于"):
        issue_transition(issue=issue, action=step.action, by=actor, note=note, changes=changes)
    issue.refresh_from_db()
    assert issue.stage == stage and issue.events.count() == 1


@pytest.mark.parametrize(
    "action, stage, who, changes, note, message",
    [
        ("submit", "rectification", "liaison", {"measures": "已整改"}, "", "佐证材料"),
        ("submit", "rectification", "liaison", {"measures": "  "}, "", "整改措施"),
        ("accept", "evaluation", "leader", {"evaluation": "dissatisfied"}, "", "满意"),
        ("reject", "evaluation", "staff", {"evaluation": "dissatisfied"}, " ", "理由"),
    ],
)
def test_a_step_missing_what_it_needs_is_refused_and_changes_nothing(action, stage, who, changes, note, message,
                                                                     org, users):
    issue = make_issue(by=users["staff"], department=org.market, stage=stage)
    with pytest.raises(workflow.TransitionRefused, match=message):
        issue_transition(issue=issue, action=action, by=users[who], note=note, changes=changes)
    issue.refresh_from_db()
    assert issue.stage == stage and issue.measures == "" and issue.evaluation == ""


def test_a_step_cannot_change_a_field_that_is_not_its_own(org, users):
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.FEEDBACK)
    with pytest.raises(workflow.TransitionRefused, match="此操作不能修改“整改时限”"):
        issue_transition(issue=issue, action="acknowledge", by=users["liaison"],
                         changes={"deadline": datetime.date(2030, 1, 1)})


def test_the_step_refuses_when_the_user_saw_an_older_stage(org, users):
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.RECTIFICATION)
    with pytest.raises(workflow.TransitionRefused, match="已被他人处理,当前环节为“整改中”"):
        issue_transition(issue=issue, action="acknowledge", by=users["liaison"], expected_stage="feedback")


def test_reopens_are_counted_from_the_events(org, users):
    issue = issue_ready_for(workflow.STEPS_BY_ACTION["reject"], org, users["staff"])
    for _round in range(2):
        issue = issue_transition(issue=issue, action="reject", by=users["leader"], note="仍不满意",
                                 changes={"evaluation": "dissatisfied"})
        issue = issue_transition(issue=issue, action="submit", by=users["liaison"], changes={"measures": "再整改"})
    assert reopen_count(issue) == 2


def test_the_page_offers_each_user_only_the_steps_he_may_take(client, org, users):
    feedback = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.FEEDBACK)
    evaluation = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.EVALUATION)
    expected = {
        ("liaison", feedback): ["acknowledge", "send_back"],
        ("staff", feedback): [],
        ("leader", feedback): [],
        ("liaison", evaluation): [],
        ("leader", evaluation): ["accept", "reject"],
        ("staff", evaluation): ["accept", "reject"],
    }
    for (username, issue), actions in expected.items():
        client.login(username=users[username].username, password=PASSWORD)
        page = client.get(issue.get_absolute_url()).content.decode()
        offered = [action for action in workflow.STEPS_BY_ACTION if f'id="step-{action}"' in page]
        assert offered == actions, (username, issue.stage)


def test_a_refused_post_keeps_the_users_note_and_says_why(client, org, users):
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.RECTIFICATION)
    client.login(username="liaison", password=PASSWORD)
    response = client.post(
        reverse("issues:issue_step", args=[issue.pk, "acknowledge"]),
        {"acknowledge-note": "已签收,马上整改", "acknowledge-seen_stage": "feedback"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "该问题已被他人处理,当前环节为“整改中”" in page and "已签收,马上整改" in page
