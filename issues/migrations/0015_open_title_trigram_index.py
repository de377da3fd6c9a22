"""The similar-issue hints search open lines across the ledger (issues.similarity): a GIN trigram index over the
open, unmerged lines only (about one line in eight of a settled ledger) replaces the one over every title. At a
million lines a search through the full index rechecked tens of thousands of closed lines sharing a trigram.
PostgreSQL only; on SQLite nothing happens (the hints fall back to a plain search there)."""

from django.db import migrations

OLD = "issues_issue_title_trgm"
NEW = "issue_open_title_trgm"
# Written as Django writes .filter(duplicate_of__isnull=True).exclude(stage="closed"), so PostgreSQL sees the
# query's WHERE imply the index's and uses it.
OPEN = "duplicate_of_id IS NULL AND NOT (stage = 'closed')"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NEW} ON issues_issue USING gin (title gin_trgm_ops) "
                              f"WHERE {OPEN}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {OLD} ON issues_issue USING gin (title gin_trgm_ops)")
        schema_editor.execute(f"DROP INDEX IF EXISTS {NEW}")


class Migration(migrations.Migration):
    dependencies = [("issues", "0014_merge_20261130_0615")]

    operations = [migrations.RunPython(forward, backward)]
