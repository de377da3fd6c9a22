"""Markdown tables of the figures `python -m bench` wrote to var/bench/bench-<N>.json, for BENCHMARKS.md.

    .venv/bin/python -m bench.report var/bench/bench-100000.json var/bench/bench-1000000.json
"""

import json
import sys


def _verdict(met) -> str:
    return "—" if met is None else ("**met**" if met else "**missed**")


def pages_table(result: dict) -> str:
    lines = ["| page | first ms | p50 ms | p95 ms | queries | HTML KB | bare SQL p50 ms | page/bare (p50) "
             "| target at 1M | verdict |", "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for page in result["pages"]:
        target = " ".join(filter(None, [f"p95 ≤ {page['target_ms']:.0f} ms" if page["target_ms"] else "",
                                        f"≤ {page['bare_ratio_target']:g}× bare" if page["bare_ratio_target"] else ""]))
        first = f"{page['first_ms']:.0f}" if "first_ms" in page else "—"
        lines.append(f"| {page['name']} | {first} | {page['p50_ms']:.0f} | {page['p95_ms']:.0f} | {page['queries']} | "
                     f"{page['html_kb']:.0f} | {page['bare_p50_ms']:.1f} | {page['ratio']:.1f}× | {target or '—'} | "
                     f"{_verdict(page['met'])} |")
    return "\n".join(lines)


def batch_lines(result: dict) -> str:
    lines = []
    if export := result.get("export"):
        app, bare = export["app"], export["bare"]
        lines.append(f"- full 整改台账 export: {app['rows']:,} rows in {app['seconds']:.1f} s, peak RSS "
                     f"{app['peak_rss_mib']:.0f} MiB; bare openpyxl write-only, same cells: {bare['seconds']:.1f} s, "
                     f"{bare['peak_rss_mib']:.0f} MiB → **{export['ratio']:.2f}×** (target ≤ 1.3× and ≤ 150 MB: "
                     f"{_verdict(export['met'])})")
    if hints := result.get("hints"):
        lines.append(f"- similar-issue hints (`GET /issues/similar/` as a walker, {hints['texts']} different texts "
                     f"with the hall's department and, two in three, the service item): p50 {hints['p50_ms']:.0f} ms, "
                     f"**p95 {hints['p95_ms']:.0f} ms**, {hints['queries']} queries, {hints['found']} of "
                     f"{hints['texts']} with hints; bare pg_trgm p50 {hints['bare_p50_ms']:.1f} ms, p95 "
                     f"{hints['bare_p95_ms']:.1f} ms (target p95 ≤ {hints['target_ms']} ms: {_verdict(hints['met'])})")
    if scan := result.get("reminder_scan"):
        sent = scan["sent"]
        total = sum(sent.values()) if isinstance(sent, dict) else sent
        lines.append(f"- reminder scan (`{scan['entry_point']}`, rolled back): {scan['seconds']:.1f} s, "
                     f"{scan['queries']:,} queries for {total:,} reminders (target ≤ 30 s: {_verdict(scan['met'])}; "
                     f"queries must not grow with N)")
    if load := result.get("load"):
        lines.append(f"- throughput: gunicorn {load['workers']} sync workers, locust {load['users']} users without "
                     f"think time for {load['seconds']} s on loopback: {load['requests']:,} requests, "
                     f"**{load['rps']:.1f} req/s**, p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms, "
                     f"**{load['failures']} errors**")
        for name, figures in load["by_name"].items():
            lines.append(f"  - {name}: {figures['requests']} requests, p95 {figures['p95_ms']:.0f} ms, "
                         f"{figures['failures']} errors")
    return "\n".join(lines)


def main(paths: list[str]) -> None:
    for path in paths:
        with open(path) as handle:
            result = json.load(handle)
        machine = result["machine"]
        print(f"### {result['issues']:,} issues\n")
        print(f"`{result['command']}` — {machine['cpus']} CPUs, load average {machine['load_average'][0]:.1f} at "
              f"the start, PostgreSQL {machine['postgresql']}, Python {machine['python']}; seeded in "
              f"{result['seeded_seconds']:.0f} s; run {result['started'][:16]} UTC.\n")
        print(pages_table(result))
        print()
        print(batch_lines(result))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
