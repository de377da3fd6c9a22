"""Pages measured server-side, in process, through Django's test client: p50/p95 of the whole request (middleware,
views, templates) and its query count, each beside the bare SQL computing the same figures, timed in the same run.
"""

import math
import statistics
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from bench import bare
from campaigns.models import Campaign, Department
from issues.models import Issue


@dataclass(frozen=True)
class Page:
    name: str
    username: str
    url: str
    bare_sql: Callable[[], list[tuple[str, dict]]]
    target_ms: float | None = None  # p95 at 1,000,000 issues (issue 13)
    bare_ratio_target: float | None = None  # p95 ≤ this × bare SQL


@dataclass
class Timing:
    page: Page
    status: int
    queries: int
    html_kb: float
    first_ms: float = 0.0  # the first request, with nothing kept in the cache: it counts (see bench.__main__)
    samples_ms: list[float] = field(default_factory=list)
    bare_ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)

    @property
    def bare_p50(self) -> float:
        return statistics.median(self.bare_ms)

    @property
    def ratio(self) -> float:
        return self.p50 / self.bare_p50 if self.bare_p50 else float("inf")

    @property
    def met(self) -> bool | None:
        """Whether the page meets its target: its p95 bound, or its ratio to bare SQL (p95 over bare p95)."""
        checks = []
        if self.page.target_ms is not None:
            checks.append(self.p95 <= self.page.target_ms)
        if self.page.bare_ratio_target is not None:
            checks.append(self.p95 <= self.page.bare_ratio_target * percentile(self.bare_ms, 95))
        return all(checks) if checks else None


def percentile(samples: list[float], pct: float) -> float:
    """The nearest-rank percentile: the smallest sample with at least `pct`% of the samples at or below it (p95 of
    20 samples is the 19th slowest, of 200 the 190th). Until 2026-11-30 Python's round-half-to-even made the p95 of
    20 samples the slowest one, one request in twenty (a full collection, the VM's neighbour) deciding it."""
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[index]


@dataclass(frozen=True)
class Subjects:
    """The rows the pages are opened on, found in the seeded database."""

    liaison: str
    county: Department
    campaign: Campaign
    issue: int


def find_subjects() -> Subjects:
    county = Department.objects.get(code="BN-C01")
    unit = Department.objects.get(code="BN-C01-D01")  # has sub-units: a liaison whose scope is a subtree
    liaison = get_user_model().objects.filter(official__department=unit, username__startswith="bench-liaison-").get()
    campaigns = list(Campaign.objects.order_by("-starts_on")[:2])
    issue = (Issue.objects.filter(stage=Issue.Stage.CLOSED, reductions__isnull=False, evidence__isnull=False)
             .order_by("-pk").values_list("pk", flat=True).first()) or Issue.objects.order_by("-pk").first().pk
    return Subjects(liaison=liaison.username, county=county, campaign=campaigns[-1], issue=issue)


def pages(subjects: Subjects) -> list[Page]:
    """The pages issue 13 names, each with its bare SQL and its 1,000,000-issue target."""
    today = timezone.localdate()
    county, campaign = subjects.county, subjects.campaign
    liaison_unit = Department.objects.get(code="BN-C01-D01")
    ledger = [
        Page("ledger, first page", "bench-staff", "/issues/",
             lambda: bare.ledger_page(bare.Scope(), today), 150),
        Page("ledger, one department subtree", "bench-staff", f"/issues/?department={county.pk}",
             lambda: bare.ledger_page(bare.Scope(path=county.path), today), 150),
        Page("ledger, overdue", "bench-staff", "/issues/?overdue=true",
             lambda: bare.ledger_page(bare.Scope(overdue=True), today), 150),
        Page("ledger, a liaison's list", subjects.liaison, "/issues/",
             lambda: bare.ledger_page(bare.Scope(path=liaison_unit.path), today), 150),
        Page("issue page", "bench-staff", f"/issues/{subjects.issue}/", lambda: bare.issue_page(subjects.issue), 100),
    ]
    current = Campaign.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
    views = [
        ("no filter (current campaign)", "", bare.Scope(campaign=current.pk if current else None), 300, None),
        ("all campaigns", "?campaign=", bare.Scope(), None, 2),
        ("one campaign", f"?campaign={campaign.pk}", bare.Scope(campaign=campaign.pk), None, 2),
        ("one department subtree", f"?campaign=&department={county.pk}", bare.Scope(path=county.path), None, 2),
    ]
    reports = []
    for path, label in (("/reports/", "dashboard"), ("/reports/briefing/", "briefing")):
        for view, query, scope, target, ratio in views:
            depth = county.depth if scope.path else 1

            def sql(scope=scope, depth=depth):
                return bare.dashboard(scope, today, base_depth=depth)
            reports.append(Page(f"{label}, {view}", "bench-staff", path + query, sql, target, ratio))
    return ledger + reports


class QueryCounter:
    """Counts the statements sent to the database (Django's own query log keeps only the last 9,000)."""

    def __init__(self):
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


@contextmanager
def counting_queries():
    counter = QueryCounter()
    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(counter))
        yield counter


def _run_sql(statements: list[tuple[str, dict]]) -> None:
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def measure(page: Page, *, repeats: int, warmup: int = 2, clients: dict | None = None) -> Timing:
    """Open the page `warmup` + `repeats` times (the first for its query count), and run its bare SQL as often."""
    clients = clients if clients is not None else {}
    client = clients.get(page.username)
    if client is None:
        client = clients[page.username] = Client()
        client.force_login(get_user_model().objects.get(username=page.username))
    with counting_queries() as counted:
        started = time.perf_counter()
        response = client.get(page.url)
        first_ms = (time.perf_counter() - started) * 1000
    timing = Timing(page, response.status_code, counted.queries, len(response.content) / 1024, first_ms)
    for _ in range(max(0, warmup - 1)):
        client.get(page.url)
        _run_sql(page.bare_sql())
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(page.url)
        timing.samples_ms.append((time.perf_counter() - started) * 1000)
        statements = page.bare_sql()
        started = time.perf_counter()
        _run_sql(statements)
        timing.bare_ms.append((time.perf_counter() - started) * 1000)
    return timing
