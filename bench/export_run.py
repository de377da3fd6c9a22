"""One full 整改台账 export in a process of its own, so its peak RSS is the export's alone.

    python -m bench.export_run app    # the app's export: prepare_export("ledger") as center staff, no filter
    python -m bench.export_run bare   # its limit: one SQL query streamed into bare openpyxl write-only, same cells

Prints one JSON line: rows written, seconds, file bytes. The parent reads the child's peak RSS from wait4().
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


BARE_SQL = """
SELECT i.number, i.source, w.mode, s.name, i.discovered_on, i.category, i.title, i.description, d.name,
       i.responsible_person, i.measures, i.deadline, i.stage, (i.deadline < %s AND i.stage <> 'closed'),
       (c.closed_at AT TIME ZONE 'Asia/Shanghai')::date, i.evaluation, i.remarks
FROM issues_issue i
LEFT JOIN campaigns_walkthroughsession w ON w.id = i.walkthrough_id
LEFT JOIN campaigns_serviceitem s ON s.id = i.service_item_id
LEFT JOIN campaigns_department d ON d.id = i.department_id
LEFT JOIN (SELECT issue_id, max(created_at) AS closed_at FROM issues_issueevent WHERE to_stage = 'closed'
           GROUP BY issue_id) c ON c.issue_id = i.id
ORDER BY i.year, i.sequence
"""


def bare_export(stream) -> int:
    """The same 17 cells per line, from one query through a server-side cursor, into openpyxl write-only."""
    from django.db import connection, transaction
    from django.utils import timezone
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("整改台账")
    sheet.append(["title"])
    sheet.append(["subtitle"])
    sheet.append([f"column {n}" for n in range(17)])
    rows = 0
    with transaction.atomic():
        connection.ensure_connection()
        with connection.connection.cursor(name="bare_export") as cursor:
            cursor.itersize = 2000
            cursor.execute(BARE_SQL, [timezone.localdate()])
            for rows, record in enumerate(cursor, start=1):
                title, description = record[6], record[7]
                sheet.append([rows, record[0], record[1], record[2] or "", record[3] or "", record[4], record[5],
                              f"{title}\n{description}" if description else title, record[8] or "", record[9],
                              record[10], record[11], record[12], "是" if record[13] else "否", record[14],
                              record[15], record[16]])
    workbook.save(stream)
    return rows


def main(kind: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walkthrough.settings.bench")
    import django

    django.setup()
    with tempfile.TemporaryFile() as stream:
        started = time.perf_counter()
        rows = (app_export if kind == "app" else bare_export)(stream)
        seconds = time.perf_counter() - started
        stream.seek(0, os.SEEK_END)
        print(json.dumps({"rows": rows, "seconds": seconds, "bytes": stream.tell()}))


if __name__ == "__main__":
    main(sys.argv[1])
