"""The batch figures: the full 整改台账 export against bare openpyxl (time, peak RSS, each in its own process) and
the daily reminder scan (time, queries), run in a transaction that is rolled back so the data stays as seeded."""

import datetime
import importlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bench.pages import counting_queries


@dataclass(frozen=True)
class ProcessRun:
    rows: int
    seconds: float
    peak_rss_mib: float
    cpu_seconds: float | None = None  # the export process's own, without the database server's


def run_export(kind: str) -> ProcessRun:
    """`python -m bench.export_run KIND` with this process's settings and database; its own peak RSS, as the child
    reads it (wait4's ru_maxrss includes this process's, inherited at exec) where it can."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "walkthrough.settings.bench")
    child = subprocess.Popen([sys.executable, "-m", "bench.export_run", kind], stdout=subprocess.PIPE, env=env,
                             cwd=settings.BASE_DIR)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"export_run {kind} exited {child.returncode}")
    result = json.loads(output.decode().strip().splitlines()[-1])
    peak = result.get("peak_rss_mib") or usage.ru_maxrss / 1024
    return ProcessRun(rows=result["rows"], seconds=result["seconds"], peak_rss_mib=peak,
                      cpu_seconds=result.get("cpu_seconds"))


# Where the daily scan lives; the first that exists is measured (issue 11 may move it).
REMINDER_ENTRY_POINTS = (
    ("issues.reminders", "send_due_reminders"),
    ("issues.reminders", "scan_reminders"),
)


def reminder_entry_point():
    for module, name in REMINDER_ENTRY_POINTS:
        function = getattr(importlib.import_module(module), name, None)
        if function is not None:
            return f"{module}.{name}", function
    raise RuntimeError("no reminder scan entry point found: update bench.batch.REMINDER_ENTRY_POINTS")


class _RollBack(Exception):
    pass


@dataclass(frozen=True)
class ScanRun:
    entry_point: str
    seconds: float
    queries: int
    sent: dict
    day: str = ""


def run_reminder_scan(day: datetime.date | None = None) -> ScanRun:
    """Today's reminder scan as the daily task runs it, rolled back afterwards (the next run finds the same work)."""
    from issues.workdays import work_calendar

    name, scan = reminder_entry_point()
    # Reminders go out on working days only: on a weekend or holiday, measure the next working day's run.
    day = day or work_calendar().next_working_day(timezone.localdate())
    result = {}
    try:
        with transaction.atomic(), counting_queries() as counted:
            started = time.perf_counter()
            result["sent"] = scan(today=day)
            result["seconds"] = time.perf_counter() - started
            result["queries"] = counted.queries
            raise _RollBack
    except _RollBack:
        pass
    return ScanRun(name, result["seconds"], result["queries"], result["sent"], day.isoformat())
