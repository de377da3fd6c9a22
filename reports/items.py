"""The service items a report covers, before and after: total promised time limit (working days) and the
number of instant (即办) items — the figures seed 003 prints ("83个事项总承诺时限由833个工作日压减至292个工作日,
即办事项由46项增加至133项").

The time-limit totals are over the items that had a promised limit on record at the start (the "83 items");
the instant count is over every item in scope (seed 003 counts instant business sub-items, 46 → 133).
"Before" is each item as it stood when the period began (its latest history row before then, else its first);
"after" is each item as it stands at the period's end, or now. The history is simple-history's, written when a
closed rectification changes an item (issues.item_values) or someone edits it.
"""

import datetime

from django.db.models import Count, Min, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone

from campaigns.models import ServiceItem
from campaigns.scope import subtree_scope_q
from issues.models import Issue, Reduction
from reports.figures import ItemChange, ItemTotals
from reports.filters import ReportFilters

VALUES = ("promised_limit_days", "is_instant")
SHOWN_CHANGES = 5


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def report_items(*, user, filters: ReportFilters) -> QuerySet[ServiceItem]:
    """The campaign's own service items when it names some, else every item; within the user's scope and the
    filter's department (by the department that runs the item)."""
    items = ServiceItem.objects.all()
    if filters.campaign is not None and filters.campaign.service_items.exists():
        items = filters.campaign.service_items.all()
    items = items.filter(subtree_scope_q(user, "department"))
    if filters.department:
        items = items.filter(filters.department.subtree_q("department"))
    return items


def _period(filters: ReportFilters) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    start = filters.date_from or (filters.campaign.starts_on if filters.campaign else None)
    end = filters.date_to + datetime.timedelta(days=1) if filters.date_to else None
    return (_moment(start) if start else None), (_moment(end) if end else None)


def _values_at(history: QuerySet, ids: list[int], *, before: datetime.datetime | None, latest: bool) -> dict:
    """Per item id, its (promised, instant) in the last history row before `before` (or its last row, or —
    `latest` False — its first row)."""
    rows = history.filter(id__in=ids)
    if before is not None:
        rows = rows.filter(history_date__lt=before)
    order = ("-history_date", "-history_id") if latest else ("history_date", "history_id")
    # The one row per item as a correlated pick, not DISTINCT ON: it runs on SQLite (make run) as on PostgreSQL.
    pick = rows.filter(id=OuterRef("id")).order_by(*order).values("history_id")[:1]
    chosen = rows.filter(history_id=Subquery(pick))
    return {row[0]: row[1:] for row in chosen.values_list("id", *VALUES)}


def item_totals(*, user, filters: ReportFilters) -> ItemTotals | None:
    """Before and after totals over report_items; None when there are no items in scope."""
    current = {row[0]: row[1:] for row in report_items(user=user, filters=filters).values_list("pk", *VALUES)}
    if not current:
        return None
    ids = list(current)
    history = ServiceItem.history.model.objects.all()
    start, end = _period(filters)
    first = _values_at(history, ids, before=None, latest=False)
    before = {**first, **_values_at(history, ids, before=start, latest=True)} if start else first
    after = _values_at(history, ids, before=end, latest=True) if end else {}

    timed = [pk for pk in ids if before.get(pk, current[pk])[0] is not None]

    def totals(values: dict) -> tuple[int, int]:
        rows = {pk: values.get(pk, current[pk]) for pk in ids}
        return sum(rows[pk][0] or 0 for pk in timed), sum(1 for _promised, instant in rows.values() if instant)

    promised_before, instant_before = totals(before)
    promised_after, instant_after = totals(after or current)
    statutory = (
        ServiceItem.objects.filter(pk__in=timed).aggregate(n=Sum("statutory_limit_days"))["n"] or 0 if timed else 0
    )
    return ItemTotals(
        items=len(timed), statutory_days=statutory, promised_before=promised_before, promised_after=promised_after,
        instant_before=instant_before, instant_after=instant_after,
    )


def item_changes(issues: QuerySet[Issue]) -> tuple[ItemChange, ...]:
    """Per time-limit reduction of the closed issues that names service items: the (alphabetically first) item,
    how many it names, before and after (working days; 0 is instant) — in the order they were recorded."""
    reductions = (
        Reduction.objects.filter(
            issue__in=issues.filter(stage=Issue.Stage.CLOSED).values("pk"), kind=Reduction.Kind.TIME_LIMIT,
            service_items__isnull=False,
        )
        .values("pk", "before", "after")
        .annotate(first=Min("service_items__name"), items=Count("service_items"))
        .order_by("pk")
    )
    return tuple(
        ItemChange(row["first"], row["before"], row["after"], items=row["items"]) for row in reductions[:SHOWN_CHANGES]
    )
