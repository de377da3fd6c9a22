"""A hand-counted ledger for the report tests (no tests here; the dashboard, briefing and export tests use it).

    county 青山县
    ├── 县政务服务中心 (center)
    ├── 县市场监管局 (market) ── 登记注册股 (market_unit)
    ├── 县公安局 (police)
    └── 青石镇 (township)

Campaign A 我陪群众走流程 2025-03-01..2025-06-30; campaign B 局长走流程 2024-03-01..2024-06-30.
Roster (active): liaison, liaison2 (police), walker (market), head_market, head_police, unit_chief; retired is
inactive. Sessions (submitted unless said):
    S1 simulated    market       2025-03-31  head_market + walker
    S2 accompanied  market_unit  2025-04-01  unit_chief
    S3 window_seat  police       2025-04-10  head_police + head_market (he walks at another unit)
    S4 simulated    police       2025-04-11  retired — a draft, never counted
    S5 reverse      township     2024-04-02  liaison2 — campaign B
Issues:
    I1 S1 market       time_limit closed    found 04-03 closed 04-08 (Qingming 04-04 off: 2 working days)
                        fixed on the spot, 非常满意; cut time limit 5→2, steps 4→3
    I2 S1 market_unit  materials  closed    found 04-01, failed evaluation once, closed 04-15 (9 working days)
                        long-term rule, 满意; cut materials 6→4
    I3 S2 market_unit  materials  rectification, deadline 2025-05-01 (overdue), 不满意 (rejected); cut trips 3→1
    I4 S3 police       trips      feedback, deadline a month from now (not overdue)
    I5 S3 —            facilities experience, no department yet
    I6 S3 police       time_limit closed    found 04-10 closed 04-11 (1 working day), 基本满意; fees 100.50→0
    I7 12345 hotline   market     closed    found 04-02 closed 04-03 — staff put it in no campaign
    I8 S5 township     rectification, deadline 2024-05-01 — campaign B
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from campaigns.models import Campaign, WalkthroughSession
from issues.models import Issue, IssueEvent, Reduction
from issues.services import issue_create
from tests.factories import CampaignFactory, OfficialFactory, WalkthroughFactory

Stage = Issue.Stage
D = datetime.date


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def session(campaign, mode, department, lead, day, *, by, companions=(), status="submitted"):
    fields = {"mode": mode}
    if mode == WalkthroughSession.Mode.ACCOMPANIED:
        fields.update(simulated_via="", steps_experienced="", citizen_feedback="材料要求说不清")
    elif mode != WalkthroughSession.Mode.SIMULATED:
        fields.update(simulated_via="", steps_experienced="")
    made = WalkthroughFactory(
        campaign=campaign, department=department, lead=lead, occurred_at=at(day), created_by=by,
        status=status, submitted_at=at(day) if status == "submitted" else None, **fields,
    )
    made.companions.set(companions)
    return made


# the workflow stages an issue passes on its way to `stage`, as (from, to) events
PATHS = {
    Stage.EXPERIENCE: [],
    Stage.FEEDBACK: [(Stage.EXPERIENCE, Stage.FEEDBACK)],
    Stage.RECTIFICATION: [(Stage.EXPERIENCE, Stage.FEEDBACK), (Stage.FEEDBACK, Stage.RECTIFICATION)],
    Stage.CLOSED: [
        (Stage.EXPERIENCE, Stage.FEEDBACK), (Stage.FEEDBACK, Stage.RECTIFICATION),
        (Stage.RECTIFICATION, Stage.EVALUATION), (Stage.EVALUATION, Stage.CLOSED),
    ],
}
REOPENED_THEN_CLOSED = [
    (Stage.EXPERIENCE, Stage.FEEDBACK), (Stage.FEEDBACK, Stage.RECTIFICATION),
    (Stage.RECTIFICATION, Stage.EVALUATION), (Stage.EVALUATION, Stage.RECTIFICATION),
    (Stage.RECTIFICATION, Stage.EVALUATION), (Stage.EVALUATION, Stage.CLOSED),
]


def ledger_issue(*, by, title, found, stage, walkthrough=None, department=None, closed=None, path=None,
                 deadline=None, reductions=(), campaign_choice=(), **fields):
    """An issue numbered by the service, placed at `stage` with the events of its way there; the last
    event lands on `closed` (or `found`) so the closing date is known."""
    source = Issue.Source.WALKTHROUGH if walkthrough else Issue.Source.HOTLINE_12345
    chosen = {"campaign": campaign_choice[0]} if campaign_choice else {}
    issue = issue_create(by=by, title=title, discovered_on=found, department=department, source=source,
                         walkthrough=walkthrough, category=fields.pop("category", Issue.Category.OTHER), **chosen)
    IssueEvent.objects.filter(issue=issue).update(created_at=at(found, 9))
    if deadline is None and stage != Stage.EXPERIENCE:
        deadline = found + datetime.timedelta(days=20)
    Issue.objects.filter(pk=issue.pk).update(stage=stage, deadline=deadline, **fields)
    steps = path if path is not None else PATHS[stage]
    for index, (source_stage, target) in enumerate(steps, start=1):
        event = IssueEvent.objects.create(issue=issue, actor=by, from_stage=source_stage, to_stage=target)
        when = at(closed, 16) if (closed and index == len(steps)) else at(found, 9) + datetime.timedelta(hours=index)
        IssueEvent.objects.filter(pk=event.pk).update(created_at=when)
    for kind, before, after in reductions:
        Reduction.objects.create(issue=issue, kind=kind, before=Decimal(before), after=Decimal(after))
    issue.refresh_from_db()
    return issue


def build_scenario(org, users) -> SimpleNamespace:
    staff = users["staff"]
    a = CampaignFactory(theme="我陪群众走流程", starts_on=D(2025, 3, 1), ends_on=D(2025, 6, 30),
                        status=Campaign.Status.ACTIVE)
    b = CampaignFactory(theme="局长走流程", starts_on=D(2024, 3, 1), ends_on=D(2024, 6, 30),
                        status=Campaign.Status.CLOSED)
    people = SimpleNamespace(
        walker=users["walker"].official,
        liaison2=users["other_liaison"].official,
        head_market=OfficialFactory(department=org.market, name="市场局长"),
        head_police=OfficialFactory(department=org.police, name="公安局长"),
        unit_chief=OfficialFactory(department=org.market_unit, name="登记股长"),
        retired=OfficialFactory(department=org.market, name="退休干部", is_active=False),
    )
    Mode = WalkthroughSession.Mode
    s1 = session(a, Mode.SIMULATED, org.market, people.head_market, D(2025, 3, 31), by=staff,
                 companions=[people.walker])
    s2 = session(a, Mode.ACCOMPANIED, org.market_unit, people.unit_chief, D(2025, 4, 1), by=staff)
    s3 = session(a, Mode.WINDOW_SEAT, org.police, people.head_police, D(2025, 4, 10), by=staff,
                 companions=[people.head_market])
    s4 = session(a, Mode.SIMULATED, org.police, people.retired, D(2025, 4, 11), by=staff, status="draft")
    s5 = session(b, Mode.REVERSE, org.township, people.liaison2, D(2024, 4, 2), by=staff)

    C, E, K = Issue.Category, Issue.Evaluation, Reduction.Kind
    issues = SimpleNamespace(
        i1=ledger_issue(by=staff, title="I1 办理时限过长", found=D(2025, 4, 3), stage=Stage.CLOSED, walkthrough=s1,
                        department=org.market, closed=D(2025, 4, 8), category=C.TIME_LIMIT, fixed_on_spot=True,
                        evaluation=E.VERY_SATISFIED, reductions=[(K.TIME_LIMIT, 5, 2), (K.STEPS, 4, 3)]),
        i2=ledger_issue(by=staff, title="I2 材料重复提交", found=D(2025, 4, 1), stage=Stage.CLOSED, walkthrough=s1,
                        department=org.market_unit, closed=D(2025, 4, 15), path=REOPENED_THEN_CLOSED,
                        category=C.MATERIALS, long_term_rule=True, evaluation=E.SATISFIED,
                        reductions=[(K.MATERIALS, 6, 4)]),
        i3=ledger_issue(by=staff, title="I3 材料清单不一致", found=D(2025, 4, 1), stage=Stage.RECTIFICATION,
                        walkthrough=s2, department=org.market_unit, deadline=D(2025, 5, 1), category=C.MATERIALS,
                        evaluation=E.DISSATISFIED, reductions=[(K.TRIPS, 3, 1)]),
        i4=ledger_issue(by=staff, title="I4 跑动两次", found=D(2025, 4, 10), stage=Stage.FEEDBACK, walkthrough=s3,
                        department=org.police, deadline=timezone.localdate() + datetime.timedelta(days=30),
                        category=C.TRIPS),
        i5=ledger_issue(by=staff, title="I5 叫号机故障", found=D(2025, 4, 10), stage=Stage.EXPERIENCE,
                        walkthrough=s3, category=C.FACILITIES),
        i6=ledger_issue(by=staff, title="I6 收费不透明", found=D(2025, 4, 10), stage=Stage.CLOSED, walkthrough=s3,
                        department=org.police, closed=D(2025, 4, 11), category=C.TIME_LIMIT,
                        evaluation=E.BASICALLY_SATISFIED, reductions=[(K.FEES, "100.50", 0)]),
        i7=ledger_issue(by=staff, title="I7 热线反映", found=D(2025, 4, 2), stage=Stage.CLOSED,
                        department=org.market, closed=D(2025, 4, 3), category=C.STAFF_CONDUCT,
                        campaign_choice=(None,)),  # staff chose no campaign for it
        i8=ledger_issue(by=staff, title="I8 去年问题", found=D(2024, 4, 2), stage=Stage.RECTIFICATION,
                        walkthrough=s5, department=org.township, deadline=D(2024, 5, 1), category=C.OTHER),
    )
    return SimpleNamespace(a=a, b=b, people=people, sessions=(s1, s2, s3, s4, s5), issues=issues)
