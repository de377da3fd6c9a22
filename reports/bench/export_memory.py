"""Memory benchmark of the ledger export: rows written vs. peak memory, on a throwaway SQLite database.

    .venv/bin/python -m reports.bench.export_memory            # 1,000 / 10,000 / 50,000 rows
    .venv/bin/python -m reports.bench.export_memory 2000 20000

For each size it fills the ledger up to that many issues, then writes the 整改台账 through the same code path as
the background job (reports.exports.prepare_export → PreparedExport.write) into a temporary file, and prints
the rows, the Python peak (tracemalloc, measured around the write only), the process's peak RSS so far, the
file size and the time. A measurement, not a test: nothing is asserted and the timings are only indicative.
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc

DEFAULT_SIZES = (1_000, 10_000, 50_000)


def _setup_django(workdir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "walkthrough.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = os.path.join(workdir, "media")
    call_command("migrate", verbosity=0, interactive=False)


def _fill(target: int, state: dict) -> None:
    """Bulk-create issues (a third closed, a fifth from walkthroughs) until there are `target` of them."""
    import datetime

    from django.contrib.auth.models import User
    from django.utils import timezone

    from campaigns.models import Campaign, Department, Official, WalkthroughSession
    from issues.models import Issue, IssueEvent

    if not state:
        user = User.objects.create_superuser("bench", password="bench-only")
        county = Department.objects.add_root(dict(code="B", name="基准县", kind="county"))
        departments = [
            Department.objects.add_child(Department.objects.get(pk=county.pk),
                                         dict(code=f"B{n:02d}", name=f"基准部门{n}", kind="department"))
            for n in range(20)
        ]
        official = Official.objects.create(name="基准干部", department=departments[0], level="department_head")
        campaign = Campaign.objects.create(theme="基准活动", organiser="县数据局", starts_on=datetime.date(2026, 1, 1),
                                           ends_on=datetime.date(2026, 12, 31))
        session = WalkthroughSession.objects.create(
            campaign=campaign, mode="simulated", department=departments[0], lead=official, created_by=user,
            occurred_at=timezone.now(), status="submitted", submitted_at=timezone.now(),
        )
        state.update(user=user, departments=departments, session=session, count=0)
    user, departments, session = state["user"], state["departments"], state["session"]
    text = "窗口要求提供办事指南未列明的材料,群众往返两次才办成;" * 3
    batch = []
    for n in range(state["count"] + 1, target + 1):
        closed = n % 3 == 0
        batch.append(Issue(
            year=2026, sequence=n, source="walkthrough" if n % 5 == 0 else "hotline_12345",
            walkthrough=session if n % 5 == 0 else None, title=f"基准问题{n}", description=text,
            category="materials", department=departments[n % len(departments)], responsible_person="张三",
            discovered_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=n % 200),
            deadline=datetime.date(2026, 4, 1) + datetime.timedelta(days=n % 200),
            stage="closed" if closed else "rectification", measures=text, evaluation="satisfied" if closed else "",
            created_by=user,
        ))
        if len(batch) == 2000:
            _save(batch, user, Issue, IssueEvent)
            batch = []
    _save(batch, user, Issue, IssueEvent)
    state["count"] = target


def _save(batch, user, Issue, IssueEvent) -> None:
    if not batch:
        return
    created = Issue.objects.bulk_create(batch)
    IssueEvent.objects.bulk_create(
        IssueEvent(issue=issue, actor=user, from_stage="evaluation", to_stage="closed")
        for issue in created if issue.stage == "closed"
    )


def measure(size: int, state: dict) -> dict:
    from reports.exports import prepare_export

    _fill(size, state)
    prepared = prepare_export("ledger", user=state["user"], query="")
    with tempfile.TemporaryFile() as handle:
        tracemalloc.start()
        started = time.perf_counter()
        rows = prepared.write(handle)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        handle.seek(0, os.SEEK_END)
        size_bytes = handle.tell()
    return {
        "rows": rows,
        "python_peak_mib": peak / 2**20,
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "file_mib": size_bytes / 2**20,
        "seconds": seconds,
    }


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or list(DEFAULT_SIZES)
    with tempfile.TemporaryDirectory(prefix="export-bench-") as workdir:
        _setup_django(workdir)
        state: dict = {}
        print(f"{'rows':>8} {'python peak MiB':>16} {'max RSS MiB':>12} {'file MiB':>9} {'seconds':>8}")
        for size in sorted(sizes):
            result = measure(size, state)
            print(f"{result['rows']:>8} {result['python_peak_mib']:>16.2f} {result['max_rss_mib']:>12.1f} "
                  f"{result['file_mib']:>9.2f} {result['seconds']:>8.1f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
