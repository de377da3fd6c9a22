# Ledger numbers past 9,999 a year (2026-10000, no longer cut to 2026-1000) and source references compared in
# their normalised form (NFKC, case-folded, no spaces) by the database constraint too.

import unicodedata

import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models

BATCH = 1000


def reference_key(reference):
    return "".join(unicodedata.normalize("NFKC", reference or "").casefold().split())


def fill_reference_keys(apps, schema_editor):
    """Existing lines get their key; a line whose ticket was already entered under another spelling keeps a key
    marked with its id, so the migration never fails on old data (staff see both lines as before).

    Keys are computed in Python (NFKC and case folding as the app does) and written back 1,000 rows per UPDATE,
    so a province's million lines migrate in seconds, not one statement per line."""
    Issue = apps.get_model("issues", "Issue")
    seen = set()
    batch = []
    lines = Issue.objects.exclude(source_reference="").order_by("pk").values_list("pk", "source", "source_reference")
    for pk, source, reference in lines.iterator(chunk_size=BATCH):
        key = reference_key(reference)
        if (source, key) in seen:
            key = f"{key}#{pk}"
        seen.add((source, key))
        batch.append(Issue(pk=pk, source_reference_key=key))
        if len(batch) == BATCH:
            Issue.objects.bulk_update(batch, ["source_reference_key"])
            batch = []
    Issue.objects.bulk_update(batch, ["source_reference_key"])


def sequence_text():
    return django.db.models.functions.comparison.Cast("sequence", models.CharField(max_length=10))


class Migration(migrations.Migration):

    dependencies = [
        ("issues", "0006_merge_20261130_0449"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="issue", name="issue_source_reference_once"),
        migrations.AddField(
            model_name="issue",
            name="source_reference_key",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fill_reference_keys, migrations.RunPython.noop),
        # A generated column cannot be altered: dropped and added again, computed afresh for every row.
        migrations.RemoveField(model_name="issue", name="number"),
        migrations.AddField(
            model_name="issue",
            name="number",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Concat(
                    django.db.models.functions.comparison.Cast("year", models.CharField(max_length=4)),
                    models.Value("-"),
                    django.db.models.functions.text.LPad(
                        sequence_text(),
                        django.db.models.functions.comparison.Greatest(
                            django.db.models.functions.text.Length(sequence_text()), models.Value(4)
                        ),
                        models.Value("0"),
                    ),
                ),
                output_field=models.CharField(max_length=16),
                verbose_name="台账编号",
            ),
        ),
        migrations.AddConstraint(
            model_name="issue",
            constraint=models.UniqueConstraint(fields=("number",), name="issue_number_unique"),
        ),
        migrations.AddConstraint(
            model_name="issue",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_reference_key", ""), _negated=True),
                fields=("source", "source_reference_key"),
                name="issue_source_reference_once",
                violation_error_message="同一来源的单号只能登记一次",
            ),
        ),
    ]
