"""The closed loop as a table: every step allowed and refused, for every role (no database)."""

import pytest

from campaigns.roles import Role
from issues import workflow
from issues.workflow import IssueFacts, Stage, TransitionRefused

READY = IssueFacts(has_department=True, has_deadline=True, has_measures=True, has_evidence=True, evaluation_passed=True)

ALLOWED = {
    ("hand_off", Role.CENTER_STAFF),
    ("acknowledge", Role.DEPT_LIAISON),
    ("submit", Role.DEPT_LIAISON),
    ("accept", Role.CENTER_STAFF),
    ("accept", Role.LEADER),
    ("reject", Role.CENTER_STAFF),
    ("reject", Role.LEADER),
}


@pytest.mark.parametrize("step", workflow.STEPS, ids=lambda s: s.action)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_step_is_open_to_exactly_its_roles(step, role):
    if (step.action, role) in ALLOWED:
        taken = workflow.plan(stage=step.source, action=step.action, roles={role}, facts=READY, note="理由")
        assert taken.target == step.target
    else:
        with pytest.raises(TransitionRefused, match="没有权限"):
            workflow.plan(stage=step.source, action=step.action, roles={role}, facts=READY, note="理由")


def test_the_loop_runs_experience_to_closed_in_order():
    path = [("hand_off", Role.CENTER_STAFF), ("acknowledge", Role.DEPT_LIAISON), ("submit", Role.DEPT_LIAISON),
            ("accept", Role.LEADER)]
    stage = Stage.EXPERIENCE
    for action, role in path:
        stage = workflow.plan(stage=stage, action=action, roles={role}, facts=READY).target
    assert stage == Stage.CLOSED


@pytest.mark.parametrize("stage", [s for s in Stage if s != Stage.EXPERIENCE])
def test_hand_off_is_refused_from_any_other_stage(stage):
    with pytest.raises(TransitionRefused, match="当前处于"):
        workflow.plan(stage=stage, action="hand_off", roles={Role.CENTER_STAFF}, facts=READY)


def test_closed_issues_offer_no_step_to_anyone():
    assert workflow.steps_from(Stage.CLOSED, set(Role)) == []


@pytest.mark.parametrize(
    "action, stage, role, facts, message",
    [
        ("hand_off", Stage.EXPERIENCE, Role.CENTER_STAFF, IssueFacts(has_deadline=True), "责任单位"),
        ("hand_off", Stage.EXPERIENCE, Role.CENTER_STAFF, IssueFacts(has_department=True), "整改时限"),
        ("submit", Stage.RECTIFICATION, Role.DEPT_LIAISON, IssueFacts(has_evidence=True), "整改措施"),
        ("submit", Stage.RECTIFICATION, Role.DEPT_LIAISON, IssueFacts(has_measures=True), "佐证材料"),
        ("accept", Stage.EVALUATION, Role.CENTER_STAFF, IssueFacts(), "满意"),
    ],
)
def test_a_step_names_what_it_still_needs(action, stage, role, facts, message):
    with pytest.raises(TransitionRefused, match=message):
        workflow.plan(stage=stage, action=action, roles={role}, facts=facts)


def test_reject_needs_a_reason_and_counts_as_a_reopen():
    with pytest.raises(TransitionRefused, match="理由"):
        workflow.plan(stage=Stage.EVALUATION, action="reject", roles={Role.LEADER}, facts=READY, note="  ")
    step = workflow.plan(stage=Stage.EVALUATION, action="reject", roles={Role.LEADER}, facts=READY, note="群众仍不满意")
    assert step.target == Stage.RECTIFICATION and step.reopens


def test_unknown_action_is_refused():
    with pytest.raises(TransitionRefused):
        workflow.plan(stage=Stage.EXPERIENCE, action="delete", roles=set(Role), facts=READY)


def test_steps_from_offers_only_what_the_role_may_take():
    assert [s.action for s in workflow.steps_from(Stage.EVALUATION, {Role.LEADER})] == ["accept", "reject"]
    assert workflow.steps_from(Stage.EVALUATION, {Role.DEPT_LIAISON}) == []
    assert [s.action for s in workflow.steps_from(Stage.FEEDBACK, {Role.DEPT_LIAISON})] == ["acknowledge"]


# ── Around the loop: what may be filled in at each stage, and by whom ──────────────────────────────────────────

MAY = {
    "edit_details": ({Role.CENTER_STAFF}, set(Stage) - {Stage.CLOSED}),
    "record_rectification": ({Role.DEPT_LIAISON, Role.CENTER_STAFF}, {Stage.RECTIFICATION}),
    "add_evidence": ({Role.DEPT_LIAISON, Role.CENTER_STAFF}, {Stage.RECTIFICATION}),
    "record_callback": ({Role.CENTER_STAFF}, {Stage.EVALUATION}),
    "request_extension": ({Role.DEPT_LIAISON}, {Stage.FEEDBACK, Stage.RECTIFICATION}),
    "decide_extension": ({Role.CENTER_STAFF}, set(Stage) - {Stage.CLOSED}),
}


def test_every_activity_is_in_the_table():
    assert set(MAY) == set(workflow.ACTIVITIES_BY_NAME)


@pytest.mark.parametrize("activity", sorted(MAY))
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.value)
def test_each_activity_is_open_to_its_roles_at_its_stages_only(activity, role, stage):
    roles, stages = MAY[activity]
    expected = role in roles and stage in stages
    assert workflow.may(activity, stage=stage, roles={role}) is expected
    if expected:
        assert workflow.check_activity(activity, stage=stage, roles={role}).name == activity
    else:
        with pytest.raises(TransitionRefused, match="没有权限" if role not in roles else "当前处于"):
            workflow.check_activity(activity, stage=stage, roles={role})


def test_only_the_evaluation_failing_step_reopens_the_loop():
    assert [step.action for step in workflow.reopen_steps()] == ["reject"]
