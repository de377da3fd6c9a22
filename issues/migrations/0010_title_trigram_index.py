"""pg_trgm and a GIN trigram index on issue titles, for the similar-issue hints. PostgreSQL only: on SQLite
both steps do nothing (TrigramExtension checks the vendor itself) and the hints fall back to a plain search."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "issues_issue_title_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON issues_issue USING gin (title gin_trgm_ops)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("issues", "0009_sightings_and_duplicates")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
