"""Moves one demo issue round the ledger loop through the issue services, then dates each step realistically.

Every write goes through issues.services (issue_transition, rectification_record, evidence_add, the
callback, deadline extensions), so events, field history and permissions are what real use leaves. The
services stamp rows with the time they run; a demo built in one second would show every issue handed off,
fixed and closed "just now". So after each step the rows it wrote are re-dated (see Stamper) to a plausible
moment between discovery and yesterday, on working days of the project's calendar.
"""

import datetime
import struct
import zlib

from django.core.files.base import ContentFile
from django.utils import timezone

from campaigns.models import Department, Official
from issues.models import DeadlineExtension, Evidence, Issue, IssueEvent, Reduction
from issues.services import (
    evidence_add,
    extension_decide,
    extension_request,
    issue_transition,
    issue_update,
    rectification_record,
)

from .accounts import liaison_for
from .scenarios import OPEN_PLANS, OVERDUE_PLANS, PLANS
from .workdays import DemoCalendar

PASSING = ("satisfied", "very_satisfied", "satisfied", "basically_satisfied")
# After which step a deadline extension is asked for, per plan: the issue must then be with the department.
EXTENSION_AFTER = {
    "feedback": "hand_off", "feedback_overdue": "hand_off", "rectification": "acknowledge",
    "rectification_overdue": "acknowledge", "evaluation": "acknowledge", "reopened": "reject",
}


