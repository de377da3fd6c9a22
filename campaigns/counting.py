"""Exact list totals without counting a million rows on every page view.

A ledger page shows "共 N 条" and its page links; at 1,000,000 lines that COUNT(*) alone costs 100–350 ms. The
total is cached under the count's own SQL and a data version: any save or delete of a model of the `campaigns` or
`issues` apps (an issue, an event, a hand-off, a department moved in the tree…) moves the version on, once its
transaction has committed, so the next view counts afresh. A total is therefore never older than the last
committed change; a write that bypasses model signals (a raw `QuerySet.update`) is caught by the time limit
(COUNT_CACHE_SECONDS); writers that bulk-insert without signals (the reminder scan) call `rows_changed()`. A page
is always cut by the page size, never by the cached total, so a line is never hidden behind an old total. When
the cache is unreachable the rows are simply counted. The dashboard and the briefing keep their figures under the
same version (reports/snapshot.py).
"""

import hashlib
import logging

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import cached_property
from django_tables2.data import TableQuerysetData

logger = logging.getLogger(__name__)

VERSION_KEY = "list-count-version"
COUNT_CACHE_SECONDS = 300
# Apps whose rows decide which ledger lines a filter and a scope match, and what a report counts
# (reports.snapshot: the callback ledger's figures too).
COUNTED_APPS = frozenset({"campaigns", "issues", "callbacks"})
# Written all day by reminders and deliveries; no list total depends on them.
IGNORED_MODELS = frozenset(
    {"notification", "delivery", "robotpost", "formsubmission", "draftreceipt", "issuenumbercounter"}
)


def data_version() -> int:
    """The version of the committed rows of COUNTED_APPS (0 when the cache is unreachable: count, keep nothing)."""
    try:
        return cache.get_or_set(VERSION_KEY, 1, timeout=None)
    except Exception:  # noqa: BLE001 — an unreachable cache only costs the count
        logger.warning("count cache unreachable; counting", exc_info=True)
        return 0


def bump_version() -> None:
    """Make every cached total stale (called after a commit that changed counted rows)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001
        logger.warning("count cache unreachable; totals expire within %ss", COUNT_CACHE_SECONDS, exc_info=True)


def rows_changed(using: str = "default") -> None:
    """For writers that bypass model signals (COPY, executemany): move the version on once their commit lands."""
    transaction.on_commit(bump_version, using=using)


def cached_count(queryset: QuerySet) -> int:
    """`queryset.count()`, exact as of the last committed change; read from the cache when nothing has changed
    since it was last counted. Keyed by the COUNT's SQL and parameters, so each scope and filter has its own."""
    version = data_version()
    if not version:
        return queryset.count()
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter no row can match (an empty IN list): nothing to count
        return 0
    database = connections[queryset.db].settings_dict["NAME"]
    digest = hashlib.sha1(f"{database}|{sql}|{params!r}".encode()).hexdigest()
    key = f"list-count:{version}:{digest}"
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001
        found = None
    if found is not None:
        return found
    total = queryset.count()
    try:
        cache.set(key, total, timeout=COUNT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        pass
    return total


DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100


class BoundedPaginator(Paginator):
    """A page size typed into the address (`?per_page=`) below 1 is taken as DEFAULT_PER_PAGE, above MAX_PER_PAGE as
    MAX_PER_PAGE: -5 made Django raise EmptyPage (a server error), 100000 put a province's ledger on one page."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = int(per_page)
        per_page = DEFAULT_PER_PAGE if per_page < 1 else min(per_page, MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)


class CachedCountPaginator(BoundedPaginator):
    """A BoundedPaginator whose total comes from cached_count (for querysets, also inside a django-tables2 table)."""

    @cached_property
    def count(self) -> int:
        # A django-tables2 table hands over its BoundRows, whose .data is a TableQuerysetData over the queryset.
        holders, found = [], self.object_list
        while not isinstance(found, QuerySet) and hasattr(found, "data") and len(holders) < 3:
            holders.append(found)
            found = found.data
        if not isinstance(found, QuerySet):
            return super().count
        total = cached_count(found)
        for holder in holders:
            if isinstance(holder, TableQuerysetData):
                holder._length = total  # so len(table.rows) does not count again
        return total

    def page(self, number):
        """Page `number`, its rows cut by the page size alone: were the total old, the rows still all show."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom:bottom + self.per_page], number, self)


def _changed(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in COUNTED_APPS:
        return
    if meta.model_name in IGNORED_MODELS or meta.model_name.startswith("historical"):
        return  # a history row is written with the row it records, which bumps already
    using = kwargs.get("using") or router.db_for_write(sender)
    transaction.on_commit(bump_version, using=using)


def connect() -> None:
    """Called from CampaignsConfig.ready."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"list-count-{id(signal)}")
