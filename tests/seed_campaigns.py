"""The campaigns the seeds report on, built record by record through the services (no tests here).

Seed 001 (溆浦县, 走流程、解难题、优服务): a roster of 233 leading officials of every level, 186 of whom walked;
21 problems found and all solved; 23 suggestions, 20 fixed on the spot and 3 fixed and kept up as a rule.
Seed 002 (旅顺口区, "一把手"当体验员): 32 department heads, all of whom walked; 30 problems found and solved;
消防验收备案 cut to 1 working day, 抗震设防备案 from 3 days to instant.
Seed 003 (张家口经开区): 83 items' promised time limits 833 → 292 working days (statutory 2344); instant items
46 → 133; 2 suggestions collected, all implemented.
"""

import datetime
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.models import Campaign, Department, Official, ServiceItem, WalkthroughSession
from campaigns.roles import Role
from campaigns.services import (
    campaign_create,
    campaign_update,
    official_create,
    official_update,
    walkthrough_create,
)
from issues.models import Issue
from issues.services import evidence_add, issue_report, issue_transition, rectification_record
from tests.factories import user_with_role

LEVEL = Official.Level
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONES = itertools.count(1)


def days_ago(n: int) -> datetime.date:
    """The seeds' campaigns are dated from today, so walks lie in the past and closing them today takes days,
    not years."""
    return timezone.localdate() - datetime.timedelta(days=n)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def department_with_liaison(parent: Department, code: str, name: str, *, staff):
    """A department under `parent` and its liaison, whose roster entry is not on the walking roster."""
    department = Department.objects.add_child(
        Department.objects.get(pk=parent.pk), dict(code=code, name=name, kind=Department.Kind.DEPARTMENT)
    )
    liaison = user_with_role(Role.DEPT_LIAISON, f"liaison-{code}", department=department)
    official_update(official=liaison.official, by=staff, fields={"expected_to_walk": False})
    return department, liaison


def officials(department, level, count: int, *, staff, prefix: str) -> list[Official]:
    return [
        official_create(by=staff, fields={
            "name": f"{prefix}{n}", "department": department, "position": "", "level": level,
            "phone": f"139{next(PHONES):08d}",
        })
        for n in range(count)
    ]


def walk(*, staff, campaign, department, lead, companions=(), day, findings=()) -> WalkthroughSession:
    return walkthrough_create(
        by=staff,
        fields={
            "campaign": campaign, "mode": WalkthroughSession.Mode.SIMULATED, "department": department,
            "lead": lead, "occurred_at": at(day), "simulated_via": WalkthroughSession.SimulatedVia.HALL,
            "steps_experienced": "取号、咨询、递交材料",
        },
        companions=companions,
        findings=[{"title": title} for title in findings],
    )


def close_through_loop(issue: Issue, *, staff, liaison, long_term_rule=False, reductions=None,
                       evaluation=Issue.Evaluation.SATISFIED, already_handed_off=False) -> Issue:
    """hand-off → acknowledge → rectification with evidence → submit → accepted, each step by its role."""
    if not already_handed_off:
        issue = issue_transition(issue=issue, action="hand_off", by=staff, changes={
            "department": issue.department, "deadline": timezone.localdate() + datetime.timedelta(days=20),
        })
    issue = issue_transition(issue=issue, action="acknowledge", by=liaison)
    issue = rectification_record(issue=issue, by=liaison, changes={
        "measures": "已整改并完善制度" if long_term_rule else "已整改", "long_term_rule": long_term_rule,
    }, reductions=reductions or {})
    evidence_add(issue=issue, by=liaison, file=SimpleUploadedFile("proof.pdf", PDF, "application/pdf"))
    issue = issue_transition(issue=issue, action="submit", by=liaison)
    return issue_transition(issue=issue, action="accept", by=staff, changes={"evaluation": evaluation})


def fix_on_spot(issue: Issue, *, by, head: str) -> Issue:
    return issue_transition(issue=issue, action="fix_on_spot", by=by, changes={
        "department": issue.department, "responsible_person": head, "measures": "现场整改到位", "long_term_rule": False,
    })


