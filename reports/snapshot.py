"""The figures of one report, kept in the cache so a province's dashboard is not counted again on every view.

Counting the dashboard over a million ledger lines takes a quarter of a second of SQL alone. What a report counts
depends only on rows of the `campaigns`, `issues` and `callbacks` apps, on the day (overdue) and on who reads it,
so its figures are kept under the reader (his pk and his exact scope: roles and node), the filter and the language
of the labels, beside the data version of campaigns.counting that every committed change of those rows moves on.
While the version is unchanged the kept figures are exactly what counting afresh gives. Once it has moved, figures
younger than REPORT_STALE_SECONDS are still shown, labelled with the time they were counted, while a Celery task
counts them again (stale-while-revalidate: a busy province is not counted once per view while its ledger changes);
older ones are counted afresh in the request. Writes that bypass model signals are caught by REPORT_CACHE_SECONDS.
When the cache is unreachable the figures are simply counted.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from callbacks.selectors import CallbackFigures, callback_figures
from campaigns.counting import data_version
from campaigns.scope import scope_signature
from reports.figures import DashboardFigures
from reports.filters import ReportFilters
from reports.selectors import dashboard_figures, report_sessions
from reports.timing import TimingTable, timing_tables

logger = logging.getLogger(__name__)

TIMING_SHOWN = 10  # rows of each 办事时长 table on the dashboard; ?timing=all counts every one


@dataclass(frozen=True)
class ReportSnapshot:
    """Everything a dashboard, briefing or their downloads print from SQL, counted at `computed_at`."""

    figures: DashboardFigures
    callbacks: CallbackFigures
    timing: dict[str, TimingTable]  # the TIMING_SHOWN slowest items and halls (a province has thousands)
    computed_at: datetime.datetime
    version: int  # campaigns.counting's data version read before counting
    stale: bool = False  # counted before the latest committed change; a fresh count is on its way
    key: str = ""  # the cache entry it is kept under ("": not kept)

    @property
    def as_of_time(self) -> datetime.datetime:
        return timezone.localtime(self.computed_at)


def snapshot_key(*, user, filters: ReportFilters, language: str) -> str:
    """One entry per reader, scope, filter and label language: the pk alone would outlive a change of roles or
    node (auth groups do not move the data version), the scope alone would not tell two participants apart."""
    query = urlencode(filters.querystring_items())
    digest = hashlib.sha1(f"{scope_signature(user)}|{query}|{language}".encode()).hexdigest()
    return f"report-snapshot:{user.pk}:{digest}"


def count_snapshot(*, user, filters: ReportFilters, version: int) -> ReportSnapshot:
    """The report counted now, in SQL, through the user's scope."""
    computed_at = timezone.now()
    return ReportSnapshot(
        figures=dashboard_figures(user=user, filters=filters, today=timezone.localdate(computed_at)),
        callbacks=callback_figures(user=user, filters=filters),
        timing=timing_tables(report_sessions(user=user, filters=filters), shown=TIMING_SHOWN),
        computed_at=computed_at,
        version=version,
    )


def _read(key: str) -> ReportSnapshot | None:
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 — an unreachable cache only costs the count
        logger.warning("report cache unreachable; counting", exc_info=True)
        return None


def store_snapshot(*, user, filters: ReportFilters) -> ReportSnapshot:
    """Count the report and keep it for the next views (the version is read first: a change committed while
    counting leaves the kept figures one version behind, so they are counted again)."""
    version = data_version()
    snapshot = count_snapshot(user=user, filters=filters, version=version)
    if version:
        key = snapshot_key(user=user, filters=filters, language=translation.get_language())
        snapshot = replace(snapshot, key=key)
        try:
            cache.set(key, snapshot, timeout=settings.REPORT_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("report cache unreachable; figures not kept", exc_info=True)
    return snapshot


def _is_current(snapshot: ReportSnapshot, version: int) -> bool:
    return snapshot.version == version and timezone.localdate(snapshot.computed_at) == timezone.localdate()


def _may_serve_stale(snapshot: ReportSnapshot) -> bool:
    age = (timezone.now() - snapshot.computed_at).total_seconds()
    return 0 <= age < settings.REPORT_STALE_SECONDS


def report_snapshot(*, user, filters: ReportFilters, allow_stale: bool = True) -> ReportSnapshot:
    """The report's figures, exactly as counting them now would give unless `stale` is set: then they are at most
    REPORT_STALE_SECONDS old, and the caller queues a recount (services.report_refresh_request). Downloads pass
    allow_stale=False."""
    if not settings.REPORT_CACHE_SECONDS:
        return count_snapshot(user=user, filters=filters, version=0)
    version = data_version()
    if not version:
        return count_snapshot(user=user, filters=filters, version=0)
    key = snapshot_key(user=user, filters=filters, language=translation.get_language())
    kept = _read(key)
    if kept is not None and _is_current(kept, version):
        return kept
    if kept is not None and allow_stale and _may_serve_stale(kept):
        return replace(kept, stale=True)
    return store_snapshot(user=user, filters=filters)


def snapshot_fragment(snapshot: ReportSnapshot, name: str, render: Callable[[], str]) -> str:
    """HTML rendered from this snapshot alone (and the label language, which its key holds), kept beside it: the
    dashboard's ~350 linked figures take longer to render than the kept figures take to read. `name` tells apart
    the fragments of one report; a snapshot that is not kept renders every time."""
    if not snapshot.key:
        return render()
    key, counted = f"{snapshot.key}:{name}", (snapshot.version, snapshot.computed_at)
    try:
        kept = cache.get(key)
    except Exception:  # noqa: BLE001
        return render()
    if kept is not None and kept[0] == counted:
        return mark_safe(kept[1])  # rendered by our own template, escaped there
    html = render()
    try:
        cache.set(key, (counted, str(html)), timeout=settings.REPORT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("report cache unreachable; page not kept", exc_info=True)
    return html
