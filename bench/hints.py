"""Similar-issue hints at scale (issue 14): the JSON endpoint the walkthrough form calls while a finding is typed,
timed for ~200 different texts beside the bare pg_trgm query that finds the same candidates.

The texts are what a walker types: a stored title cut short, with a word changed, or a matter with a new problem,
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
from issues.similarity import RECENT_DAYS, SIMILARITY_THRESHOLD

TARGET_P95_MS = 50  # issue 14: similarity p95 ≤ 50 ms at 1,000,000 issues
SAMPLES = 200

BARE_SQL = """
SELECT id, title, similarity(title, %(text)s) AS s FROM issues_issue
WHERE duplicate_of_id IS NULL AND (stage <> 'closed' OR discovered_on >= CURRENT_DATE - %(recent)s)
  AND title %% %(text)s
ORDER BY s DESC, id DESC LIMIT 5
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


def typed_texts(count: int = SAMPLES, *, seed: int = 14) -> list[str]:
    """`count` different texts a walker might type, made from titles in the ledger."""
    rng = random.Random(seed)
    top = Issue.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    pks = [rng.randint(1, top) for _ in range(count * 2)]
    titles = list(Issue.objects.filter(pk__in=pks).values_list("title", flat=True)[:count])
    texts = []
    for n, title in enumerate(titles):
        kind = n % 3
        if kind == 0:
            text = title[: max(4, len(title) * 2 // 3)]  # still typing
        elif kind == 1:
            cut = rng.randint(2, max(2, len(title) - 2))
            text = title[:cut] + "又" + title[cut:]  # the same blockage, worded a little differently
        else:
            text = title[:6] + "时经常遇到" + title[-5:]
        texts.append(f"{text}{n}" if text in texts else text)
    return texts


def measure_hints(*, username: str, texts: list[str]) -> HintTiming:
    """Time GET /issues/similar/?text=… as `username` for each text (after 2 warm-ups), and the bare query."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for text in texts[:2]:
        client.get("/issues/similar/?" + urlencode({"text": text}))
    with counting_queries() as counted:
        client.get("/issues/similar/?" + urlencode({"text": texts[0]}))
    timing = HintTiming(texts=len(texts), queries=counted.queries, found=0)
    for text in texts:
        started = time.perf_counter()
        response = client.get("/issues/similar/?" + urlencode({"text": text}))
        timing.samples_ms.append((time.perf_counter() - started) * 1000)
        timing.found += bool(response.json()["issues"])
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_limit(%s)", [SIMILARITY_THRESHOLD])
            cursor.execute(BARE_SQL, {"text": text, "recent": RECENT_DAYS})
            cursor.fetchall()
        timing.bare_ms.append((time.perf_counter() - started) * 1000)
    return timing
