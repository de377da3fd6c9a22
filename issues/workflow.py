"""The closed loop 体验 → 反馈 → 整改 → 评价, in one place.

Everything about how an issue moves is here, as data: the stages, the steps between them, the
roles that may take each step and what each step needs; and, below them, what may be filled in
along the way (details, the rectification and its 四减, evidence, the callback, extensions), by whom
and at which stage. No database: `issues.services` asks this module and enforces its answer.

    experience ──hand_off──▶ feedback ──acknowledge──▶ rectification ──submit──▶ evaluation
    (center staff)     ▲      │  (liaison)          │      ▲     (lead liaison)       │
         ▲             │      │                     │      └── reject (staff, leader) ┤
         │             └──────┴── reassign 改派 ◀────┘                                 │
         │                        (center staff: another department, a new deadline)    │
         └── send_back 退回 (liaison: "not ours", with a reason) ◀── feedback            │
             …then reassign 改派 from experience                   closed ◀── accept (staff, leader)
    experience ──fix_on_spot 立行立改 (staff, or the walker with the department head present) ──▶ closed

Who acts for an issue is decided per issue (services.acting_roles): a liaison acts as `dept_liaison` only for
issues of his department (主办, the lead), and as ASSISTING_LIAISON for issues his department assists (协办):
assisting departments add measures and evidence, only the lead signs for, submits and asks for more time.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.roles import Role

# A liaison whose department assists (协办) on this issue; not a group, derived per issue like the lead's role.
ASSISTING_LIAISON = "assisting_liaison"


class Stage(models.TextChoices):
    EXPERIENCE = "experience", _("体验发现")
    FEEDBACK = "feedback", _("反馈交办")
    RECTIFICATION = "rectification", _("整改中")
    EVALUATION = "evaluation", _("评价验收")
    CLOSED = "closed", _("已销号")


@dataclass(frozen=True)
class IssueFacts:
    """What the workflow needs to know about an issue to decide whether a step may be taken."""

    has_department: bool = False
    has_deadline: bool = False
    has_measures: bool = False
    has_evidence: bool = False
    evaluation_passed: bool = False
    has_responsible_person: bool = False
    was_handed_off: bool = False  # a department had it once: a re-dispatch is a 改派, not a first 交办


@dataclass(frozen=True)
class Requirement:
    fact: str
    message: str


@dataclass(frozen=True)
class Step:
    action: str
    label: str
    source: Stage
    target: Stage
    roles: frozenset
    requires: tuple = ()
    note_required: bool = False
    fields: tuple = ()  # what the actor fills in while taking the step
    sets: tuple = ()  # (field, value) pairs the step itself records, e.g. 立行立改 marks fixed_on_spot
    also_from: frozenset = frozenset()  # further stages the step may be taken from (改派)
    reopens: bool = False  # the rectification failed its evaluation and goes round again (counted)
    only_if: str = ""  # a fact that must hold for the step to exist at all (not filled in by its form)
    unless: str = ""  # a fact that must not hold
    gives_department: bool = False  # the step names the (new) lead department
    releases_department: bool = False  # the department gives the issue back to the center

    @property
    def sources(self) -> frozenset:
        return frozenset({self.source}) | self.also_from

    def applies(self, facts: "IssueFacts | None") -> bool:
        """Whether the step exists for an issue with these facts (None: not known, assume it does)."""
        if facts is None:
            return True
        if self.only_if and not getattr(facts, self.only_if):
            return False
        return not (self.unless and getattr(facts, self.unless))


STAGE_ORDER = list(Stage)

NEEDS_DEPARTMENT = Requirement("has_department", _("请先指定责任单位"))
NEEDS_DEADLINE = Requirement("has_deadline", _("请先设定整改时限"))
NEEDS_MEASURES = Requirement("has_measures", _("请先填写整改措施"))
NEEDS_EVIDENCE = Requirement("has_evidence", _("请先上传整改佐证材料"))
NEEDS_RESPONSIBLE_PERSON = Requirement("has_responsible_person", _("请填写在场确认整改的部门负责人"))
NEEDS_PASSING_EVALUATION = Requirement("evaluation_passed", _("评价结果为满意或基本满意以上才能销号"))

STEPS = (
    Step(
        "hand_off", _("交办"), Stage.EXPERIENCE, Stage.FEEDBACK,
        frozenset({Role.CENTER_STAFF}), (NEEDS_DEPARTMENT, NEEDS_DEADLINE),
        fields=("department", "deadline", "responsible_person"), unless="was_handed_off", gives_department=True,
    ),
    Step("acknowledge", _("签收"), Stage.FEEDBACK, Stage.RECTIFICATION, frozenset({Role.DEPT_LIAISON})),
    # 退回: "not our responsibility". The issue goes back to the center without a department, to be re-dispatched.
    Step(
        "send_back", _("退回"), Stage.FEEDBACK, Stage.EXPERIENCE, frozenset({Role.DEPT_LIAISON}),
        note_required=True, releases_department=True,
    ),
    # 改派: the center gives the issue to another department with a new deadline — after a 退回, or on its own
    # initiative while the first department has not finished. The new department signs for it again.
    Step(
        "reassign", _("改派"), Stage.FEEDBACK, Stage.FEEDBACK,
        frozenset({Role.CENTER_STAFF}), (NEEDS_DEPARTMENT, NEEDS_DEADLINE), note_required=True,
        fields=("department", "deadline", "responsible_person"),
        also_from=frozenset({Stage.EXPERIENCE, Stage.RECTIFICATION}), only_if="was_handed_off", gives_department=True,
    ),
    Step(
        "submit", _("提交验收"), Stage.RECTIFICATION, Stage.EVALUATION,
        frozenset({Role.DEPT_LIAISON}), (NEEDS_MEASURES, NEEDS_EVIDENCE),
        fields=("measures",),
    ),
    Step(
        "accept", _("验收销号"), Stage.EVALUATION, Stage.CLOSED,
        frozenset({Role.CENTER_STAFF, Role.LEADER}), (NEEDS_PASSING_EVALUATION,),
        fields=("evaluation",),
    ),
    Step(
        "reject", _("退回整改"), Stage.EVALUATION, Stage.RECTIFICATION,
        frozenset({Role.CENTER_STAFF, Role.LEADER}), note_required=True,
        fields=("evaluation",), reopens=True,
    ),
    # 立行立改: fixed while the walker is still there, with the department's head present — recorded and closed
    # at once, the department, who confirmed it and the measures written down as for any rectification.
    Step(
        "fix_on_spot", _("立行立改销号"), Stage.EXPERIENCE, Stage.CLOSED,
        frozenset({Role.CENTER_STAFF, Role.PARTICIPANT}),
        (NEEDS_DEPARTMENT, NEEDS_RESPONSIBLE_PERSON, NEEDS_MEASURES),
        fields=("department", "responsible_person", "measures", "long_term_rule"),
        sets=(("fixed_on_spot", True),), gives_department=True,
    ),
)
STEPS_BY_ACTION = {step.action: step for step in STEPS}
# What to say when a step does not exist for this issue: (the fact is missing, the fact holds).
FACT_MESSAGES = {
    "was_handed_off": (_("该问题尚未交办给任何部门,请使用“交办”"), _("该问题曾交办给部门,请使用“改派”")),
}


class TransitionRefused(Exception):
    """The step cannot be taken; the message says why, in the user's language."""


