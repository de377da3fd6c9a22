"""One full 整改台账 export in a process of its own, so its peak RSS is the export's alone.

    python -m bench.export_run app    # the app's export: prepare_export("ledger") as center staff, no filter
    python -m bench.export_run bare   # its limit: one SQL query streamed into bare openpyxl write-only, same cells

Prints one JSON line: rows written, seconds (and this process's CPU seconds, which a busy machine disturbs
less), file bytes and the process's own peak RSS (VmHWM). Not wait4()'s
ru_maxrss: Linux carries the parent's high-water mark over into a child it execs, so that figure is the harness's
size (~200 MiB after seeding), whatever the export uses.
"""

import json
import os
import sys
import tempfile
import time


def app_export(stream) -> int:
    from django.contrib.auth import get_user_model

    from reports.exports import prepare_export

    staff = get_user_model().objects.get(username="bench-staff")
    return prepare_export("ledger", user=staff, query="").write(stream)


# Every figure of every 台账 column (reports.exporters.ledger.LEDGER_COLUMNS), each per-line count as one grouped
# join instead of a subquery per line; labels and 四减 text are the raw codes (a bare limit translates nothing).
BARE_SQL = """
SELECT i.number, c.theme, i.kind, i.source, w.mode, s.name, i.discovered_on, i.category, i.title, i.description,
       d.name, i.responsible_person, i.measures, i.fixed_on_spot, i.long_term_rule, r.text, i.deadline, i.stage,
       (i.deadline < %s AND i.stage <> 'closed'), coalesce(ro.n, 0), coalesce(ug.n, 0), coalesce(sg.n, 0),
       (cl.closed_at AT TIME ZONE 'Asia/Shanghai')::date, i.evaluation, i.remarks
FROM issues_issue i
LEFT JOIN campaigns_campaign c ON c.id = i.campaign_id
LEFT JOIN campaigns_walkthroughsession w ON w.id = i.walkthrough_id
LEFT JOIN campaigns_serviceitem s ON s.id = i.service_item_id
LEFT JOIN campaigns_department d ON d.id = i.department_id
LEFT JOIN (SELECT issue_id, max(created_at) AS closed_at FROM issues_issueevent WHERE to_stage = 'closed'
           GROUP BY issue_id) cl ON cl.issue_id = i.id
LEFT JOIN (SELECT issue_id, count(*) AS n FROM issues_issueevent
           WHERE from_stage = 'evaluation' AND to_stage = 'rectification' GROUP BY issue_id) ro ON ro.issue_id = i.id
LEFT JOIN (SELECT issue_id, count(*) AS n FROM issues_urging GROUP BY issue_id) ug ON ug.issue_id = i.id
LEFT JOIN (SELECT issue_id, count(*) AS n FROM issues_issuesighting GROUP BY issue_id) sg ON sg.issue_id = i.id
LEFT JOIN (SELECT issue_id, string_agg(kind || ':' || before || '→' || after, E'\\n' ORDER BY kind) AS text
           FROM issues_reduction GROUP BY issue_id) r ON r.issue_id = i.id
ORDER BY i.year, i.sequence
"""
# The named style of each column, as the app's workbook registers them (kind, wrapped).
BARE_STYLES = [
    ("int", False), ("text", False), ("text", True), ("text", False), ("text", True), ("text", True),
    ("text", True), ("date", False), ("text", True), ("text", True), ("text", True), ("text", True),
    ("text", True), ("text", True), ("text", True), ("date", False), ("text", False), ("text", False),
    ("int", False), ("int", False), ("int", False), ("date", False), ("text", False), ("text", True),
]


def bare_export(stream) -> int:
    """The same 24 cells per line, in the same named styles, from one query through a server-side cursor into
    openpyxl write-only: what writing this workbook costs with no ORM, no labels and no row heights."""
    from copy import copy

    from django.db import connection, transaction
    from django.utils import timezone
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from reports.exporters.workbook import _styles

    workbook = Workbook(write_only=True)
    _styles(workbook)
    sheet = workbook.create_sheet("整改台账")
    sheet.append(["title"])
    sheet.append(["subtitle"])
    sheet.append([f"column {n}" for n in range(len(BARE_STYLES))])
    templates = []
    for kind, wrap in BARE_STYLES:
        template = WriteOnlyCell(sheet)
        template.style = f"body-{kind}-{'wrap' if wrap else 'plain'}"
        templates.append(template._style)

    def cell(value, style):
        made = WriteOnlyCell(sheet, value)
        made._style = copy(style)
        return made

    rows = 0
    with transaction.atomic():
        connection.ensure_connection()
        with connection.connection.cursor(name="bare_export") as cursor:
            cursor.itersize = 2000
            cursor.execute(BARE_SQL, [timezone.localdate()])
            for rows, r in enumerate(cursor, start=1):
                how = "、".join(text for flag, text in ((r[13], "立行立改"), (r[14], "建章立制")) if flag)
                values = (rows, r[0], r[1] or "", r[2], r[3], r[4] or "", r[5] or "", r[6], r[7],
                          f"{r[8]}\n{r[9]}" if r[9] else r[8], r[10] or "", r[11], r[12], how, r[15] or "", r[16],
                          r[17], "是" if r[18] else "否", r[19], r[20], r[21], r[22], r[23], r[24])
                sheet.append([cell(value, style) for value, style in zip(values, templates, strict=True)])
    workbook.save(stream)
    return rows


def peak_rss_mib() -> float | None:
    """This process's own peak resident set (VmHWM), or None where /proc is not there."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def main(kind: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walkthrough.settings.bench")
    import django

    django.setup()
    with tempfile.TemporaryFile() as stream:
        started, cpu = time.perf_counter(), time.process_time()
        rows = (app_export if kind == "app" else bare_export)(stream)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        stream.seek(0, os.SEEK_END)
        print(json.dumps({"rows": rows, "seconds": seconds, "cpu_seconds": cpu, "bytes": stream.tell(),
                          "peak_rss_mib": peak_rss_mib()}))


if __name__ == "__main__":
    main(sys.argv[1])