def tiny_png(rgb=(46, 125, 50)) -> bytes:
    """A valid 8×8 one-colour PNG, small enough to store as demo evidence."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class Stamper:
    """Re-dates the rows written since the last stamp: events, field history, evidence, extension requests."""

    def __init__(self):
        self.columns = [
            (IssueEvent, "created_at"), (Issue.history.model, "history_date"), (Evidence, "uploaded_at"),
            (DeadlineExtension, "requested_at"),
        ]
        if hasattr(Reduction, "history"):
            self.columns.append((Reduction.history.model, "history_date"))
        self.marks = {model: self.top(model) for model, _ in self.columns}

    @staticmethod
    def top(model) -> int:
        return model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0

    def stamp(self, when: datetime.datetime) -> None:
        for model, column in self.columns:
            top = self.top(model)
            if top > self.marks[model]:
                model._default_manager.filter(pk__gt=self.marks[model], pk__lte=top).update(**{column: when})
                self.marks[model] = top


class IssueTimeline:
    """Takes issues through their planned steps; one shared random source so the demo is the same every time."""

    def __init__(self, *, rng, today, staff, leader, calendar: DemoCalendar, stamper: Stamper):
        self.rng = rng
        self.calendar = calendar
        self.stamper = stamper
        self.today = today
        # The last working day before today: nothing in the demo happens today, in the future or on a day off.
        self.last_day = calendar.workday_on_or_before(
            today - datetime.timedelta(days=1), floor=today - datetime.timedelta(days=30)
        )
        self.staff = staff
        self.leader = leader

    # --- time -------------------------------------------------------------------------------------------------
    def at(self, day: datetime.date, cursor: datetime.datetime | None = None) -> datetime.datetime:
        """A moment on `day` in office hours, after `cursor` when both fall on the same day."""
        day = min(day, self.last_day)
        if cursor is not None and day <= timezone.localtime(cursor).date():
            return cursor + datetime.timedelta(minutes=self.rng.randint(15, 50))
        morning, afternoon = self.rng.randint(8 * 60 + 40, 11 * 60 + 40), self.rng.randint(14 * 60 + 30, 17 * 60 + 20)
        minutes = self.rng.choice([morning, afternoon])
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60)))

    def later(self, cursor, workdays: int) -> datetime.datetime:
        day = timezone.localtime(cursor).date()
        return self.at(self.calendar.add_workdays(day, workdays) if workdays else day, cursor)

    def first_deadline(self, plan: str, handed_off: datetime.date, limit: int, title: str) -> datetime.date:
        deadline = self.calendar.add_workdays(handed_off, limit)
        if plan in OVERDUE_PLANS and deadline >= self.today:
            fits = self.calendar.workdays_between(handed_off, self.last_day)
            if fits < 3:
                raise ValueError(f"演示数据“{title}”发现得太晚,无法构成逾期")
            deadline = self.calendar.add_workdays(handed_off, min(limit, fits - self.rng.randint(1, 2)))
        return deadline

    def responsible_person(self, department) -> str:
        """The unit's deputy in charge (分管负责人), else its head or a section chief; else the parent unit's."""
        for unit in [department, *reversed(Department.objects.get_ancestors(department))]:
            officials = Official.objects.filter(department=unit, is_active=True)
            for level in (Official.Level.DEPUTY, Official.Level.DEPARTMENT_HEAD, Official.Level.SECTION_CHIEF):
                found = officials.filter(level=level).order_by("pk").first()
                if found is not None:
                    return found.name
        return ""

    # --- steps around the loop ---------------------------------------------------------------------------------
    def extend(self, issue: Issue, spec: dict, plan: str, liaison, cursor):
        """The department asks for more time; the center approves or refuses (or has not decided yet)."""
        wish = spec.get("extension")
        if wish is None and plan in OPEN_PLANS and issue.deadline < self.today:
            wish = {"status": "approved"}  # still open past its first deadline: it must have been extended
        if wish is None:
            return issue, cursor
        status = wish.get("status", "approved")
        asked_on = self.calendar.workday_on_or_before(
            issue.deadline - datetime.timedelta(days=3), floor=timezone.localtime(cursor).date()
        )
        cursor = self.at(asked_on, cursor)
        requested = self.calendar.add_workdays(issue.deadline, wish.get("days", 10))
        if status == "approved" and plan in OPEN_PLANS:
            requested = max(requested, self.calendar.add_workdays(self.today, self.rng.randint(3, 8)))
        reason = wish.get("reason") or "涉及系统改造和跨部门协调,原定时限内无法完成,申请延期"
        extension = extension_request(issue=issue, by=liaison, reason=reason, requested_deadline=requested)
        self.stamper.stamp(cursor)
        if status != "pending":
            cursor = self.later(cursor, 1)
            approve = status == "approved"
            note = wish.get("note") or ("理由充分,同意延期" if approve else "不属于需延期情形,请按原时限整改到位")
            extension_decide(extension=extension, by=self.staff, approve=approve, note=note)
            DeadlineExtension.objects.filter(pk=extension.pk).update(decided_at=cursor)
            self.stamper.stamp(cursor)
        return Issue.objects.get(pk=issue.pk), cursor

    def rectify_and_submit(self, issue: Issue, spec: dict, liaison, cursor, *, again: bool):
        measures = (spec.get("measures_2") if again else None) or spec.get("measures") or "已按要求完成整改"
        changes = {"measures": measures, "long_term_rule": bool(spec.get("long_term_rule"))}
        issue = rectification_record(issue=issue, by=liaison, changes=changes, reductions=spec.get("reductions", {}))
        self.stamper.stamp(cursor - datetime.timedelta(minutes=2))
        evidence_add(
            issue=issue, by=liaison, file=ContentFile(tiny_png(), name="整改照片.png"),
            description="再次整改佐证材料" if again else "整改后现场照片",
        )
        self.stamper.stamp(cursor - datetime.timedelta(minutes=1))
        issue = issue_transition(issue=issue, action="submit", by=liaison, note="整改完成,申请验收")
        self.stamper.stamp(cursor)
        return issue

    def call_back(self, issue: Issue, result: str, cursor) -> Issue:
        """The center's second callback (二次回访) to the citizen, recorded before the evaluation."""
        changes = {
            "callback_on": timezone.localtime(cursor).date(),
            "callback_by": self.staff.first_name or self.staff.username,
            "callback_result": result,
        }
        issue = issue_update(issue=issue, by=self.staff, activity="record_callback", changes=changes)
        self.stamper.stamp(cursor - datetime.timedelta(minutes=1))
        return issue

    # --- the loop ---------------------------------------------------------------------------------------------
    def run(self, issue: Issue, spec: dict, created_at: datetime.datetime) -> Issue:
        plan = spec.get("plan", "experience")
        Issue.objects.filter(pk=issue.pk).update(created_at=created_at)
        if not PLANS[plan]:
            return issue
        liaison = liaison_for(issue.department)
        if liaison is None:
            raise ValueError(f"演示数据“{issue.title}”的责任单位 {issue.department} 没有联络员账号")
        on_spot = issue.fixed_on_spot
        limit = spec.get("limit", 0 if on_spot else 10)
        evaluator = self.leader if spec.get("evaluated_by") == "leader" else self.staff
        cursor, submits = created_at, 0
        for action in PLANS[plan]:
            if action == "hand_off":
                cursor = self.later(cursor, 0 if on_spot else 1)
                deadline = self.first_deadline(plan, timezone.localtime(cursor).date(), limit, issue.title)
                changes = {
                    "department": issue.department, "deadline": deadline,
                    "responsible_person": self.responsible_person(issue.department),
                }
                note = "现场发现,立行立改" if on_spot else f"请于{deadline:%Y年%m月%d日}前整改到位并上传佐证材料"
                issue = issue_transition(issue=issue, action=action, by=self.staff, note=note, changes=changes)
            elif action == "acknowledge":
                cursor = self.later(cursor, 0 if on_spot else self.rng.randint(0, 1))
                issue = issue_transition(issue=issue, action=action, by=liaison, note="已签收,正在组织整改")
            elif action == "submit":
                submits += 1
                gap = 0 if on_spot else self.rng.randint(3, 5) if submits > 1 else max(1, round(limit * 0.5))
                cursor = self.later(cursor, gap)
                issue = self.rectify_and_submit(issue, spec, liaison, cursor, again=submits > 1)
                continue
            elif action == "reject":
                cursor = self.later(cursor, 2)
                issue = self.call_back(issue, spec["reject_note"], cursor)
                issue = issue_transition(
                    issue=issue, action=action, by=evaluator, note=spec["reject_note"],
                    changes={"evaluation": "dissatisfied"},
                )
            else:  # accept
                cursor = self.later(cursor, 0 if on_spot else 2)
                issue = self.call_back(issue, spec.get("callback") or "群众表示问题已解决,对整改结果满意", cursor)
                note = "现场整改到位,同意销号" if on_spot else "二次回访群众表示满意,同意销号"
                evaluation = spec.get("evaluation") or self.rng.choice(PASSING)
                issue = issue_transition(
                    issue=issue, action=action, by=evaluator, note=note, changes={"evaluation": evaluation}
                )
            self.stamper.stamp(cursor)
            if EXTENSION_AFTER.get(plan) == action:
                issue, cursor = self.extend(issue, spec, plan, liaison, cursor)
        return issue