def steps_from(stage: Stage, roles, facts: IssueFacts | None = None) -> list[Step]:
    """The steps these roles may take from this stage (what the issue page offers); with `facts`, only the steps
    that exist for such an issue (a first 交办 or a 改派)."""
    return [
        step for step in STEPS if stage in step.sources and step.roles & set(roles) and step.applies(facts)
    ]


def moves_on(step: Step, stage: Stage) -> bool:
    """Whether `step`, taken at `stage`, is one of the loop's next steps there (the issue page's 下一步) rather than a
    correction taken beside it: 改派 while a department holds the issue leaves the loop where it is (反馈交办) or
    takes it back (整改中); after a 退回 it is the next step."""
    if step.target == stage:
        return False
    return stage == step.source or STAGE_ORDER.index(step.target) > STAGE_ORDER.index(stage)


def missing_requirements(step: Step, facts: IssueFacts) -> list[str]:
    return [str(req.message) for req in step.requires if not getattr(facts, req.fact)]


def plan(*, stage: Stage, action: str, roles, facts: IssueFacts, note: str = "") -> Step:
    """The step to take, or TransitionRefused saying why it may not be taken now."""
    step = STEPS_BY_ACTION.get(action)
    if step is None:
        raise TransitionRefused(_("未知的操作"))
    if stage in step.sources and not step.applies(facts):
        missing_fact, present_fact = FACT_MESSAGES[step.only_if or step.unless]
        raise TransitionRefused(missing_fact if step.only_if else present_fact)
    if stage not in step.sources:
        raise TransitionRefused(
            _("该问题当前处于“%(stage)s”环节,不能执行“%(action)s”")
            % {"stage": Stage(stage).label, "action": step.label}
        )
    if not step.roles & set(roles):
        raise TransitionRefused(_("您没有权限执行“%(action)s”") % {"action": step.label})
    missing = missing_requirements(step, facts)
    if missing:
        raise TransitionRefused(";".join(missing))
    if step.note_required and not note.strip():
        raise TransitionRefused(_("请填写“%(action)s”的理由") % {"action": step.label})
    return step


def reopen_steps() -> list[Step]:
    """The steps that send an issue back round the loop; the reopen count is how often they were taken."""
    return [step for step in STEPS if step.reopens]


# ── Around the loop: what may be recorded at each stage, and by whom ──────────────────────────────────────────
# These do not move the issue; they fill it in. The services ask `check_activity` before writing.

@dataclass(frozen=True)
class Activity:
    name: str
    label: str
    stages: frozenset
    roles: frozenset
    fields: tuple = ()