def build_seed_001(org, users):
    """溆浦县: 233 on the roster (county and township leaders, department heads, deputies, section chiefs), 186
    walked in 31 walkthroughs; 21 problems from the walks, all closed; 23 suggestions from 回访, 12345 and 恳谈会,
    20 fixed on the spot and 3 closed as lasting rules."""
    staff = users["staff"]
    campaign = campaign_create(by=staff, fields={
        "theme": "走流程、解难题、优服务", "organiser": "溆浦县政务服务中心", "starts_on": days_ago(100),
        "ends_on": days_ago(-20), "status": Campaign.Status.ACTIVE,
    })
    units = [department_with_liaison(org.county, f"X{n:02d}", name, staff=staff)
             for n, name in enumerate(["县医保局", "县人社局", "县公安局交警大队", "县税务局", "县自然资源局"])]
    roster = []
    for index, (department, _liaison) in enumerate(units):
        roster += officials(department, LEVEL.DEPARTMENT_HEAD, 4, staff=staff, prefix=f"局长{index}-")
        roster += officials(department, LEVEL.DEPUTY, 12, staff=staff, prefix=f"副局长{index}-")
        roster += officials(department, LEVEL.SECTION_CHIEF, 14, staff=staff, prefix=f"股长{index}-")
    government, _liaison = department_with_liaison(org.county, "X99", "县人民政府", staff=staff)
    roster += officials(government, LEVEL.COUNTY_LEADER, 23, staff=staff, prefix="县领导")
    roster += officials(org.township, LEVEL.TOWNSHIP_LEADER, 60, staff=staff, prefix="乡镇领导")
    assert len(roster) == 233
    # the campaign's departments: the walkers' units, the county government and the township — not the fixture's
    # 县市场监管局 and 县公安局, whose accounts are someone else's roster
    campaign = campaign_update(campaign=campaign, by=staff, fields={},
                               departments=[unit for unit, _liaison in units] + [government, org.township])
    walkers = roster[:186]
    day = days_ago(45)
    problems = []
    for n in range(31):  # 31 walks of 6 people each: 186 walkers
        group = walkers[n * 6:(n + 1) * 6]
        department, _liaison = units[n % len(units)]
        findings = [f"问题{len(problems) + k + 1}" for k in range(1 if n < 21 else 0)]
        session = walk(staff=staff, campaign=campaign, department=department, lead=group[0], companions=group[1:],
                       day=day + datetime.timedelta(days=n), findings=findings)
        problems += list(session.issues.all())
    liaison_of = {department.pk: liaison for department, liaison in units}
    for issue in problems:
        close_through_loop(issue, staff=staff, liaison=liaison_of[issue.department_id])
    sources = [Issue.Source.CALLBACK, Issue.Source.HOTLINE_12345, Issue.Source.BUSINESS_MEETING]
    for n in range(23):
        department, liaison = units[n % len(units)]
        suggestion = issue_report(
            by=staff, title=f"意见建议{n + 1}", discovered_on=days_ago(30) + datetime.timedelta(days=n),
            kind=Issue.Kind.SUGGESTION, source=sources[n % 3], department=department,
        )
        if n < 20:
            fix_on_spot(suggestion, by=staff, head=f"{department.name}主要负责人")
        else:
            close_through_loop(suggestion, staff=staff, liaison=liaison, long_term_rule=True)
    return campaign


