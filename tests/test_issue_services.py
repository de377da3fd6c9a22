"""Ledger writes: numbering, the event trail, and the database rules behind them."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from issues import workflow
from issues.models import Issue, IssueEvent
from issues.services import evidence_add, issue_create, issue_transition
from tests.factories import make_issue

pytestmark = pytest.mark.django_db


def test_numbers_are_readable_and_restart_each_year(users):
    staff = users["staff"]
    first = issue_create(by=staff, title="a", discovered_on=datetime.date(2026, 3, 1), source="review")
    second = issue_create(by=staff, title="b", discovered_on=datetime.date(2026, 3, 2), source="review")
    next_year = issue_create(by=staff, title="c", discovered_on=datetime.date(2027, 1, 4), source="review")
    for issue in (first, second, next_year):
        issue.refresh_from_db()
    assert [first.number, second.number, next_year.number] == ["2026-0001", "2026-0002", "2027-0001"]


def test_the_same_number_cannot_be_stored_twice(users):
    issue = make_issue(by=users["staff"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(
            year=issue.year,
            sequence=issue.sequence,
            title="dup",
            discovered_on=issue.discovered_on,
            created_by=users["staff"],
            source="review",
        )


def test_a_new_issue_starts_at_experience_with_its_first_event(users):
    issue = make_issue(by=users["staff"])
    assert issue.stage == Issue.Stage.EXPERIENCE
    assert list(issue.events.values_list("from_stage", "to_stage", "actor__username")) == [("", "experience", "staff")]


def test_hand_off_sets_department_and_deadline_and_records_the_event(org, users):
    issue = make_issue(by=users["staff"])
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    issue_transition(
        issue=issue,
        action="hand_off",
        by=users["staff"],
        note="请限期整改",
        changes={"department": org.market, "deadline": deadline},
    )
    issue.refresh_from_db()
    assert (issue.stage, issue.department, issue.deadline) == (Issue.Stage.FEEDBACK, org.market, deadline)
    event = issue.events.last()
    assert (event.actor, event.from_stage, event.to_stage, event.note) == (
        users["staff"],
        "experience",
        "feedback",
        "请限期整改",
    )


def test_a_refused_step_changes_nothing(org, users):
    issue = make_issue(by=users["staff"])
    with pytest.raises(workflow.TransitionRefused):
        issue_transition(issue=issue, action="hand_off", by=users["staff"], changes={"department": org.market})
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.EXPERIENCE and issue.department is None
    assert issue.events.count() == 1


def test_a_liaison_may_not_acknowledge_another_departments_issue(org, users):
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.FEEDBACK)
    with pytest.raises(workflow.TransitionRefused, match="没有权限"):
        issue_transition(issue=issue, action="acknowledge", by=users["other_liaison"])
    issue_transition(issue=issue, action="acknowledge", by=users["liaison"])
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.RECTIFICATION


def test_a_step_on_a_stale_copy_is_refused_with_a_clear_message(org, users):
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.FEEDBACK)
    stale = Issue.objects.get(pk=issue.pk)
    issue_transition(issue=issue, action="acknowledge", by=users["liaison"])
    with pytest.raises(workflow.TransitionRefused, match="已被他人处理"):
        issue_transition(issue=stale, action="acknowledge", by=users["liaison"])
    assert IssueEvent.objects.filter(issue=issue, to_stage="rectification").count() == 1


def test_the_whole_loop_with_a_failed_evaluation(org, users):
    staff, liaison, leader = users["staff"], users["liaison"], users["leader"]
    issue = make_issue(by=staff)
    issue = issue_transition(
        issue=issue, action="hand_off", by=staff, changes={"department": org.market, "deadline": timezone.localdate()}
    )
    issue = issue_transition(issue=issue, action="acknowledge", by=liaison)
    evidence_add(issue=issue, by=liaison, file=ContentFile(b"%PDF-1.4", name="proof.pdf"), description="整改照片")
    issue = issue_transition(issue=issue, action="submit", by=liaison, changes={"measures": "增设取号机"})
    issue = issue_transition(
        issue=issue, action="reject", by=leader, note="回访群众仍不满意", changes={"evaluation": "dissatisfied"}
    )
    issue = issue_transition(issue=issue, action="submit", by=liaison, changes={"measures": "增设取号机并培训"})
    issue = issue_transition(issue=issue, action="accept", by=staff, changes={"evaluation": "satisfied"})
    assert issue.stage == Issue.Stage.CLOSED
    assert list(issue.events.values_list("to_stage", flat=True)) == [
        "experience",
        "feedback",
        "rectification",
        "evaluation",
        "rectification",
        "evaluation",
        "closed",
    ]
    assert issue.history.count() >= 7  # every field change is kept too


def test_issue_events_are_append_only(users):
    event = make_issue(by=users["staff"]).events.get()
    event.note = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_the_database_refuses_an_unknown_stage(users):
    issue = make_issue(by=users["staff"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.filter(pk=issue.pk).update(stage="archived")


def test_the_database_refuses_a_handed_off_issue_without_department(users):
    issue = make_issue(by=users["staff"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.filter(pk=issue.pk).update(stage="feedback")
