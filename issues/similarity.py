"""Similar-issue hints: while a walker types a finding, the open or recent ledger lines that look alike.

PostgreSQL ranks by pg_trgm similarity of the titles: open lines alike anywhere in the user's scope through the
partial GIN trigram index of migration 0015 (the `%` operator is what the index serves), and open or recent lines
more loosely alike within the same service item or department through their own indexes (see NEARBY_ONLY_BELOW).
SQLite, for development, falls back to a plain search on two-character pieces of the text. Either way the same
service item, then the same department, come first.
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
# That is the bar within the same service item or department (a few thousand lines at most, read by their own
# indexes), where recently closed lines count too. Across the whole ledger only open lines are searched (through
# the partial trigram index of migration 0015) and the bar is NEARBY_ONLY_BELOW: at a million lines a 0.15 search
# over every title rechecked tens of thousands of lines sharing one common trigram (0.5–3 s); over the open lines
# at 0.3 it still rechecked ~20,000 (p95 ~200 ms), at 0.4 a few thousand (p95 ~80 ms; BENCHMARKS.md).
# "取号机经常故障" ~ "取号机经常故障打不出票" is 0.54: the same blockage worded longer is still found anywhere.
SIMILARITY_THRESHOLD = 0.15
NEARBY_ONLY_BELOW = 0.4
MIN_TEXT_LENGTH = 2
MAX_PIECES = 12  # SQLite fallback: each piece of the text is one LIKE in the query


def hint_scope_q(user) -> Q:
    """The issues whose number, title and stage a user may be shown as hints: what he may read anyway, and for a
    walker (participant) also the issues of the departments that his open campaigns send him to, within his own
    county — he meets those blockages in the hall, and the hint tells him nothing the hall does not. A campaign
    naming no departments sends him anywhere in his county; never into another county."""
    from campaigns.scope import campaign_scope_q, walkable_departments

    visible = issue_scope_q(user)
    if Role.PARTICIPANT not in roles_of(user):
        return visible
    county = Q(department__in=list(walkable_departments(user).order_by().values_list("pk", flat=True)))
    open_campaigns = Campaign.objects.filter(campaign_scope_q(user)).exclude(status=Campaign.Status.CLOSED)
    if open_campaigns.filter(departments__isnull=True).exists():
        return visible | county
    sent_to = Q(pk__in=[])
    for department in {d for c in open_campaigns.prefetch_related("departments") for d in c.departments.all()}:
        sent_to |= department.subtree_q("department")
    return visible | (sent_to & county)


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


def _rank(issue) -> tuple:
    return (-issue.same_item, -issue.same_department, -issue.similarity, -issue.pk)


def _nearby_q(service_item_id, department_id) -> Q:
    """Lines about the same service item or of the same department (nothing when neither is known)."""
    nearby = Q(service_item_id=service_item_id) if service_item_id else Q(pk__in=[])
    return nearby | Q(department_id=department_id) if department_id else nearby


def _ranked_by_trigrams(issues, text, service_item_id, department_id, limit) -> list[Issue]:
    """pg_trgm: open lines alike anywhere (similarity ≥ NEARBY_ONLY_BELOW, through the partial GIN index), and open
    or recent lines alike within the same service item or department (≥ SIMILARITY_THRESHOLD, through their
    foreign-key indexes); ranked together."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_limit(%s)", [NEARBY_ONLY_BELOW])
    similarity = TrigramSimilarity("title", Value(text))
    order = ("-same_item", "-same_department", "-similarity", "-pk")
    # Open lines only, written as the partial index's condition so that PostgreSQL uses it.
    open_lines = issues.filter(duplicate_of__isnull=True).exclude(stage=Issue.Stage.CLOSED)
    anywhere = open_lines.filter(TrigramSimilar(F("title"), Value(text))).annotate(similarity=similarity)
    found = {issue.pk: issue for issue in anywhere.order_by(*order)[:limit]}
    if service_item_id or department_id:
        close = (
            issues.filter(_nearby_q(service_item_id, department_id)).annotate(similarity=similarity)
            .filter(similarity__gte=SIMILARITY_THRESHOLD)
        )
        for issue in close.order_by(*order)[:limit]:
            found.setdefault(issue.pk, issue)
    return sorted(found.values(), key=_rank)[:limit]


def similar_issues(*, user, text: str, service_item_id=None, department_id=None, exclude_pk=None,
                   limit: int = HINT_LIMIT, today=None) -> list[Issue]:
    """Up to `limit` issues the user may be shown that look like `text` (a finding's title, maybe with its
    description): open ones, and recently closed ones (RECENT_DAYS) about the same service item or department;
    the same service item first, then the same department, then the most alike. Each carries `sighting_count`.
    An empty list for text shorter than two characters."""
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
        return _ranked_by_trigrams(issues, text, service_item_id, department_id, limit)
    # As on PostgreSQL: a closed line is hinted only when it is about the same service item or department.
    issues = issues.filter(~Q(stage=Issue.Stage.CLOSED) | _nearby_q(service_item_id, department_id))
    pieces = _pieces(text)[:MAX_PIECES]
    matches = Q(pk__in=[])
    for piece in pieces:
        matches |= Q(title__icontains=piece)
    found = list(issues.filter(matches).order_by("-pk")[:200])
    for issue in found:
        issue.similarity = _likeness(set(pieces), issue.title)
    found.sort(key=_rank)
    return found[:limit]
