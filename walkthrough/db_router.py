"""Reports read from the streaming replica when there is one (DATABASE_REPLICA_URL); everything else, and every
write, goes to the primary.

The dashboard, the briefing and the exports open `reading_replica()`; inside it every read of the request — or
of the export job — goes to the "replica" alias, so a leader's province-wide dashboard or a 1,000,000-line export
never competes with the ledger's writes. Without DATABASE_REPLICA_URL there is no "replica" alias and nothing
changes. A replica lags the primary by its replication delay (usually well under a second): a figure read there
may miss a change made a moment ago, which a report tolerates and a form does not — so forms never read there.
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_replica():
    """Send the reads made inside this block to the replica, if one is configured."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    """Reads inside `reading_replica()` → "replica"; all else → "default". Relations across the two are allowed:
    they hold the same rows."""

    def db_for_read(self, model, **hints):
        if _reading_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A real replica follows the primary's schema by streaming and refuses writes, so nobody migrates it;
        # the test stand-in is a separate database that needs the schema created.
        return True


def reads_replica(view):
    """A view whose reads go to the replica (see `reading_replica`); put it under @login_required."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with reading_replica():
            return view(request, *args, **kwargs)
    return wrapped
