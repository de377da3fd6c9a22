"""Builds the demo campaigns, walkthroughs and ledger from the scenario modules, through the services.

Everything is dated relative to `today`; the random source is fixed (random.Random(2026)) so every build
on the same day produces the same data. `demo_exists()` lets the command skip a second build.
"""

import datetime
import random
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from campaigns.models import Campaign, Department, Official, ServiceItem, WalkthroughSession
from campaigns.roles import Role, roles_of
from campaigns.services import campaign_create, campaign_update, walkthrough_create
from issues.models import DeadlineExtension, Evidence, Issue, IssueEvent, Reduction
from issues.services import issue_report

from .checklist_answers import answers_for
from .sessions_current import SESSIONS_EARLY
from .sessions_current_late import SESSIONS_LATE
from .sessions_past import OTHER_ISSUES, SESSIONS_PAST
from .sessions_second_county import SESSIONS_SECOND_COUNTY
from .timeline import IssueTimeline, Stamper
from .workdays import DemoCalendar

SEED = 2026
CURRENT_THEME = "我陪群众走流程"
PAST_THEME = "走流程、解难题、优服务"
ORGANISER = "云川市数据局"  # the current campaign runs at city level: both counties take part
PAST_ORGANISER = "青山县人民政府办公室"
CURRENT_GOALS = {
    "every_department_head_walks": True,
    "sessions_per_mode": {"simulated": 10, "accompanied": 6, "proxy": 4, "window_seat": 8, "reverse": 5},
}
PAST_GOALS = {
    "every_department_head_walks": True,
    "sessions_per_mode": {"simulated": 2, "accompanied": 1, "proxy": 1, "window_seat": 1, "reverse": 1},
}
# long_term_rule is not among them: the department records it with its rectification (see timeline.py).
ISSUE_FIELDS = ("description", "category", "severity", "fixed_on_spot", "remarks")


def demo_exists() -> bool:
    return Campaign.objects.filter(theme=CURRENT_THEME).exists()


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def campaign_periods(today: datetime.date):
    """(past start, past end), (current start, current end): last March–June, and a current campaign that
    began some months ago (after the past one ended) and runs on past today."""
    past_year = today.year if today >= datetime.date(today.year, 9, 1) else today.year - 1
    past = (datetime.date(past_year, 3, 1), datetime.date(past_year, 6, 30))
    start = (today - datetime.timedelta(days=120)).replace(day=1)
    start = max(start, past[1] + datetime.timedelta(days=1))
    return past, (start, month_end(today + datetime.timedelta(days=60)))


