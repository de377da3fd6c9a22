"""Reads of the ledger, always through the user's scope, and the values derived from it (overdue, reopens,
default deadlines) — derived on read, never stored."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from campaigns.roles import Role, roles_of
from campaigns.scope import jurisdiction_of, liaison_department, oversees, oversees_everything, subtree_scope_q
from issues import workflow
from issues.models import AssistingDepartment, DeadlineExtension, Issue, IssueEvent, IssueSighting, Urging
from issues.workdays import WorkCalendar, work_calendar


def issue_scope_q(user) -> Q:
    """The issues a user may read: those of his node's subtree for staff, leaders and liaisons (campaigns.scope),
    plus the ones a liaison's department assists (协办); for a participant the ones he reported or that came from
    his walkthroughs. Lines not yet handed to a department are placed where they were taken in (intake_unit)."""
    if oversees_everything(user):
        return Q()  # the same rows as the clauses below would give, without testing a million lines against them
    visible = subtree_scope_q(user, "department")
    if oversees(user) and visible != Q():
        visible |= Q(department__isnull=True) & subtree_scope_q(user, "intake_unit")
        node = jurisdiction_of(user)
        if node is not None and node.depth == 1:
            # A line taken in before units were recorded (or loaded in bulk) belongs to the top of its tree.
            visible |= Q(department__isnull=True, intake_unit__isnull=True)
    department = liaison_department(user)
    if department is not None:
        visible |= assisted_by_q(department)
    if Role.PARTICIPANT in roles_of(user):
        visible |= Q(created_by=user) | Q(walkthrough__lead__user=user)
    return visible


def in_department_q(department) -> Q:
    """Issues of a department's subtree. For a county or city that includes the lines it took in and has not
    handed off yet, so "that county's ledger" is the same rows whether filtered by a city or read by the county."""
    q = department.subtree_q("department")
    if department.is_region:
        q |= Q(department__isnull=True) & department.subtree_q("intake_unit")
    return q


def assisted_by_q(department) -> Q:
    """Issues that `department` or a unit below it assists (协办): its liaisons see them beside their own (主办)."""
    return Q(pk__in=AssistingDepartment.objects.filter(department.subtree_q("department")).values("issue_id"))


def issue_list(*, user, filters: dict | None = None) -> QuerySet[Issue]:
    """The ledger as this user may see it, optionally narrowed by plain field filters."""
    queryset = Issue.objects.filter(issue_scope_q(user)).select_related(
        "department", "service_item", "walkthrough", "walkthrough__campaign"
    )
    return queryset.filter(**(filters or {}))


# The long texts the ledger page does not show; they can be kilobytes a line.
LEDGER_PAGE_DEFERRED = ("description", "measures", "callback_result", "remarks")


def ledger_page_lines(*, user) -> QuerySet[Issue]:
    """issue_list as the ledger page lists it: with the department joined, without the walkthrough and campaign
    joins a detail page needs (their JSON checklists were decoded for every line) or the long texts."""
    return issue_list(user=user).select_related(None).select_related("department").defer(*LEDGER_PAGE_DEFERRED)


def issue_get(*, user, pk: int) -> Issue:
    """One issue, or 404 when it does not exist or lies outside the user's scope."""
    return get_object_or_404(issue_list(user=user), pk=pk)


def issue_version(issue: Issue) -> int:
    """The latest field-history row of the issue: a form remembers it, so an edit on top of a newer change
    is refused (services.StaleEdit) instead of silently overwriting it."""
    return issue.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


# ── Overdue ────────────────────────────────────────────────────────────────────────────────────────────────────

def overdue_q(today) -> Q:
    """Overdue is derived: the deadline has passed and the issue is not closed."""
    return Q(deadline__lt=today) & ~Q(stage=Issue.Stage.CLOSED)


def is_overdue(issue: Issue, *, today) -> bool:
    return issue.deadline is not None and issue.deadline < today and issue.stage != Issue.Stage.CLOSED


def working_days_overdue(issue: Issue, *, today, calendar: WorkCalendar) -> int:
    """Working days lost since the deadline (0 when not overdue, or overdue only by a weekend or holiday)."""
    if not is_overdue(issue, today=today):
        return 0
    return calendar.working_days_between(issue.deadline, today)


def working_days_left(issue: Issue, *, today, calendar: WorkCalendar) -> int | None:
    """Working days after today up to the deadline (0: due today); None without a deadline or once overdue."""
    if issue.deadline is None or issue.deadline < today:
        return None
    return calendar.working_days_between(today, issue.deadline)


# ── Reopens: how often an evaluation sent the issue back (counted from the events, not stored) ────────────────

def reopen_pairs() -> set[tuple[str, str]]:
    """The (from_stage, to_stage) pairs of the steps that reopen an issue."""
    return {(str(step.source), str(step.target)) for step in workflow.reopen_steps()}  # values, as stored


def reopen_event_q() -> Q:
    reopened = Q(pk__in=[])
    for source, target in sorted(reopen_pairs()):
        reopened |= Q(from_stage=source, to_stage=target)
    return reopened


def reopen_count(issue: Issue) -> int:
    return issue.events.filter(reopen_event_q()).count()


