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
                        fixed_type: str = "") -> int:
    """Move every file of `model.file_field` not yet under a random name; returns how many were moved.

    Fills `name_field` (the user's name, if still blank) and `type_field` (the type read from the bytes). A row
    whose file is missing keeps its name and is logged; running twice moves nothing the second time.
    """
    storage = model._meta.get_field(file_field).storage
    moved = 0
    for row in model.objects.exclude(**{file_field: ""}).iterator():
        old = getattr(row, file_field).name
        if RANDOM_TAIL.search(old):
            continue
        changes = {}
        if name_field and not getattr(row, name_field):
            changes[name_field] = old.rsplit("/", 1)[-1][:200]
        if not storage.exists(old):
            logger.warning("%s %s: stored file %s is missing; left as it is", model.__name__, row.pk, old)
            if changes:
                model.objects.filter(pk=row.pk).update(**changes)
            continue
        with storage.open(old, "rb") as handle:
            content_type = fixed_type or sniff_content_type(handle) or UNKNOWN_TYPE
            new = storage.save(stored_name(folder, content_type), handle)
        if type_field:
            changes[type_field] = content_type
        model.objects.filter(pk=row.pk).update(**{file_field: new}, **changes)
        storage.delete(old)
        moved += 1
    return moved