def build_seed_002(org, users):
    """旅顺口区: 32 departments, each with its head (一把手) and a deputy on the roster; every head walks, in his own
    unit or another (本单位直接体验、部门间相互体验); 30 problems found and solved, two of which cut the time limits
    of 建设工程消防验收备案 (to 1 working day) and 抗震设防备案 (3 days → instant)."""
    staff = users["staff"]
    campaign = campaign_create(by=staff, fields={
        "theme": "“一把手”当体验员", "organiser": "旅顺口区纪委监委", "starts_on": days_ago(30),
        "ends_on": days_ago(-15), "status": Campaign.Status.ACTIVE,
    })
    units = [department_with_liaison(org.county, f"L{n:02d}", f"区职能部门{n + 1}", staff=staff) for n in range(32)]
    campaign = campaign_update(campaign=campaign, by=staff, fields={}, departments=[unit for unit, _liaison in units])
    heads = [officials(department, LEVEL.DEPARTMENT_HEAD, 1, staff=staff, prefix=f"一把手{n}-")[0]
             for n, (department, _liaison) in enumerate(units)]
    for n, (department, _liaison) in enumerate(units):
        officials(department, LEVEL.DEPUTY, 1, staff=staff, prefix=f"副职{n}-")
    fire = ServiceItem.objects.create(code="LS-FIRE", name="建设工程消防验收备案", department=units[0][0],
                                      statutory_limit_days=15, promised_limit_days=5)
    seismic = ServiceItem.objects.create(code="LS-SEIS", name="抗震设防备案", department=units[1][0],
                                         statutory_limit_days=5, promised_limit_days=3)
    problems = []
    for n, head in enumerate(heads):
        visited, _liaison = units[(n + 1) % 32] if n % 2 else units[n]  # every other head tests another unit
        findings = [f"一把手发现问题{n + 1}"] if n < 30 else []
        session = walk(staff=staff, campaign=campaign, department=visited, lead=head,
                       day=days_ago(20) + datetime.timedelta(days=n % 14), findings=findings)
        problems += list(session.issues.all())
    liaison_of = {department.pk: liaison for department, liaison in units}
    for n, issue in enumerate(problems):
        reductions = {}
        if n == 0:
            reductions = {"time_limit": (Decimal(5), Decimal(1), [fire])}
        elif n == 1:
            reductions = {"time_limit": (Decimal(3), Decimal(0), [seismic])}
        close_through_loop(issue, staff=staff, liaison=liaison_of[issue.department_id], reductions=reductions)
    return campaign, fire, seismic


def build_seed_003(org, users):
    """张家口经开区审批局: 83 time-limited items (statutory 2344 working days, promised 833) and 143 business
    sub-items without a promised limit, 46 of them instant. Three rectifications cut the 83 items' promises to
    292 working days in total; a fourth makes 87 more sub-items instant (承诺改即办). Two suggestions from callbacks,
    both implemented."""
    staff = users["staff"]
    campaign = campaign_create(by=staff, fields={
        "theme": "“全链条”星级服务", "organiser": "经开区行政审批局", "starts_on": days_ago(40),
        "ends_on": days_ago(-200), "status": Campaign.Status.ACTIVE,
    })
    bureau, liaison = department_with_liaison(org.county, "ZJK", "经开区行政审批局", staff=staff)

    def items(prefix, count, **values):
        return [ServiceItem.objects.create(code=f"{prefix}{n:03d}", name=f"{prefix}事项{n}", department=bureau,
                                           **values) for n in range(count)]

    ten_to_four = items("A", 41, statutory_limit_days=28, promised_limit_days=10)
    ten_to_three = items("B", 41, statutory_limit_days=28, promised_limit_days=10)
    thirteen_to_five = items("C", 1, statutory_limit_days=48, promised_limit_days=13)
    items("D", 46, is_instant=True, statutory_limit_days=None, promised_limit_days=None)
    made_instant = items("E", 87, statutory_limit_days=None, promised_limit_days=None)
    items("F", 10, statutory_limit_days=None, promised_limit_days=None)
    cuts = [(ten_to_four, 10, 4), (ten_to_three, 10, 3), (thirteen_to_five, 13, 5), (made_instant, 1, 0)]
    for n, (named, before, after) in enumerate(cuts):
        issue = issue_report(by=staff, title=f"承诺时限压减{n + 1}", discovered_on=days_ago(30 - n),
                             source=Issue.Source.OTHER, category=Issue.Category.TIME_LIMIT, department=bureau)
        close_through_loop(issue, staff=staff, liaison=liaison,
                           reductions={"time_limit": (Decimal(before), Decimal(after), named)})
    for n in range(2):
        suggestion = issue_report(by=staff, title=f"回访意见建议{n + 1}", discovered_on=days_ago(20 - n),
                                  kind=Issue.Kind.SUGGESTION, source=Issue.Source.CALLBACK, department=bureau)
        close_through_loop(suggestion, staff=staff, liaison=liaison)
    return campaign
