"""The closed loop as a table: every step allowed and refused, for every role (no database)."""

import dataclasses

import pytest

from campaigns.roles import Role
from issues import workflow
from issues.workflow import IssueFacts, Stage, TransitionRefused

READY = IssueFacts(has_department=True, has_deadline=True, has_measures=True, has_evidence=True, evaluation_passed=True,
                   has_responsible_person=True)

ALLOWED = {
    ("hand_off", Role.CENTER_STAFF),
    ("acknowledge", Role.DEPT_LIAISON),
    ("submit", Role.DEPT_LIAISON),
    ("accept", Role.CENTER_STAFF),
    ("accept", Role.LEADER),
    ("reject", Role.CENTER_STAFF),
    ("reject", Role.LEADER),
    ("send_back", Role.DEPT_LIAISON),
    ("reassign", Role.CENTER_STAFF),
    ("fix_on_spot", Role.CENTER_STAFF),
    ("fix_on_spot", Role.PARTICIPANT),  # the walker, on what he found (services.acting_roles)
}


def ready_for(step):
    """Everything a step needs; a 改派 exists only for an issue a department had before."""
    return dataclasses.replace(READY, was_handed_off=step.only_if == "was_handed_off")


@pytest.mark.parametrize("step", workflow.STEPS, ids=lambda s: s.action)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_step_is_open_to_exactly_its_roles(step, role):
    if (step.action, role) in ALLOWED:
        taken = workflow.plan(stage=step.source, action=step.action, roles={role}, facts=ready_for(step), note="理由")
        assert taken.target == step.target
    else:
        with pytest.raises(TransitionRefused, match="没有权限"):
            workflow.plan(stage=step.source, action=step.action, roles={role}, facts=ready_for(step), note="理由")


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
    assert [s.action for s in workflow.steps_from(Stage.FEEDBACK, {Role.DEPT_LIAISON})] == ["acknowledge", "send_back"]
    assert workflow.steps_from(Stage.RECTIFICATION, {workflow.ASSISTING_LIAISON}) == []


# ── Around the loop: what may be filled in at each stage, and by whom ──────────────────────────────────────────

MAY = {
    "edit_details": ({Role.CENTER_STAFF}, set(Stage) - {Stage.CLOSED}),
    "record_rectification": ({Role.DEPT_LIAISON, Role.CENTER_STAFF}, {Stage.RECTIFICATION}),
    "add_evidence": ({Role.DEPT_LIAISON, Role.CENTER_STAFF, workflow.ASSISTING_LIAISON}, {Stage.RECTIFICATION}),
    "record_assistance": ({workflow.ASSISTING_LIAISON}, {Stage.RECTIFICATION}),
    "set_assisting": ({Role.CENTER_STAFF}, {Stage.EXPERIENCE, Stage.FEEDBACK, Stage.RECTIFICATION}),
    "urge": ({Role.CENTER_STAFF, Role.LEADER}, {Stage.FEEDBACK, Stage.RECTIFICATION}),
    "reply_urging": ({Role.DEPT_LIAISON}, {Stage.FEEDBACK, Stage.RECTIFICATION, Stage.EVALUATION, Stage.CLOSED}),
    "record_callback": ({Role.CENTER_STAFF}, {Stage.EVALUATION}),
    "request_extension": ({Role.DEPT_LIAISON}, {Stage.FEEDBACK, Stage.RECTIFICATION}),
    "decide_extension": ({Role.CENTER_STAFF}, set(Stage) - {Stage.CLOSED}),
}


def test_every_activity_is_in_the_table():
    assert set(MAY) == set(workflow.ACTIVITIES_BY_NAME)


@pytest.mark.parametrize("activity", sorted(MAY))
@pytest.mark.parametrize("role", [*Role, workflow.ASSISTING_LIAISON], ids=str)
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


# ── Wrong department: 退回 and 改派 ────────────────────────────────────────────────────────────────────────────

