"""Two people act on the same issue at once, in two real PostgreSQL transactions: one wins, the other waits on
the row lock, then is refused with a clear message, and nothing is lost."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections

from issues import services, workflow
from issues.models import Issue, IssueEvent
from tests.conftest import require_postgresql
from tests.factories import make_issue

pytestmark = pytest.mark.django_db(transaction=True)
LOCK_WAIT_TIMEOUT = 10


def backends_waiting_on_a_lock() -> int:
    """Sessions of this database blocked on a lock right now (the activity view is snapshotted per transaction,
    so the snapshot is dropped first)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


waited = []


def second_waits() -> bool:
    """Called by the lock holder while it holds the lock: has the other transaction started waiting for it?"""
    if backends_waiting_on_a_lock() >= 1:
        waited.append(True)
        return True
    return False


@pytest.fixture(autouse=True)
def _forget_waits():
    waited.clear()


def run_two_at_once(first, second, *, hold_lock_until):
    """Run `first` and `second` in two threads, each on its own connection. `first` takes the issue's row lock
    and keeps it until `hold_lock_until()` is true (so `second` demonstrably waits on it), then commits.
    Returns what each returned, or the exception it raised."""
    results = {}
    start = threading.Barrier(2)
    first_holds_lock = threading.Event()
    original_lock = services._lock

    def lock_then_hold(issue):
        locked = original_lock(issue)
        if threading.current_thread().name == "first":
            first_holds_lock.set()
            give_up = time.monotonic() + LOCK_WAIT_TIMEOUT
            while not hold_lock_until() and time.monotonic() < give_up:
                time.sleep(0.05)
        return locked

    def run(name, action):
        try:
            start.wait()
            if name == "second":
                first_holds_lock.wait(LOCK_WAIT_TIMEOUT)
            results[name] = action()
        except Exception as error:  # noqa: BLE001 - the test inspects what each side got
            results[name] = error
        finally:
            connections.close_all()

    services._lock = lock_then_hold
    try:
        threads = [threading.Thread(target=run, args=(n, a), name=n) for n, a in (("first", first), ("second", second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(LOCK_WAIT_TIMEOUT * 2)
    finally:
        services._lock = original_lock
    return results


def test_two_liaisons_acknowledging_at_once_one_wins_the_other_is_told(org, users):
    require_postgresql()
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.FEEDBACK)
    # Both opened the page while the issue was at feedback: each holds his own stale copy.
    copy_a, copy_b = Issue.objects.get(pk=issue.pk), Issue.objects.get(pk=issue.pk)

    results = run_two_at_once(
        lambda: services.issue_transition(issue=copy_a, action="acknowledge", by=users["liaison"], note="A签收"),
        lambda: services.issue_transition(issue=copy_b, action="acknowledge", by=users["liaison"], note="B签收"),
        hold_lock_until=second_waits,
    )

    assert waited, f"the second transaction never blocked on the row lock: {results}"
    assert isinstance(results["first"], Issue) and results["first"].stage == Issue.Stage.RECTIFICATION
    refused = results["second"]
    assert isinstance(refused, workflow.TransitionRefused)
    assert str(refused) == "该问题已被他人处理,当前环节为“整改中”,请刷新页面后再操作"
    issue.refresh_from_db()
    assert issue.stage == Issue.Stage.RECTIFICATION
    assert list(IssueEvent.objects.filter(issue=issue, to_stage="rectification").values_list("note", flat=True)) == [
        "A签收"
    ]


def test_accept_and_reject_at_once_leave_exactly_one_outcome(org, users):
    require_postgresql()
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.EVALUATION, measures="已整改")
    copy_staff, copy_leader = Issue.objects.get(pk=issue.pk), Issue.objects.get(pk=issue.pk)

    results = run_two_at_once(
        lambda: services.issue_transition(
            issue=copy_staff, action="accept", by=users["staff"], changes={"evaluation": "satisfied"}
        ),
        lambda: services.issue_transition(
            issue=copy_leader, action="reject", by=users["leader"], note="群众仍不满意",
            changes={"evaluation": "dissatisfied"},
        ),
        hold_lock_until=second_waits,
    )

    assert waited, "the second transaction never blocked on the row lock"
    assert isinstance(results["first"], Issue)
    assert isinstance(results["second"], workflow.TransitionRefused) and "已销号" in str(results["second"])
    issue.refresh_from_db()
    # The leader's "dissatisfied" did not overwrite the accepted evaluation: the loser changed nothing.
    assert (issue.stage, issue.evaluation) == (Issue.Stage.CLOSED, "satisfied")
    assert list(issue.events.values_list("to_stage", flat=True)) == ["experience", "closed"]


def test_an_extension_decided_twice_at_once_is_decided_once(org, users):
    require_postgresql()
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.RECTIFICATION)
    request = services.extension_request(
        issue=issue, by=users["liaison"], reason="需协调系统改造",
        requested_deadline=issue.deadline + datetime.timedelta(days=20),
    )
    results = run_two_at_once(
        lambda: services.extension_decide(extension=request, by=users["staff"], approve=True),
        lambda: services.extension_decide(extension=request, by=users["staff"], approve=False, note="理由不充分"),
        hold_lock_until=second_waits,
    )

    assert waited, "the second transaction never blocked on the row lock"
    assert results["first"].status == "approved"
    assert isinstance(results["second"], workflow.TransitionRefused) and "已同意" in str(results["second"])
    request.refresh_from_db()
    issue.refresh_from_db()
    assert request.status == "approved" and issue.deadline == request.requested_deadline
