"""Similar-issue hints at scale (issue 14): the JSON endpoint the walkthrough form calls while a finding is typed,
timed for ~200 different texts beside the bare pg_trgm query that finds the same candidates.

Each request carries what the walkthrough form sends: the text, the hall's department and (two in three) the
service item. The texts are what a walker types: a stored title cut short, with a word changed, or a matter with a
new problem,
so each request searches afresh (no two alike) and hits the trigram index as real typing does.
"""

import random
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from bench.pages import counting_queries, percentile
from issues.models import Issue
from issues.similarity import NEARBY_ONLY_BELOW, RECENT_DAYS, SIMILARITY_THRESHOLD

TARGET_P95_MS = 50  # issue 14: similarity p95 ≤ 50 ms at 1,000,000 issues
SAMPLES = 200

# The same plain technique as the app (issues.hint_search): the narrow search table, the walker's county narrowing
# the trigram index by region; his scope is given (read once, outside the timing) and nothing else is asked.
BARE_SQL = """
SELECT issue_id, title, similarity(title, %(text)s) AS s FROM issues_hintline
WHERE hint_date = 'infinity'::date AND title %% %(text)s
  AND region_id = ANY(%(regions)s::bigint[]) AND department_id = ANY(%(departments)s::bigint[])
ORDER BY s DESC, issue_id DESC LIMIT 5
"""
BARE_NEARBY_SQL = """
SELECT issue_id, title, similarity(title, %(text)s) AS s FROM issues_hintline
WHERE (department_id = %(department)s OR service_item_id = %(item)s) AND hint_date >= CURRENT_DATE - %(recent)s
  AND department_id = ANY(%(departments)s::bigint[]) AND similarity(title, %(text)s) >= %(low)s
ORDER BY s DESC, issue_id DESC LIMIT 5
"""


@dataclass
class HintTiming:
    texts: int
    queries: int
    found: int  # requests that returned at least one hint
    samples_ms: list[float] = field(default_factory=list)
    bare_ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return percentile(self.samples_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)

    @property
    def bare_p95(self) -> float:
        return percentile(self.bare_ms, 95)


@dataclass(frozen=True)
class Typed:
    """What the walkthrough form sends while a finding is typed: the text, and the hall's department and the
    service item when the walker has chosen them."""

    text: str
    department: int | None
    service_item: int | None

    def query(self) -> str:
        sent = {"text": self.text, "department": self.department, "service_item": self.service_item}
        return "/issues/similar/?" + urlencode({key: value for key, value in sent.items() if value})


def typed_texts(count: int = SAMPLES, *, username: str, seed: int = 14) -> list[Typed]:
    """`count` different texts the walker `username` might type in the halls of his own county: made from lines he
    may be shown as hints (issues.similarity.hint_scope_q), every one with the line's department, two in three
    also with its service item."""
    from issues.similarity import hint_scope_q

    rng = random.Random(seed)
    walker = get_user_model().objects.get(username=username)
    ids = list(Issue.objects.filter(hint_scope_q(walker)).order_by("pk").values_list("pk", flat=True))
    pks = rng.sample(ids, min(count, len(ids)))
    lines = list(Issue.objects.filter(pk__in=pks).values_list("title", "department_id", "service_item_id"))
    texts, typed = [], []
    for n, (title, department, item) in enumerate(lines):
        kind = n % 3
        if kind == 0:
            text = title[: max(4, len(title) * 2 // 3)]  # still typing
        elif kind == 1:
            cut = rng.randint(2, max(2, len(title) - 2))
            text = title[:cut] + "又" + title[cut:]  # the same blockage, worded a little differently
        else:
            text = title[:6] + "时经常遇到" + title[-5:]
        text = f"{text}{n}" if text in texts else text
        texts.append(text)
        typed.append(Typed(text, department, item if n % 3 else None))
    return typed


def measure_hints(*, username: str, texts: list[Typed]) -> HintTiming:
    """Time GET /issues/similar/?text=…&department=…&service_item=… as `username` for each text (after 2
    warm-ups), and beside each its bare SQL: the same two pg_trgm searches over the same search table and his
    county's departments, no ORM."""
    from issues.similarity import walker_hint_departments

    walker = get_user_model().objects.get(username=username)
    county = walker_hint_departments(walker)
    client = Client()
    client.force_login(walker)
    for typed in texts[:2]:
        client.get(typed.query())
    with counting_queries() as counted:
        client.get(texts[0].query())
    timing = HintTiming(texts=len(texts), queries=counted.queries, found=0)
    with connection.cursor() as cursor:  # as the app's connections do once (issues.apps)
        cursor.execute("SELECT set_limit(%s)", [NEARBY_ONLY_BELOW])
    for typed in texts:
        started = time.perf_counter()
        response = client.get(typed.query())
        timing.samples_ms.append((time.perf_counter() - started) * 1000)
        timing.found += bool(response.json()["issues"])
        params = {"text": typed.text, "recent": RECENT_DAYS, "low": SIMILARITY_THRESHOLD,
                  "department": typed.department or 0, "item": typed.service_item or 0,
                  "departments": county.departments, "regions": county.regions}
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(BARE_SQL, params)
            cursor.fetchall()
            cursor.execute(BARE_NEARBY_SQL, params)
            cursor.fetchall()
        timing.bare_ms.append((time.perf_counter() - started) * 1000)
    return timing
