"""seed_bench writes the province the benchmark measures, and refuses real data; the harness runs end to end.

The harness's CI smoke run is here (1,000 issues); its figures at 100,000 and 1,000,000 are in BENCHMARKS.md.
"""

import tempfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench import batch, export_run, hints, pages
from bench.seed import seed
from campaigns.models import Department, Official, WalkthroughSession
from issues.models import Evidence, Issue, IssueEvent, Reminder
from tests.conftest import require_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    require_postgresql()


def test_seed_bench_refuses_a_database_holding_real_data(postgresql, org):
    with pytest.raises(CommandError, match="holds data seed_bench did not write"):
        call_command("seed_bench", issues=10)
    assert not Issue.objects.exists()


def test_seed_bench_writes_the_province_shape(postgresql):
    seed(issues=600, say=lambda line: None)
    departments = Department.objects.all()
    assert 480 <= departments.count() <= 520
    assert sorted(set(departments.values_list("depth", flat=True))) == [1, 2, 3, 4]
    assert Department.objects.find_problems() == ([], [], [], [], [])  # a valid treebeard tree
    assert Official.objects.count() == 2000
    sessions = WalkthroughSession.objects.all()
    assert sessions.count() == 180
    assert set(sessions.values_list("mode", flat=True)) == set(WalkthroughSession.Mode.values)
    issues = Issue.objects.all()
    assert issues.count() == 600
    for field, choices in (("stage", Issue.Stage), ("source", Issue.Source), ("category", Issue.Category),
                           ("severity", Issue.Severity)):
        assert set(issues.values_list(field, flat=True)) == set(choices.values), field
    closed = issues.filter(stage=Issue.Stage.CLOSED).count()
    assert 0.85 <= closed / 600 <= 0.91
    from django.utils import timezone

    from issues.selectors import overdue_q
    overdue = issues.filter(overdue_q(timezone.localdate())).count()
    assert 0.02 <= overdue / 600 <= 0.06
    # every line has its opening event, every closed one its closing event; a 立行立改 line is closed in one
    # step from the hall, the others through the loop with evidence
    assert IssueEvent.objects.filter(from_stage="", to_stage="experience").count() == 600
    assert IssueEvent.objects.filter(to_stage="closed").values("issue").distinct().count() == closed
    on_spot = issues.filter(stage=Issue.Stage.CLOSED, fixed_on_spot=True)
    assert 0 < on_spot.count() < closed
    assert IssueEvent.objects.filter(action="fix_on_spot").values("issue").distinct().count() == on_spot.count()
    assert not IssueEvent.objects.filter(issue__in=on_spot, action="hand_off").exists()
    looped = issues.filter(stage=Issue.Stage.CLOSED, fixed_on_spot=False)
    assert Evidence.objects.filter(issue__in=looped).values("issue").distinct().count() == looped.count()
    # each line's events happen in the order they were recorded, as a timeline shows them
    last_seen = {}
    for issue_id, created_at in IssueEvent.objects.order_by("issue", "pk").values_list("issue", "created_at"):
        assert created_at >= last_seen.get(issue_id, created_at), issue_id
        last_seen[issue_id] = created_at
    assert Issue.history.count() >= 600
    # numbered in discovery order, as the ledger numbers them
    numbered = list(issues.order_by("year", "sequence").values_list("discovered_on", flat=True))
    assert numbered == sorted(numbered)

    with pytest.raises(CommandError, match="already holds a benchmark"):
        seed(issues=10, say=lambda line: None)
    seed(issues=50, reset=True, say=lambda line: None)
    assert Issue.objects.count() == 50


# The most queries each harness page may make; the test also checks the count is the same at both sizes.
QUERY_LIMITS = {"ledger": 16, "issue page": 24, "dashboard": 40, "briefing": 40}  # +1: the scope binding (17)


def _limit(page_name: str) -> int:
    return next(limit for prefix, limit in QUERY_LIMITS.items() if page_name.startswith(prefix))


def _query_counts(django_assert_max_num_queries) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    counts, clients = {}, {}
    for page in pages.pages(pages.find_subjects()):
        client = clients.get(page.username)
        if client is None:
            client = clients[page.username] = Client()
            client.force_login(get_user_model().objects.get(username=page.username))
        assert client.get(page.url).status_code == 200, page.name  # warm: roles, calendar years
        with django_assert_max_num_queries(_limit(page.name)) as captured:
            assert client.get(page.url).status_code == 200, page.name
        counts[page.name] = len(captured.captured_queries)
    return counts


def test_harness_smoke_run_and_query_counts_constant_in_n(postgresql, django_assert_max_num_queries):
    """The CI smoke run of the harness at 1,000 issues: every page it measures opens (200) within its query limit,
    with the same number of queries as at 2,000 issues; the export and its bare openpyxl limit write the same
    number of lines; the reminder scan runs and leaves nothing behind."""
    seed(issues=2000, say=lambda line: None)
    larger = _query_counts(django_assert_max_num_queries)
    seed(issues=1000, reset=True, say=lambda line: None)
    assert _query_counts(django_assert_max_num_queries) == larger

    clients = {}
    for page in pages.pages(pages.find_subjects()):
        timing = pages.measure(page, repeats=1, warmup=1, clients=clients)
        assert timing.status == 200, page.name
        assert timing.bare_ms
    with tempfile.TemporaryFile() as app, tempfile.TemporaryFile() as bare:
        assert export_run.app_export(app) == export_run.bare_export(bare) == 1000
    from django.contrib.auth import get_user_model

    walker = get_user_model().objects.filter(username__startswith="bench-walker-").order_by("pk").first()
    texts = hints.typed_texts(20, username=walker.username)
    assert len({typed.text for typed in texts}) == 20
    timing = hints.measure_hints(username=walker.username, texts=texts)
    assert len(timing.samples_ms) == len(timing.bare_ms) == 20 and timing.found > 0
    reminders = Reminder.objects.count()
    scan = batch.run_reminder_scan()
    assert scan.queries > 0
    assert Reminder.objects.count() == reminders


def test_p95_is_the_nearest_rank():
    """p95 of 20 samples is the 19th slowest, not the slowest (round-half-to-even made it the slowest)."""
    assert pages.percentile(list(range(1, 21)), 95) == 19
    assert pages.percentile(list(range(1, 201)), 95) == 190
    assert pages.percentile(list(range(1, 21)), 50) == 10
    assert pages.percentile([7.0], 95) == 7.0