OPEN_STAGES = frozenset({Stage.EXPERIENCE, Stage.FEEDBACK, Stage.RECTIFICATION, Stage.EVALUATION})
DEPARTMENT_AT_WORK = frozenset({Stage.FEEDBACK, Stage.RECTIFICATION})
# Department and deadline are not among the editable details: they change only by hand-off and extension.

ACTIVITIES = (
    # Center staff keep the ledger line itself accurate until it is closed.
    Activity(
        "edit_details", _("修改问题信息"), OPEN_STAGES, frozenset({Role.CENTER_STAFF}),
        fields=("source", "source_reference", "campaign", "kind", "title", "description", "category", "severity",
                "service_item",
                "responsible_person", "discovered_on", "fixed_on_spot", "long_term_rule", "remarks"),
    ),
    # The department writes down what it did, what it cut (四减) and proves it, while rectifying.
    Activity(
        "record_rectification", _("填报整改情况"), frozenset({Stage.RECTIFICATION}),
        frozenset({Role.DEPT_LIAISON, Role.CENTER_STAFF}),
        fields=("measures", "fixed_on_spot", "long_term_rule"),
    ),
    Activity("add_evidence", _("上传佐证材料"), frozenset({Stage.RECTIFICATION}),
             frozenset({Role.DEPT_LIAISON, Role.CENTER_STAFF, ASSISTING_LIAISON})),
    # 协办: an assisting department writes down its own part; the lead department submits the whole.
    Activity("record_assistance", _("填报协办措施"), frozenset({Stage.RECTIFICATION}),
             frozenset({ASSISTING_LIAISON})),
    # The center names the assisting departments while the issue is with a department, or before the hand-off.
    Activity("set_assisting", _("设置协办单位"), frozenset({Stage.EXPERIENCE}) | DEPARTMENT_AT_WORK,
             frozenset({Role.CENTER_STAFF})),
    # 督办/催办: a leader or the center urges the department with a note; the lead department replies.
    Activity("urge", pgettext_lazy("action", "督办"), DEPARTMENT_AT_WORK, frozenset({Role.CENTER_STAFF, Role.LEADER})),
    Activity("reply_urging", _("回复督办"), DEPARTMENT_AT_WORK | {Stage.EVALUATION, Stage.CLOSED},
             frozenset({Role.DEPT_LIAISON})),
    # The center calls the citizen back (二次回访) before it rates the rectification.
    Activity(
        "record_callback", _("登记二次回访"), frozenset({Stage.EVALUATION}), frozenset({Role.CENTER_STAFF}),
        fields=("callback_on", "callback_by", "callback_result"),
    ),
    # More time: the department asks, the center decides.
    Activity("request_extension", _("申请延期"), DEPARTMENT_AT_WORK, frozenset({Role.DEPT_LIAISON})),
    Activity("decide_extension", _("审批延期"), OPEN_STAGES, frozenset({Role.CENTER_STAFF})),
)
ACTIVITIES_BY_NAME = {activity.name: activity for activity in ACTIVITIES}


def may(activity: str, *, stage: Stage, roles) -> bool:
    found = ACTIVITIES_BY_NAME[activity]
    return stage in found.stages and bool(found.roles & set(roles))


def check_activity(activity: str, *, stage: Stage, roles) -> Activity:
    """The activity, or TransitionRefused saying why it may not be done now."""
    found = ACTIVITIES_BY_NAME[activity]
    if not found.roles & set(roles):
        raise TransitionRefused(_("您没有权限%(action)s") % {"action": found.label})
    if stage not in found.stages:
        raise TransitionRefused(
            _("该问题当前处于“%(stage)s”环节,不能%(action)s") % {"stage": Stage(stage).label, "action": found.label}
        )
    return found


STALE_MESSAGE = _("该问题已被他人处理,当前环节为“%(stage)s”,请刷新页面后再操作")
STALE_EDIT_MESSAGE = _("在您编辑期间,%(who)s于%(when)s修改了该问题。您填写的内容仍在下方,请核对最新信息后重新提交")
MISSING_VERSION_MESSAGE = _(
    "这张表单没有带上它所依据的版本(可能来自过期或被改动的页面),未保存。您填写的内容仍在下方,请核对最新信息后重新提交"
)
FIELD_NOT_EDITABLE = _("此操作不能修改“%(field)s”")


# ── Duplicates: two ledger lines about one blockage ──────────────────────────────────────────────────────────
# Merging closes the duplicate from whatever open stage it is at (its events stay); the kept issue goes on.

MERGE_ROLES = frozenset({Role.CENTER_STAFF})


def plan_merge(*, stage: Stage, into_stage: Stage, roles, same: bool) -> Stage:
    """The stage a duplicate moves to when merged (closed), or TransitionRefused saying why it may not be."""
    if not MERGE_ROLES & set(roles):
        raise TransitionRefused(_("只有中心工作人员可以合并重复问题"))
    if same:
        raise TransitionRefused(_("不能把问题合并到它自己"))
    if stage == Stage.CLOSED:
        raise TransitionRefused(_("已销号的问题不能再合并"))
    if into_stage == Stage.CLOSED:
        raise TransitionRefused(_("不能合并到已销号的问题,请选择仍在办理的问题"))
    return Stage.CLOSED
