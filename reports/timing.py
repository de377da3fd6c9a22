"""How long a matter takes in the hall, from the walkers' stopwatches: median waiting and total minutes per
service item and per hall (the walkthrough's 体验单位), over the submitted walkthroughs the user may read.

PostgreSQL computes the medians itself (percentile_cont(0.5) WITHIN GROUP); SQLite, used only in development,
has no such aggregate, so there the minutes come back grouped and the median is taken in Python.
"""

import statistics
from dataclasses import dataclass

from django.db import connection
from django.db.models import Aggregate, Count, FloatField, QuerySet

from campaigns.models import WalkthroughSession


class Median(Aggregate):
    """percentile_cont(0.5): the median, interpolated between the two middle values of an even count."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class TimingRow:
    label: str
    walkthroughs: int  # walkthroughs with at least one of the two measurements
    waiting_minutes: float | None  # median, minutes
    total_minutes: float | None  # median, minutes


@dataclass(frozen=True)
class TimingTable:
    rows: tuple[TimingRow, ...]  # the slowest first, cut to the number shown
    total: int  # rows in all


def _rows_in_sql(sessions: QuerySet, key: str, label: str) -> list[TimingRow]:
    grouped = (
        sessions.exclude(**{f"{key}__isnull": True}).values(key, label)
        .annotate(n=Count("pk", distinct=True), waiting=Median("waiting_minutes"), total=Median("total_minutes"))
        .order_by(label)
    )
    return [TimingRow(row[label], row["n"], row["waiting"], row["total"]) for row in grouped]


def _median(values) -> float | None:
    present = [value for value in values if value is not None]
    return float(statistics.median(present)) if present else None


def _rows_in_python(sessions: QuerySet, key: str, label: str) -> list[TimingRow]:
    groups: dict = {}
    fields = (key, label, "pk", "waiting_minutes", "total_minutes")
    for row in sessions.exclude(**{f"{key}__isnull": True}).values(*fields):
        groups.setdefault((row[label], row[key]), {})[row["pk"]] = (row["waiting_minutes"], row["total_minutes"])
    return [
        TimingRow(name, len(found), _median(w for w, _ in found.values()), _median(t for _, t in found.values()))
        for (name, _), found in sorted(groups.items(), key=lambda item: item[0][0])
    ]


def _slowest_first(row: TimingRow) -> tuple:
    return (row.total_minutes is None, -(row.total_minutes or 0), row.label)


def timing_rows(sessions: QuerySet[WalkthroughSession]) -> dict[str, list[TimingRow]]:
    """{"by_item": [...], "by_hall": [...]}: median minutes of the given sessions that were timed (waiting or total
    minutes present), one row per service item and one per 体验单位, the longest median total first (then by
    name; rows without a total last)."""
    timed = sessions.exclude(waiting_minutes__isnull=True, total_minutes__isnull=True)
    rows = _rows_in_sql if connection.vendor == "postgresql" else _rows_in_python
    return {
        "by_item": sorted(rows(timed, "service_items", "service_items__name"), key=_slowest_first),
        "by_hall": sorted(rows(timed, "department", "department__name"), key=_slowest_first),
    }


def timing_tables(sessions: QuerySet[WalkthroughSession], *, shown: int | None) -> dict[str, TimingTable]:
    """timing_rows cut to the `shown` slowest of each table (None: all), with how many rows each has in all."""
    return {key: TimingTable(tuple(rows[:shown]), len(rows)) for key, rows in timing_rows(sessions).items()}
