"""Similar-issue hints: while a walker types a finding, the open or recent ledger lines that look alike.

PostgreSQL ranks by pg_trgm similarity of the titles, through the GIN trigram index of migration 0006 (the `%`
operator is what the index serves); SQLite, for development, falls back to a plain search on two-character
pieces of the text. Either way the same service item, then the same department, come first.
"""

import datetime

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.roles import Role, roles_of
from issues.models import Issue
from issues.selectors import issue_scope_q, sighting_count_subquery

HINT_LIMIT = 5
RECENT_DAYS = 180  # a closed issue found within this many calendar days still counts as "recent"
# Short Chinese titles share few trigrams: 0.15 keeps "取号机经常故障" ~ "取号机故障没人修" (0.21) and drops noise.
SIMILARITY_THRESHOLD = 0.15
MIN_TEXT_LENGTH = 2
MAX_PIECES = 12  # SQLite fallback: each piece of the text is one LIKE in the query


def hint_scope_q(user) -> Q:
    """The issues whose number, title and stage a user may be shown as hints: what he may read anyway, and for a
    walker (participant) also the issues of the departments that open campaigns send him to — he meets those
    blockages in the hall, and the hint tells him nothing the hall does not."""
    visible = issue_scope_q(user)
    if Role.PARTICIPANT not in roles_of(user):
        return visible
    open_campaigns = Campaign.objects.exclude(status=Campaign.Status.CLOSED)
    if open_campaigns.filter(departments__isnull=True).exists():
        return Q()  # a campaign over the whole county
    for department in {d for c in open_campaigns.prefetch_related("departments") for d in c.departments.all()}:
        visible |= department.subtree_q("department")
    return visible


def _candidates(*, user, today) -> QuerySet[Issue]:
    recent = today - datetime.timedelta(days=RECENT_DAYS)
    return Issue.objects.filter(hint_scope_q(user)).filter(
        Q(duplicate_of__isnull=True) & (~Q(stage=Issue.Stage.CLOSED) | Q(discovered_on__gte=recent))
    )


def _pieces(text: str) -> list[str]:
    """Two-character pieces of the text (Chinese has no spaces to split on), for the SQLite fallback."""
    compact = "".join(text.split())
    pieces = []
    for start in range(max(len(compact) - 1, 1)):
        piece = compact[start:start + 2]
        if piece not in pieces:
            pieces.append(piece)
    return pieces


def _likeness(pieces: set[str], title: str) -> float:
    """pg_trgm's measure on two-character pieces: those shared over all those of either, so a title that holds the
    text and more ranks below the same words alone, as on PostgreSQL."""
    theirs = set(_pieces(title))
    return len(pieces & theirs) / len(pieces | theirs)


def similar_issues(*, user, text: str, service_item_id=None, department_id=None, exclude_pk=None,
                   limit: int = HINT_LIMIT, today=None) -> list[Issue]:
    """Up to `limit` open or recent issues the user may be shown that look like `text` (a finding's title, maybe
    with its description): the same service item first, then the same department, then the most alike. Each
    carries `sighting_count`. An empty list for text shorter than two characters."""
    text = " ".join(text.split())[:200]
    if len(text) < MIN_TEXT_LENGTH:
        return []
    today = today or timezone.localdate()
    issues = _candidates(user=user, today=today).select_related("department")
    if exclude_pk:
        issues = issues.exclude(pk=exclude_pk)
    nearness = [
        Case(When(service_item_id=service_item_id, then=Value(1)), default=Value(0), output_field=IntegerField())
        if service_item_id else Value(0),
        Case(When(department_id=department_id, then=Value(1)), default=Value(0), output_field=IntegerField())
        if department_id else Value(0),
    ]
    issues = issues.annotate(
        same_item=nearness[0], same_department=nearness[1], sighting_count=sighting_count_subquery()
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_limit(%s)", [SIMILARITY_THRESHOLD])
        ranked = issues.filter(TrigramSimilar(F("title"), Value(text))).annotate(
            similarity=TrigramSimilarity("title", Value(text))
        )
        return list(ranked.order_by("-same_item", "-same_department", "-similarity", "-pk")[:limit])
    pieces = _pieces(text)[:MAX_PIECES]
    matches = Q(pk__in=[])
    for piece in pieces:
        matches |= Q(title__icontains=piece)
    found = list(issues.filter(matches).order_by("-pk")[:200])
    for issue in found:
        issue.similarity = _likeness(set(pieces), issue.title)
    found.sort(key=lambda i: (-i.same_item, -i.same_department, -i.similarity, -i.pk))
    return found[:limit]
