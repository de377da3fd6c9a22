"""Rows into a model's table through PostgreSQL COPY (psycopg 3), the way seed_bench fills a million lines.

The caller names the columns it gives (attnames: `department_id`, not `department`); every other column gets
what Django would have put there — the field's default, now for auto_now(_add), NULL, or "" for blank text —
so a field added to a model later does not break the seeder as long as it has a default. Generated columns and
auto primary keys not given are left to PostgreSQL.
"""

import json
from collections.abc import Iterable, Sequence

from django.core.management.base import CommandError
from django.db import connection, models
from django.utils import timezone


def _filler(field: models.Field, now):
    if field.has_default():
        value = field.get_default()
        return json.dumps(value) if isinstance(field, models.JSONField) else value
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.null:
        return None
    if field.blank and isinstance(field, (models.CharField, models.TextField, models.FileField)):
        return ""
    model = field.model._meta.label
    raise CommandError(f"seed_bench does not know what to put in {model}.{field.name}: give the field a default "
                       f"or add it to the rows bench/seed.py writes")


def copy_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY `rows` (tuples in the order of `columns`) into the model's table; returns how many were written."""
    now = timezone.now()
    given = set(columns)
    known = {field.attname for field in model._meta.concrete_fields}
    unknown = given - known
    if unknown:
        raise CommandError(f"{model._meta.label} has no column {', '.join(sorted(unknown))}")
    rest = [
        field for field in model._meta.concrete_fields
        if field.attname not in given
        and not getattr(field, "generated", False)
        and not (field.primary_key and isinstance(field, models.AutoField))
    ]
    tail = tuple(_filler(field, now) for field in rest)
    names = [_column(model, name) for name in columns] + [field.column for field in rest]
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(name) for name in names)}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, *tail))
            count += 1
    return count


def _column(model, attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.column
    raise CommandError(f"{model._meta.label} has no column {attname}")


def reset_sequences(models_: Iterable) -> None:
    """After rows were written with explicit ids: the next id PostgreSQL hands out follows the largest."""
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(sql)


def drop_secondary_indexes(tables: list[str]) -> list[str]:
    """Drop the plain (non-constraint) indexes of `tables`; returns the statements that build them again.
    A million rows are written several times faster without them, and an index built at once is smaller."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
               WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
            [tables],
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in found]


def build_indexes(definitions: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem TO '256MB'")
        for definition in definitions:
            cursor.execute(definition)
