"""`manage.py seed_bench`: fill an empty PostgreSQL database with a province-sized ledger, or refuse.

It refuses a database holding anything it did not write itself (users, departments, campaigns or issues without
its BenchSeed mark), so it can never mix benchmark rows into real data; a database it seeded before is emptied
first only when asked (`--reset`).
"""

import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from bench.copying import build_indexes, drop_secondary_indexes, reset_sequences
from bench.ledger import Clock, write_issues, write_sessions
from bench.models import BenchSeed
from bench.organisation import write_organisation
from campaigns.models import Campaign, Department
from issues.models import CalendarDay, CalendarYear, Evidence, Issue, IssueEvent, Notification, Reminder

# Written by migrations, not by use: kept when a benchmark database is emptied.
KEPT_TABLES = {CalendarDay._meta.db_table, CalendarYear._meta.db_table}
SEEDED_APPS = ("campaigns", "issues", "reports")
# Tables of (a multiple of) N rows: their plain indexes are dropped while they fill and built afterwards.
BULKY_MODELS = (Issue, Issue.history.model, IssueEvent, Evidence, Reminder, Notification)


def real_data_found() -> list[str]:
    """What makes the database a real one: names of the tables holding rows seed_bench did not write."""
    found = []
    if BenchSeed.objects.exists():
        strangers = get_user_model().objects.exclude(username__startswith="bench-")
        return ["auth_user"] if strangers.exists() else []
    for model in (get_user_model(), Department, Campaign, Issue):
        if model.objects.exists():
            found.append(model._meta.db_table)
    return found


def seeded_tables() -> list[str]:
    from django.apps import apps

    tables = [get_user_model()._meta.db_table, BenchSeed._meta.db_table, "django_session", "django_admin_log"]
    for label in SEEDED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.db_table not in KEPT_TABLES and not model._meta.proxy:
                tables.append(model._meta.db_table)
    return tables


def empty_benchmark() -> None:
    """Remove what seed_bench wrote, keeping the reference rows migrations wrote (the calendar).

    Logins are deleted, not truncated: a TRUNCATE of auth_user … CASCADE would also empty every table that refers
    to a user, the calendar's years among them (CalendarYear.confirmed_by)."""
    users = get_user_model()
    CalendarYear.objects.exclude(confirmed_by=None).update(confirmed_by=None)
    quote = connection.ops.quote_name
    tables = [table for table in seeded_tables() if table != users._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY CASCADE")
    users.objects.all().delete()


def seed(*, issues: int, reset: bool = False, random_seed: int = 13, say=print) -> BenchSeed:
    """Write the benchmark of `issues` ledger lines; returns its mark. CommandError when the database is not
    PostgreSQL, holds real data, or holds a benchmark and `reset` is not given."""
    if connection.vendor != "postgresql":
        raise CommandError("seed_bench writes with PostgreSQL COPY: point DATABASE_URL at a PostgreSQL database")
    if issues < 1:
        raise CommandError("--issues must be at least 1")
    if real := real_data_found():
        raise CommandError(
            f"this database holds data seed_bench did not write ({', '.join(real)}): refusing to touch it. "
            "Create an empty database for the benchmark (e.g. createdb bench_100k) and point DATABASE_URL at it."
        )
    previous = BenchSeed.objects.order_by("-pk").first()
    if previous is not None and not reset:
        raise CommandError(f"this database already holds a benchmark ({previous}); pass --reset to seed it anew")
    started = time.monotonic()
    if previous is not None:
        say("emptying the previous benchmark …")
        empty_benchmark()
    rng = random.Random(random_seed)
    today = timezone.localdate()
    clock = Clock(timezone.now())
    with transaction.atomic():
        mark = BenchSeed.objects.create(issues=issues, random_seed=random_seed)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            # The rows are consistent by construction: skip the per-row foreign-key triggers (a superuser's
            # switch). Other roles get the same rows, checked, only slower.
            cursor.execute("SET session_replication_role TO replica")
    try:
        _write(rng, today, clock, issues, started, say)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET session_replication_role")
    # The triggers that keep the hints' search table in step were off with the foreign-key ones (migration
    # issues.0016): fill it in one statement.
    say("similar-issue search table …")
    with connection.cursor() as cursor:
        cursor.execute("SELECT issues_hintline_rebuild()")
    from django.apps import apps

    reset_sequences([
        model for label in ("auth", *SEEDED_APPS) for model in apps.get_app_config(label).get_models()
    ])
    # What autovacuum leaves a settled database with: planner statistics, and a visibility map so that counts
    # and index-only scans need not visit every heap page (without it a million-line COUNT took 3× longer).
    # (VACUUM cannot run inside a transaction, as in the tests: there statistics are all it gets.)
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    say(f"{command} …")
    with connection.cursor() as cursor:
        cursor.execute(command)
    mark.finished_at = timezone.now()
    mark.seconds = round(time.monotonic() - started, 1)
    mark.save(update_fields=["finished_at", "seconds"])
    say(f"seeded {issues:,} issues in {mark.seconds:.0f} s")
    return mark


def _write(rng, today, clock, issues, started, say) -> None:
    say("organisation: departments, officials, logins, service items, campaigns …")
    with transaction.atomic():
        province = write_organisation(rng, today)
        say(f"  {len(province.departments)} departments take issues, {len(province.officials)} officials")
        sessions = write_sessions(rng, province, issues, clock)
        say(f"  {len(sessions)} walkthroughs")

    def progress(done):
        say(f"  {done:,} / {issues:,} issues ({time.monotonic() - started:.0f} s)")

    definitions = drop_secondary_indexes([model._meta.db_table for model in BULKY_MODELS])
    try:
        write_issues(rng, province, sessions, issues, clock, progress)
    finally:
        say(f"building {len(definitions)} indexes …")
        build_indexes(definitions)
