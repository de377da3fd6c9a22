"""The ledger's lines as plain rows for the 整改台账 export: each issue's fields, its related names and what
with_ledger_facts counts beside it (overdue, closing time, reopens, urgings, sightings) in one streamed query,
and its 四减 in one query per chunk of lines — never a model instance.

A province's ledger is a million lines: building five or six model instances per line cost more than writing
the workbook itself. Memory holds one chunk of lines at a time.
"""

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

from django.db.models import Exists, OuterRef, QuerySet

from issues.models import Issue, Reduction
from issues.selectors import with_ledger_facts

CHUNK_LINES = 2000  # lines fetched per round trip, and whose reductions are read together

# What each line is read as, in LedgerLineFacts' order: the issue's fields, then with_ledger_facts' annotations.
FIELDS = (
    "number", "campaign__theme", "kind", "source", "walkthrough__mode", "service_item__name", "discovered_on",
    "category", "title", "description", "department__name", "responsible_person", "measures", "fixed_on_spot",
    "long_term_rule", "deadline", "stage", "evaluation", "remarks",
    "is_overdue", "closed_at", "reopen_count", "urging_count", "sighting_count",
)


class LedgerLineFacts(NamedTuple):
    """One ledger line. Related names are None where the relation is empty; `is_overdue` is SQL's (None, so
    false, without a deadline); `closed_at` is when it was last closed (aware); `reductions` its 四减 as
    (kind, before, after), in no particular order."""

    number: str
    campaign_theme: str | None
    kind: str
    source: str
    walkthrough_mode: str | None
    service_item_name: str | None
    discovered_on: object
    category: str
    title: str
    description: str
    department_name: str | None
    responsible_person: str
    measures: str
    fixed_on_spot: bool
    long_term_rule: bool
    deadline: object
    stage: str
    evaluation: str
    remarks: str
    is_overdue: bool | None
    closed_at: object
    reopen_count: int
    urging_count: int
    sighting_count: int
    reductions: tuple


def _reductions(ids: list[int]) -> dict[int, list[tuple]]:
    found = defaultdict(list)
    for issue_id, *reduction in Reduction.objects.filter(issue_id__in=ids).values_list(
        "issue_id", "kind", "before", "after"
    ):
        found[issue_id].append(tuple(reduction))
    return found


def ledger_lines(
    issues: QuerySet[Issue], *, today, order_by: tuple[str, ...] = (), chunk_size: int = CHUNK_LINES
) -> Iterator[LedgerLineFacts]:
    """The lines of `issues` (scoped, filtered and ordered), in its order or in `order_by` (which may name
    with_ledger_facts' counts, as the ledger list's sort does), each with the facts issues.selectors.with_ledger_facts
    gives on `today` and its reductions."""
    lines = with_ledger_facts(issues, today=today)
    if order_by:
        lines = lines.order_by(*order_by)
    rows = (
        lines.annotate(has_reductions=Exists(Reduction.objects.filter(issue=OuterRef("pk"))))
        .values_list("pk", "has_reductions", *FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    while chunk := list(islice(rows, chunk_size)):
        reductions = _reductions([row[0] for row in chunk if row[1]])  # most lines have none
        for row in chunk:
            yield LedgerLineFacts(*row[2:], tuple(reductions.get(row[0], ())))
