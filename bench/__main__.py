"""`make bench`: seed (once) and measure a province-sized ledger, every figure beside its limit.

    .venv/bin/python -m bench --issues 100000            # what `make bench` runs
    .venv/bin/python -m bench --issues 1000 --repeats 3 --load-seconds 5

The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_<N>); it is created when
missing, migrated, and seeded by `seed_bench` unless it already holds a complete benchmark of N issues. Then it
prints, for each page, p50/p95 and queries beside the bare SQL of the same figures; the full export against bare
openpyxl (time, peak RSS); the reminder scan (time, queries); and gunicorn + locust throughput. The figures also
go to var/bench/bench-<N>.json.
"""

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def _ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def _prepare(issues: int) -> None:
    from django.core.management import call_command

    from bench.models import BenchSeed
    from bench.seed import seed

    call_command("migrate", verbosity=0, interactive=False)
    mark = BenchSeed.objects.order_by("-pk").first()
    if mark is None or mark.issues != issues or mark.finished_at is None:
        seed(issues=issues, reset=mark is not None)


def _machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(), "load_average": os.getloadavg(), "python": platform.python_version(),
        "postgresql": server, "jit": jit, "platform": platform.platform(),
    }


def _table(rows: list[list], header: list[str]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(widths[i])
                       for i, cell in enumerate(row)) for row in [header, *rows]]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def _verdict(met) -> str:
    return "—" if met is None else ("met" if met else "MISSED")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20, help="timed requests per page (after 2 warm-ups)")
    parser.add_argument("--load-seconds", type=int, default=30, help="locust run time; 0 skips the load test")
    parser.add_argument("--load-users", type=int, default=6)
    parser.add_argument("--no-export", action="store_true", help="skip the full export (minutes at 1M)")
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    args = parser.parse_args(argv)

    url = os.environ.get("BENCH_DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/bench_{args.issues}"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "walkthrough.settings.bench"
    _ensure_database(url)
    import django

    django.setup()
    _prepare(args.issues)

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench import batch, load, pages
    from bench.hints import TARGET_P95_MS, measure_hints, typed_texts
    from bench.models import BenchSeed
    from bench.pages import percentile

    mark = BenchSeed.objects.order_by("-pk").first()
    results = {"issues": args.issues, "seeded_seconds": mark.seconds, "machine": _machine(),
               "started": timezone.now().isoformat(), "command": f"make bench BENCH_ISSUES={args.issues}"}
    print(f"\n走流程 benchmark — {args.issues:,} issues (seeded in {mark.seconds:.0f} s), "
          f"{results['machine']['cpus']} CPUs, load {results['machine']['load_average'][0]:.1f}, "
          f"PostgreSQL {results['machine']['postgresql']} (jit {results['machine']['jit']}), "
          f"{args.repeats} requests per page\n", flush=True)

    # The harness serves in-process; like each server worker (walkthrough/wsgi.py), keep what was loaded to start
    # out of the collector's sight.
    import gc

    gc.freeze()
    # Nothing kept from an earlier run: each page's first request counts its figures and its total ("first ms").
    from django.core.cache import cache

    cache.clear()
    subjects = pages.find_subjects()
    clients, rows, measured = {}, [], []
    for page in pages.pages(subjects):
        if args.only and args.only not in page.name:
            continue
        timing = pages.measure(page, repeats=args.repeats, clients=clients)
        measured.append(timing)
        target = (f"p95≤{page.target_ms:.0f}" if page.target_ms else "") + \
                 (f" ≤{page.bare_ratio_target:g}×bare" if page.bare_ratio_target else "")
        rows.append([page.name, timing.status, f"{timing.first_ms:.0f}", f"{timing.p50:.0f}", f"{timing.p95:.0f}",
                     timing.queries, f"{timing.html_kb:.0f}", f"{timing.bare_p50:.1f}", f"{timing.ratio:.1f}×",
                     target.strip() or "—", _verdict(timing.met)])
        print(f"  {page.name}: p50 {timing.p50:.0f} ms, p95 {timing.p95:.0f} ms, "
              f"slowest {max(timing.samples_ms):.0f} ms, {timing.queries} queries", flush=True)
    print("\n" + _table(rows, ["page", "status", "first ms", "p50 ms", "p95 ms", "queries", "KB", "bare SQL p50 ms",
                                "page/bare", "target (1M)", "verdict"]))
    results["pages"] = [
        {"name": t.page.name, "url": t.page.url, "user": t.page.username, "status": t.status, "queries": t.queries,
         "html_kb": round(t.html_kb, 1), "first_ms": round(t.first_ms, 1), "p50_ms": round(t.p50, 1),
         "p95_ms": round(t.p95, 1), "max_ms": round(max(t.samples_ms), 1),
         "samples_ms": [round(sample, 1) for sample in t.samples_ms],
         "bare_p50_ms": round(t.bare_p50, 2), "bare_p95_ms": round(pages.percentile(t.bare_ms, 95), 2),
         "ratio": round(t.ratio, 2), "target_ms": t.page.target_ms, "bare_ratio_target": t.page.bare_ratio_target,
         "met": t.met}
        for t in measured
    ]

    if not args.only or args.only in "similar-issue hints":
        walker = get_user_model().objects.filter(username__startswith="bench-walker-").order_by("pk").first()
        hints = measure_hints(username=walker.username, texts=typed_texts(username=walker.username))
        met = hints.p95 <= TARGET_P95_MS
        print(f"\nsimilar-issue hints (GET /issues/similar/ as {walker.username}, {hints.texts} different texts): "
              f"p50 {hints.p50:.0f} ms, p95 {hints.p95:.0f} ms, {hints.queries} queries, {hints.found} with hints; "
              f"bare pg_trgm p50 {percentile(hints.bare_ms, 50):.1f} ms, p95 {hints.bare_p95:.1f} ms "
              f"(target p95 ≤ {TARGET_P95_MS} ms: {_verdict(met)})", flush=True)
        results["hints"] = {"texts": hints.texts, "queries": hints.queries, "found": hints.found,
                            "p50_ms": round(hints.p50, 1), "p95_ms": round(hints.p95, 1),
                            "bare_p50_ms": round(percentile(hints.bare_ms, 50), 2),
                            "bare_p95_ms": round(hints.bare_p95, 2), "target_ms": TARGET_P95_MS, "met": met}

    if not args.no_export:
        app, bare = batch.run_export("app"), batch.run_export("bare")
        ratio = app.seconds / bare.seconds if bare.seconds else float("inf")
        met = ratio <= 1.3 and app.peak_rss_mib <= 150
        print(f"\nfull 整改台账 export: {app.rows:,} rows in {app.seconds:.1f} s, peak RSS {app.peak_rss_mib:.0f} MiB; "
              f"bare openpyxl {bare.seconds:.1f} s, {bare.peak_rss_mib:.0f} MiB → {ratio:.2f}× "
              f"(target ≤ 1.3× and ≤ 150 MB: {_verdict(met)})", flush=True)
        if app.cpu_seconds and bare.cpu_seconds:  # what a busy machine disturbs less than the wall clock
            print(f"  export processes' own CPU: app {app.cpu_seconds:.1f} s, bare {bare.cpu_seconds:.1f} s → "
                  f"{app.cpu_seconds / bare.cpu_seconds:.2f}×", flush=True)
        results["export"] = {"app": asdict(app), "bare": asdict(bare), "ratio": round(ratio, 2), "met": met}

    scan = batch.run_reminder_scan()
    scan_met = scan.seconds <= 30
    print(f"\nreminder scan ({scan.entry_point}, {scan.day}): {scan.seconds:.1f} s, {scan.queries} queries, would send "
          f"{sum(scan.sent.values()) if isinstance(scan.sent, dict) else scan.sent} (rolled back; target ≤ 30 s: "
          f"{_verdict(scan_met)}; queries must not grow with N — compare runs)", flush=True)
    results["reminder_scan"] = {**asdict(scan), "met": scan_met}

    if args.load_seconds:
        paths = {"ledger": "/issues/", "ledger overdue": "/issues/?overdue=true", "dashboard": "/reports/",
                 "dashboard all campaigns": "/reports/?campaign="}
        run = load.run_load(paths=paths, liaison=subjects.liaison, users=args.load_users, seconds=args.load_seconds)
        print(f"\nthroughput: gunicorn {run.workers} sync workers, locust {run.users} users for {run.seconds} s on "
              f"loopback: {run.requests} requests, {run.rps:.1f} req/s, p50 {run.p50_ms:.0f} ms, "
              f"p95 {run.p95_ms:.0f} ms, {run.failures} errors", flush=True)
        for name, figures in run.by_name.items():
            print(f"  {name}: {figures['requests']} requests, p95 {figures['p95_ms']:.0f} ms, "
                  f"{figures['failures']} errors")
        results["load"] = asdict(run)

    out = Path(__file__).resolve().parent.parent / "var" / "bench" / f"bench-{args.issues}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    results["finished"] = timezone.now().isoformat()
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print(f"\nfigures written to {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")
    failures = [t.page.name for t in measured if t.status != 200]
    if args.load_seconds and results["load"]["failures"]:
        failures.append("load test errors")
    if failures:
        print(f"FAILED: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    started = time.monotonic()
    code = main(sys.argv[1:])
    print(f"(harness ran {time.monotonic() - started:.0f} s)")
    sys.exit(code)
