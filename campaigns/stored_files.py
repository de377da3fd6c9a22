"""Renaming files stored before names were random (used by the data migrations of campaigns, issues, reports).

Old names were the user's own file name (or `ledger-<pk>-<timestamp>.xlsx`), guessable by anyone; each is moved
to a random name with the extension of the type its bytes show, and the user's name is kept in the record.
"""

import logging
import re

from campaigns.uploads import UNKNOWN_TYPE, sniff_content_type, stored_name

logger = logging.getLogger(__name__)
RANDOM_TAIL = re.compile(r"/\d{4}/\d{2}/[A-Za-z0-9_-]{22}\.[a-z]+$")


def rename_stored_files(model, *, file_field: str, folder: str, type_field: str = "", name_field: str = "",
                        fixed_type: str = "", batch_size: int = 1000) -> int:
    """Move every file of `model.file_field` not yet under a random name; returns how many were moved.

    Fills `name_field` (the user's name, if still blank) and `type_field` (the type read from the bytes). A row
    whose file is missing keeps its name; missing files are logged as one count with a few examples. Running twice
    moves nothing the second time. Each file is moved on its own (its bytes must be read), but the rows are
    written back `batch_size` at a time, so a million rows cost a thousand UPDATEs, not a million.
    """
    storage = model._meta.get_field(file_field).storage
    columns = ["pk", file_field, *[name for name in (type_field, name_field) if name]]
    pending: dict[tuple, list] = {}
    moved = missing = 0

    def flush():
        for fields, rows in pending.items():
            model.objects.bulk_update(rows, list(fields))
        pending.clear()

    for row in model.objects.exclude(**{file_field: ""}).only(*columns).iterator(chunk_size=batch_size):
        old = getattr(row, file_field).name
        if RANDOM_TAIL.search(old):
            continue
        changed = []
        if name_field and not getattr(row, name_field):
            setattr(row, name_field, old.rsplit("/", 1)[-1][:200])
            changed.append(name_field)
        if storage.exists(old):
            with storage.open(old, "rb") as handle:
                content_type = fixed_type or sniff_content_type(handle) or UNKNOWN_TYPE
                setattr(row, file_field, storage.save(stored_name(folder, content_type), handle))
            changed.append(file_field)
            if type_field:
                setattr(row, type_field, content_type)
                changed.append(type_field)
            storage.delete(old)
            moved += 1
        else:
            missing += 1
            if missing <= 20:
                logger.warning("%s %s: stored file %s is missing; left as it is", model.__name__, row.pk, old)
        if changed:
            pending.setdefault(tuple(changed), []).append(row)
            if sum(len(rows) for rows in pending.values()) >= batch_size:
                flush()
    flush()
    if missing:
        logger.warning("%s: %d stored files are missing and keep their old names", model.__name__, missing)
    return moved