def sighting_count_subquery():
    """How many "me too" sightings the outer issue has (0 when none), as a subquery: sortable, never stored."""
    counted = (
        IssueSighting.objects.filter(issue=OuterRef("pk")).order_by().values("issue").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_ledger_facts(queryset: QuerySet[Issue], *, today) -> QuerySet[Issue]:
    """Issues annotated with what the ledger shows beside them: overdue or not, when they were closed, how
    often they were sent back to rectification, how often they were urged (督办) and how many other walkers met
    them (sightings)."""
    closed_events = IssueEvent.objects.filter(issue=OuterRef("pk"), to_stage=Issue.Stage.CLOSED).order_by("-created_at")
    reopens = (
        IssueEvent.objects.filter(reopen_event_q(), issue=OuterRef("pk"))
        .order_by()
        .values("issue")
        .annotate(n=Count("pk"))
        .values("n")
    )
    urgings = Urging.objects.filter(issue=OuterRef("pk")).order_by().values("issue").annotate(n=Count("pk")).values("n")
    return queryset.annotate(
        is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()),
        closed_at=Subquery(closed_events.values("created_at")[:1]),
        reopen_count=Coalesce(Subquery(reopens, output_field=IntegerField()), Value(0)),
        urging_count=Coalesce(Subquery(urgings, output_field=IntegerField()), Value(0)),
        sighting_count=sighting_count_subquery(),
    )


# ── Default deadline on hand-off ───────────────────────────────────────────────────────────────────────────────

FALLBACK_WORKING_DAYS = 15


@dataclass(frozen=True)
class ProposedDeadline:
    day: datetime.date
    working_days: int
    provisional: bool  # that year's holidays are not in the calendar yet: counted Monday–Friday


def default_working_days(*, severity: str, source: str) -> int:
    """settings.ISSUE_DEADLINE_WORKING_DAYS: the rule for the severity and the one for the source, the
    shorter when both apply."""
    rules = settings.ISSUE_DEADLINE_WORKING_DAYS
    found = [
        int(days)
        for days in (rules.get("severity", {}).get(severity), rules.get("source", {}).get(source))
        if days
    ]
    return min(found) if found else FALLBACK_WORKING_DAYS


def default_deadline(
    *, severity: str, source: str, today=None, calendar: WorkCalendar | None = None
) -> ProposedDeadline:
    """The deadline the hand-off form proposes: today plus the configured working days."""
    calendar = calendar or work_calendar()
    today = today or timezone.localdate()
    days = default_working_days(severity=severity, source=source)
    day = calendar.working_days_after(today, days)
    return ProposedDeadline(day=day, working_days=days, provisional=calendar.is_provisional(day))


# ── Pages ──────────────────────────────────────────────────────────────────────────────────────────────────────

def department_task_list(*, user, today) -> QuerySet[Issue]:
    """A liaison's open tasks (handed off to his department's subtree, not closed), nearest deadline first — so
    overdue ones lead."""
    department = liaison_department(user)
    if department is None:
        return Issue.objects.none()
    open_tasks = issue_list(user=user).filter(department.subtree_q("department")).filter(
        stage__in=[Issue.Stage.FEEDBACK, Issue.Stage.RECTIFICATION, Issue.Stage.EVALUATION]
    )
    return with_ledger_facts(open_tasks, today=today).order_by(F("deadline").asc(nulls_last=True), "year", "sequence")


def reassign_queue(*, user) -> QuerySet[Issue]:
    """待改派: issues a department sent back (退回) that wait for the center to re-dispatch them, oldest return
    first, each with `sent_back_by` (the department's name), `sent_back_note` (its reason) and `sent_back_at`."""
    returns = IssueEvent.objects.filter(issue=OuterRef("pk"), action="send_back").order_by("-pk")
    return (
        issue_list(user=user)
        .filter(stage=Issue.Stage.EXPERIENCE, events__action="send_back")
        .distinct()
        .annotate(
            sent_back_by=Subquery(returns.values("from_department__name")[:1]),
            sent_back_note=Subquery(returns.values("note")[:1]),
            sent_back_at=Subquery(returns.values("created_at")[:1]),
        )
        .order_by("sent_back_at")
    )


def urging_count(issue: Issue) -> int:
    """How often the issue was urged (督办); counted from the rows, never stored."""
    return issue.urgings.count()


def urging_list(*, issue: Issue):
    return issue.urgings.select_related("urged_by", "replied_by", "department")


def extension_list(*, issue: Issue) -> QuerySet[DeadlineExtension]:
    return issue.extensions.select_related("requested_by", "decided_by").order_by("requested_at")


def handoff_departments(*, placed, user=None):
    """The departments an issue placed at `placed` (its department, else its intake unit; a Department or None) may
    be handed or reassigned to: those of the county (or city) that took it in; for a line placed nowhere, those of
    `user`'s scope (campaigns.selectors.department_list). A QuerySet in tree order."""
    from campaigns.models import Department
    from campaigns.selectors import department_list

    if placed is None:
        return department_list(user=user)
    return Department.objects.filter(path__startswith=placed.region().path).order_by("path")