def test_the_liaison_sends_an_issue_back_to_the_center_with_a_reason():
    with pytest.raises(TransitionRefused, match="理由"):
        workflow.plan(stage=Stage.FEEDBACK, action="send_back", roles={Role.DEPT_LIAISON}, facts=READY, note=" ")
    step = workflow.plan(
        stage=Stage.FEEDBACK, action="send_back", roles={Role.DEPT_LIAISON}, facts=READY, note="不属于本单位职责"
    )
    assert step.target == Stage.EXPERIENCE and step.releases_department and not step.reopens


def test_a_sent_back_issue_is_reassigned_not_handed_off_again():
    returned = dataclasses.replace(READY, was_handed_off=True)
    on_the_spot = "fix_on_spot"  # 立行立改 stays open beside either
    assert [s.action for s in workflow.steps_from(Stage.EXPERIENCE, {Role.CENTER_STAFF}, returned)] == [
        "reassign", on_the_spot
    ]
    assert [s.action for s in workflow.steps_from(Stage.EXPERIENCE, {Role.CENTER_STAFF}, READY)] == [
        "hand_off", on_the_spot
    ]
    with pytest.raises(TransitionRefused, match="改派"):
        workflow.plan(stage=Stage.EXPERIENCE, action="hand_off", roles={Role.CENTER_STAFF}, facts=returned)
    with pytest.raises(TransitionRefused, match="交办"):
        workflow.plan(stage=Stage.EXPERIENCE, action="reassign", roles={Role.CENTER_STAFF}, facts=READY, note="x")


@pytest.mark.parametrize("stage", [Stage.EXPERIENCE, Stage.FEEDBACK, Stage.RECTIFICATION])
def test_staff_reassign_from_experience_feedback_and_rectification_to_feedback(stage):
    returned = dataclasses.replace(READY, was_handed_off=True)
    step = workflow.plan(stage=stage, action="reassign", roles={Role.CENTER_STAFF}, facts=returned, note="改派公安局")
    assert step.target == Stage.FEEDBACK and step.gives_department


@pytest.mark.parametrize("stage", [Stage.EVALUATION, Stage.CLOSED])
def test_no_reassign_once_the_department_has_submitted(stage):
    returned = dataclasses.replace(READY, was_handed_off=True)
    with pytest.raises(TransitionRefused, match="当前处于"):
        workflow.plan(stage=stage, action="reassign", roles={Role.CENTER_STAFF}, facts=returned, note="x")


def test_an_assisting_liaison_adds_but_never_submits_or_asks_for_time():
    roles = {workflow.ASSISTING_LIAISON}
    assert workflow.may("add_evidence", stage=Stage.RECTIFICATION, roles=roles)
    assert workflow.may("record_assistance", stage=Stage.RECTIFICATION, roles=roles)
    assert not workflow.may("record_rectification", stage=Stage.RECTIFICATION, roles=roles)
    assert not workflow.may("request_extension", stage=Stage.RECTIFICATION, roles=roles)
    with pytest.raises(TransitionRefused, match="没有权限"):
        workflow.plan(stage=Stage.RECTIFICATION, action="submit", roles=roles, facts=READY)


def test_only_reassigning_while_a_department_holds_the_issue_is_not_a_next_step():
    """改派 at 反馈交办 or 整改中 corrects the loop's course beside it; after a 退回 (the issue back at 体验发现) it is
    the next step, as every step leaving its own stage is."""
    reassign = workflow.STEPS_BY_ACTION["reassign"]
    assert not workflow.moves_on(reassign, Stage.FEEDBACK)
    assert not workflow.moves_on(reassign, Stage.RECTIFICATION)
    assert workflow.moves_on(reassign, Stage.EXPERIENCE)
    assert [step.action for step in workflow.STEPS if not workflow.moves_on(step, step.source)] == ["reassign"]