class DemoBuilder:
    def __init__(self, *, officials: dict, users: dict, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.rng = random.Random(SEED)
        self.officials = officials
        self.users = users
        self.staff = users["staff"]
        self.departments = {d.code: d for d in Department.objects.all()}
        self.items = {i.code: i for i in ServiceItem.objects.all()}
        self.calendar = DemoCalendar()
        self.stamper = Stamper()
        self.timeline = IssueTimeline(
            rng=self.rng, today=self.today, staff=self.staff, leader=users["leader"], calendar=self.calendar,
            stamper=self.stamper,
        )
        # 白溪县's own staff and leader carry its issues round the loop, as they would.
        self.second_county = self.departments["BX"]
        self.second_timeline = IssueTimeline(
            rng=self.rng, today=self.today, staff=users["bx_staff"], leader=users["bx_leader"],
            calendar=self.calendar, stamper=self.stamper,
        )

    # --- campaigns ---------------------------------------------------------------------------------------------
    def in_second_county(self, department: Department) -> bool:
        return department.path.startswith(self.second_county.path)

    def past_scope(self) -> dict:
        units = [d for d in self.departments.values()
                 if not d.is_region and d.path.startswith(self.departments["QS"].path)]
        return {"departments": units, "service_items": [i for i in self.items.values() if i.is_high_frequency]}

    def create_campaigns(self) -> tuple[Campaign, Campaign]:
        """Both through the campaign service, by center staff. The past one is still open while its
        walkthroughs are logged (a closed campaign takes none) and is closed afterwards, see close()."""
        (past_start, past_end), (start, end) = campaign_periods(self.today)
        past = campaign_create(
            by=self.staff,
            fields={"theme": PAST_THEME, "organiser": PAST_ORGANISER, "starts_on": past_start, "ends_on": past_end,
                    "goals": PAST_GOALS, "status": Campaign.Status.ACTIVE, "level_unit": self.departments["QS"]},
            **self.past_scope(),
        )
        units = [d for d in self.departments.values() if d.kind in (Department.Kind.DEPARTMENT, "service_center")
                 and d.depth > 1]
        in_scope = {code for spec in SESSIONS_EARLY + SESSIONS_LATE for code in spec["items"]}
        current = campaign_create(
            by=self.users["city_staff"],
            fields={"theme": CURRENT_THEME, "organiser": ORGANISER, "starts_on": start, "ends_on": end,
                    "goals": CURRENT_GOALS, "status": Campaign.Status.ACTIVE, "level_unit": self.departments["YC"]},
            departments=units + [self.departments[code] for code in ("QS-91-QSZ", "QS-92-BSZ", "BX-91-BXZ")],
            service_items=[self.items[code] for code in sorted(in_scope)],
        )
        return past, current

    def close(self, campaign: Campaign) -> None:
        closed = {"status": Campaign.Status.CLOSED}
        campaign_update(campaign=campaign, by=self.staff, fields=closed, **self.past_scope())

    def day_in(self, campaign: Campaign, at: float) -> datetime.date:
        last = min(campaign.ends_on, self.timeline.last_day)
        day = campaign.starts_on + datetime.timedelta(days=round(at * (last - campaign.starts_on).days))
        return min(self.calendar.workday_on_or_before(day, floor=campaign.starts_on), last)

    @staticmethod
    def moment(day: datetime.date, hhmm: str) -> datetime.datetime:
        hour, minute = (int(part) for part in hhmm.split(":"))
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    # --- walkthroughs ------------------------------------------------------------------------------------------
    def logger_for(self, lead: Official):
        """The lead logs his own walk when his account may; otherwise center staff logs it for him."""
        user = lead.user
        if user is not None and roles_of(user) & {Role.PARTICIPANT, Role.CENTER_STAFF}:
            return user
        return self.users["bx_staff"] if self.in_second_county(lead.department) else self.staff

    def finding_fields(self, spec: dict) -> dict:
        fields = {"title": spec["title"], **{name: spec[name] for name in ISSUE_FIELDS if name in spec}}
        if spec.get("dept"):
            fields["department"] = self.departments[spec["dept"]]
        if spec.get("item"):
            fields["service_item"] = self.items[spec["item"]]
        return fields

    def create_session(self, campaign: Campaign, spec: dict) -> WalkthroughSession:
        occurred_at = self.moment(self.day_in(campaign, spec["at"]), spec["time"])
        facts = dict(spec["facts"])
        if "complaint_reference" in facts:
            facts["complaint_reference"] = facts["complaint_reference"].format(year=occurred_at.year)
        if "hours_at_window" in facts:
            facts["hours_at_window"] = Decimal(facts["hours_at_window"])
        lead = self.officials[spec["lead"]]
        Scope = WalkthroughSession.Scope
        fields = {
            "campaign": campaign,
            "mode": spec["mode"],
            "channel": spec["channel"],
            "department": self.departments[spec["dept"]],
            "lead": lead,
            "occurred_at": occurred_at,
            "is_announced": spec.get("announced", False),
            "scope": Scope.CROSS_DEPARTMENT if spec.get("cross") else Scope.OWN_UNIT,
            "experience": spec["experience"],
            "checklist_answers": answers_for(
                campaign.checklist, findings=spec.get("findings", ()), channel=spec["channel"],
                guide_matches=spec["measure"].get("guide_matches_practice"),
            ),
            **{name: value for name, value in spec["measure"].items() if value is not None},
            **facts,
        }
        session = walkthrough_create(
            by=self.logger_for(lead),
            fields=fields,
            service_items=[self.items[code] for code in spec["items"]],
            companions=[self.officials[name] for name in spec.get("companions", ())],
            findings=[self.finding_fields(finding) for finding in spec.get("findings", ())],
        )
        logged_at = occurred_at + datetime.timedelta(minutes=(spec["measure"].get("total_minutes") or 60) + 30)
        WalkthroughSession.objects.filter(pk=session.pk).update(created_at=logged_at, submitted_at=logged_at)
        self.stamper.stamp(logged_at + datetime.timedelta(minutes=5))
        timeline = self.second_timeline if self.in_second_county(session.department) else self.timeline
        for issue, finding in zip(session.issues.order_by("sequence"), spec.get("findings", ()), strict=True):
            timeline.run(issue, finding, logged_at + datetime.timedelta(minutes=5))
        return session

    def create_other_issue(self, campaign: Campaign, spec: dict) -> Issue:
        day = self.day_in(campaign, spec["at"])
        created_at = self.moment(day, self.rng.choice(["09:15", "10:40", "14:50", "16:20"]))
        fields = self.finding_fields(spec)
        if spec.get("ref"):
            fields["source_reference"] = spec["ref"].format(year=day.year)
        issue = issue_report(by=self.staff, discovered_on=day, source=spec["source"], **fields)
        self.stamper.stamp(created_at)
        return self.timeline.run(issue, spec, created_at)

    # --- all of it ---------------------------------------------------------------------------------------------
    def build(self) -> None:
        past, current = self.create_campaigns()
        for spec in sorted(SESSIONS_PAST, key=lambda s: s["at"]):
            self.create_session(past, spec)
        self.close(past)
        # Current sessions and other-source issues in the order they happened, so ledger numbers follow the dates.
        walks = SESSIONS_EARLY + SESSIONS_LATE + SESSIONS_SECOND_COUNTY
        happenings = [(s["at"], 0, s) for s in walks] + [(s["at"], 1, s) for s in OTHER_ISSUES]
        for _at, kind, spec in sorted(happenings, key=lambda h: (h[0], h[1])):
            if kind == 0:
                self.create_session(current, spec)
            else:
                self.create_other_issue(current, spec)


def demo_counts() -> dict:
    """What the demo holds, for the command's summary and the tests."""
    today = timezone.localdate()
    return {
        "departments": Department.objects.count(),
        "service_items": ServiceItem.objects.count(),
        "officials": Official.objects.count(),
        "campaigns": Campaign.objects.count(),
        "sessions": WalkthroughSession.objects.count(),
        "issues": Issue.objects.count(),
        "issue_events": IssueEvent.objects.count(),
        "evidence": Evidence.objects.count(),
        "reductions": Reduction.objects.count(),
        "extensions": dict(DeadlineExtension.objects.order_by().values_list("status").annotate(n=Count("pk"))),
        "by_mode": dict(WalkthroughSession.objects.order_by().values_list("mode").annotate(n=Count("pk"))),
        "by_stage": dict(Issue.objects.order_by().values_list("stage").annotate(n=Count("pk"))),
        "by_source": dict(Issue.objects.order_by().values_list("source").annotate(n=Count("pk"))),
        "overdue": Issue.objects.filter(deadline__lt=today).exclude(stage=Issue.Stage.CLOSED).count(),
        "fixed_on_spot": Issue.objects.filter(fixed_on_spot=True).count(),
        "long_term_rule": Issue.objects.filter(long_term_rule=True).count(),
        "reopened": IssueEvent.objects.filter(from_stage=Issue.Stage.EVALUATION, to_stage=Issue.Stage.RECTIFICATION)
        .values("issue")
        .distinct()
        .count(),
    }
