"""The similar-issue hints' trigram search for a walker, in one statement over issues_hintline (migration 0016):
a narrow copy of every unmerged ledger line (title, department, service item, and `hint_date`: 'infinity' while
open, its discovery day once closed), kept in step with issues_issue by triggers. PostgreSQL only.

The walker's scope is passed in as literal id lists (his hint departments, the regions they lie in, and his own
lines); the regions (his county) narrow the trigram candidates inside the GIN index (region_id, title), so nothing
is rechecked outside his county. The meaning is issues.similarity's: open lines anywhere in scope at similarity
≥ `high`, open or recent lines of the same service item or department at ≥ `low`, ranked same item → same
department → most alike → newest.
"""

import datetime
import re

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from issues.models import Issue

# `%` is served by the partial GIN index at the connection's pg_trgm.similarity_threshold (set once per connection,
# issues.apps); the explicit bar keeps the answer exact on a connection where it is lower.
ANYWHERE = """
SELECT issue_id, department_id, service_item_id, similarity(title, %(text)s) AS similarity
FROM issues_hintline
WHERE hint_date = 'infinity'::date AND title %% %(text)s AND similarity(title, %(text)s) >= %(high)s
  AND region_id = ANY(%(regions)s::bigint[]) AND department_id = ANY(%(departments)s::bigint[])
"""
# His own lines, wherever they are (a few hundred at most, by primary key): a separate arm, since an OR with the
# county keeps PostgreSQL from narrowing the trigram index by region.
OWN = """
SELECT issue_id, department_id, service_item_id, similarity(title, %(text)s) AS similarity
FROM issues_hintline
WHERE issue_id = ANY(ARRAY(SELECT id FROM own)) AND hint_date = 'infinity'::date
  AND similarity(title, %(text)s) >= %(high)s
"""
NEARBY = """
SELECT issue_id, department_id, service_item_id, similarity(title, %(text)s) AS similarity
FROM issues_hintline
WHERE (department_id = %(department)s OR service_item_id = %(item)s) AND hint_date >= %(recent)s
  AND (department_id = ANY(%(departments)s::bigint[]) OR issue_id IN (SELECT id FROM own))
  AND similarity(title, %(text)s) >= %(low)s
"""
# The best `limit` hits, then the ledger's number, stage and department for those few, with their sighting counts.
RANKED = """
WITH own (id) AS MATERIALIZED ({own}),
found AS (
    SELECT issue_id, similarity,
           COALESCE(service_item_id = %(item)s, false) AS same_item,
           COALESCE(department_id = %(department)s, false) AS same_department
    FROM ({arms}) AS hit
    {exclude}
    ORDER BY same_item DESC, same_department DESC, similarity DESC, issue_id DESC
    LIMIT %(limit)s
)
SELECT issue.id, issue.number, issue.title, issue.stage, issue.department_id, department.name AS department_name,
       found.similarity, found.same_item, found.same_department, found.issue_id IN (SELECT id FROM own) AS readable,
       (SELECT count(*) FROM issues_issuesighting sighting WHERE sighting.issue_id = issue.id) AS sighting_count
FROM found
JOIN issues_issue issue ON issue.id = found.issue_id
LEFT JOIN campaigns_department department ON department.id = issue.department_id
ORDER BY found.same_item DESC, found.same_department DESC, found.similarity DESC, found.issue_id DESC
"""


def search_hint_lines(*, text: str, departments: list[int], regions: list[int], own: QuerySet, service_item_id,
                      department_id, recent: datetime.date, high: float, low: float, limit: int,
                      exclude_pk=None) -> list[Issue]:
    """Up to `limit` hits, best first, among lines of `departments` (whose regions are among `regions`) or among
    `own` (a query of issue ids, read in the same statement): open lines alike at ≥ `high` anywhere, open lines or
    lines found since `recent` of the same service item or department at ≥ `low`. Each issue holds its number,
    title, stage and department (`department_name`), with `similarity`, `same_item`, `same_department`,
    `sighting_count` and `readable` (one of `own`)."""
    arms = [ANYWHERE, OWN]
    if service_item_id or department_id:
        arms.append(NEARBY)
    try:
        own_sql, own_params = own.query.sql_with_params()
    except EmptyResultSet:
        own_sql, own_params = "SELECT NULL::bigint WHERE false", ()
    params = {
        "text": text, "departments": departments, "regions": regions, "item": service_item_id,
        "department": department_id, "recent": recent, "high": high, "low": low, "limit": limit,
        "exclude": exclude_pk,
    }
    # The ORM's positional placeholders, named like the rest of the statement.
    own_names = [f"own_{n}" for n in range(len(own_params))]
    params.update(zip(own_names, own_params, strict=True))
    placeholders = iter(own_names)
    own_sql = re.sub(r"(?<!%)%s", lambda _match: f"%({next(placeholders)})s", own_sql)
    sql = RANKED.format(own=own_sql, arms=" UNION ".join(arms),
                        exclude="WHERE issue_id <> %(exclude)s" if exclude_pk else "")
    return list(Issue.objects.raw(sql, params))
