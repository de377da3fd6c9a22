"""Similar-issue hints: while a walker types a finding, the open or recent ledger lines that look alike.

PostgreSQL ranks by pg_trgm similarity of the titles: open lines alike anywhere in the user's scope (the `%`
operator, served by a GIN trigram index), and open or recent lines more loosely alike within the same service item
or department (see NEARBY_ONLY_BELOW). A walker, whose scope is his own lines and a list of departments of his
county, is searched in the narrow table of migration 0016 (issues.hint_search), where his county narrows the
candidates inside the index; anyone else through the partial index on issues_issue of migration 0015. SQLite, for
development, falls back to a plain search on two-character pieces of the text. Either way the same service item,
then the same department, come first."""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.models.organisation import REGION_KINDS
from campaigns.roles import Role, roles_of
from issues.hint_search import search_hint_lines
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
    visible = issue_scope_q(user)
    if Role.PARTICIPANT not in roles_of(user):
        return visible
    return visible | Q(department__in=walker_hint_departments(user).departments)


@dataclass(frozen=True)
class WalkerDepartments:
    departments: list[int]  # ids of the departments whose lines he is hinted
    regions: list[int]  # ids of the counties, cities or province those departments lie in (Department.region())


def walker_hint_departments(user) -> WalkerDepartments:
    """The departments whose lines a walker is hinted beyond his own (hint_scope_q): those of his county that his
    open campaigns send him to, or all of his county when one of them names no departments."""
    from campaigns.scope import campaign_scope_q, walkable_departments

    county = list(walkable_departments(user).order_by("path").values_list("pk", "path", "kind"))
    # The region of a department of his county is the county itself or a region below it.
    regions = [pk for n, (pk, _path, kind) in enumerate(county) if n == 0 or kind in REGION_KINDS]
    # One row per open campaign and department it names; a campaign naming none gives one row without a path.
    sent_to = set(
        Campaign.objects.filter(campaign_scope_q(user)).exclude(status=Campaign.Status.CLOSED)
        .values_list("departments__path", flat=True)
    )
    if None in sent_to:
        return WalkerDepartments([pk for pk, _path, _kind in county], regions)
    prefixes = tuple(sent_to)
    return WalkerDepartments([pk for pk, path, _kind in county if prefixes and path.startswith(prefixes)], regions)


def _reads_only_own_lines(user) -> bool:
    """A walker who reads no subtree: his hint scope is his own lines plus a list of departments."""
    from campaigns.scope import reads_subtree

    return Role.PARTICIPANT in roles_of(user) and not reads_subtree(user)


def _hintable_q(recent) -> Q:
    """Lines that may be hinted at all: unmerged, and open or found since `recent`."""
    return Q(duplicate_of__isnull=True) & (~Q(stage=Issue.Stage.CLOSED) | Q(discovered_on__gte=recent))


def _candidates(*, user, today) -> QuerySet[Issue]:
    return Issue.objects.filter(hint_scope_q(user)).filter(_hintable_q(today - datetime.timedelta(days=RECENT_DAYS)))


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
    """pg_trgm over issues_issue, for a user whose scope is a subtree: open lines alike anywhere (similarity ≥
    NEARBY_ONLY_BELOW, the connection's pg_trgm threshold, through the partial GIN index), and open or recent lines
    alike within the same service item or department (≥ SIMILARITY_THRESHOLD, through their foreign-key indexes);
    ranked together."""
    similarity = TrigramSimilarity("title", Value(text))
    order = ("-same_item", "-same_department", "-similarity", "-pk")
    # Open lines only, written as the partial index's condition so that PostgreSQL uses it.
    open_lines = issues.filter(duplicate_of__isnull=True).exclude(stage=Issue.Stage.CLOSED)
    anywhere = (
        open_lines.filter(TrigramSimilar(F("title"), Value(text))).annotate(similarity=similarity)
        .filter(similarity__gte=NEARBY_ONLY_BELOW)
    )
    found = {issue.pk: issue for issue in anywhere.order_by(*order)[:limit]}
    if service_item_id or department_id:
        close = (
            issues.filter(_nearby_q(service_item_id, department_id)).annotate(similarity=similarity)
            .filter(similarity__gte=SIMILARITY_THRESHOLD)
        )
        for issue in close.order_by(*order)[:limit]:
            found.setdefault(issue.pk, issue)
    return sorted(found.values(), key=_rank)[:limit]


def _or_terms(q):
    """The terms of a filter that is an OR of terms (itself when it is not)."""
    if isinstance(q, Q) and q.connector == Q.OR and not q.negated:
        for child in q.children:
            yield from _or_terms(child)
    else:
        yield q if isinstance(q, Q) else Q(q)


def _readable_ids(user, among: Q) -> QuerySet:
    """Ids of the lines `among` these that the user may read (issue_scope_q), as one UNION of its terms: "reported
    by him" OR "from his walkthroughs" in one WHERE joined the walkthroughs to every line (0.6 s at a million);
    each term alone is read through its own index."""
    terms = _or_terms(issue_scope_q(user))
    queries = [Issue.objects.filter(term, among).order_by().values_list("pk", flat=True) for term in terms]
    return queries[0].union(*queries[1:])


def _walker_hints(*, user, text, service_item_id, department_id, exclude_pk, limit, today) -> list[Issue]:
    """A walker's hints from the narrow search table (issues.hint_search): his county's departments read first,
    then one search that reads his own lines, ranks, and returns the few lines found with their sighting counts."""
    recent = today - datetime.timedelta(days=RECENT_DAYS)
    own = _readable_ids(user, _hintable_q(recent))  # only his lines that could be hinted: a short list
    county = walker_hint_departments(user)
    return search_hint_lines(
        text=text, departments=county.departments, regions=county.regions, own=own, service_item_id=service_item_id,
        department_id=department_id, recent=recent, high=NEARBY_ONLY_BELOW,
        low=SIMILARITY_THRESHOLD, limit=limit, exclude_pk=exclude_pk,
    )


def _readable(user):
    """Whether the user may open the line (issue_scope_q), as an annotation: a hint he may only be shown has no link."""
    visible = issue_scope_q(user)
    if visible == Q():
        return Value(True)
    return Case(When(visible, then=Value(True)), default=Value(False), output_field=BooleanField())


def similar_issues(*, user, text: str, service_item_id=None, department_id=None, exclude_pk=None,
                   limit: int = HINT_LIMIT, today=None) -> list[Issue]:
    """Up to `limit` issues the user may be shown that look like `text` (a finding's title, maybe with its
    description): open ones, and recently closed ones (RECENT_DAYS) about the same service item or department;
    the same service item first, then the same department, then the most alike. Each carries `sighting_count`,
    `department_name`, and `readable`: whether the user may open it. An empty list for text shorter than two
    characters."""
    text = " ".join(text.split())[:200]
    if len(text) < MIN_TEXT_LENGTH:
        return []
    today = today or timezone.localdate()
    if connection.vendor == "postgresql" and _reads_only_own_lines(user):
        return _walker_hints(user=user, text=text, service_item_id=service_item_id, department_id=department_id,
                             exclude_pk=exclude_pk, limit=limit, today=today)
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
        same_item=nearness[0], same_department=nearness[1], sighting_count=sighting_count_subquery(),
        readable=_readable(user), department_name=F("department__name"),
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
