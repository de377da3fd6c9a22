"""A walkthrough's files: each upload checked from its bytes, and the files of a form that came back with errors
(photos, attachments, a proxy walkthrough's authorisation letter) kept for the walker (PendingAttachment) until the
form is saved, so he need not choose them again."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from campaigns.models import PendingAttachment, WalkthroughAttachment, WalkthroughSession
from campaigns.uploads import check_upload


def attachment_fields(kind: str, upload) -> dict:
    """The columns of a stored photo or document, its type read from its bytes; ValidationError saying why when it
    may not be kept (not an image where a photo is asked, not a document we accept, over the size limit)."""
    checked = check_upload(upload, images_only=kind == WalkthroughAttachment.Kind.PHOTO)
    return {
        "kind": kind, "file": upload, "original_name": upload.name.rsplit("/", 1)[-1][:200],
        "content_type": checked.content_type, "size": checked.size,
    }


def _delete_after_commit(stored) -> None:
    # The file goes only once the row is surely gone.
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


def pending_keep(*, by, form_token: str, uploads, letter=None) -> list[PendingAttachment]:
    """Keeps each of `uploads` ((kind, upload)) that passes the checks of any attachment, and the authorisation
    `letter` when it passes those of a letter (a document's), for `by` under the form's token; one that fails is
    left out (the refused form says why beside its field). A letter kept replaces the one kept before."""
    role = PendingAttachment.Role
    chosen = [(role.ATTACHMENT, kind, upload) for kind, upload in uploads]
    if letter:
        chosen.append((role.AUTHORISATION, WalkthroughAttachment.Kind.DOCUMENT, letter))
    kept = []
    for purpose, kind, upload in chosen:
        try:
            fields = attachment_fields(kind, upload)
        except ValidationError:
            continue
        if purpose == role.AUTHORISATION:
            _discard(PendingAttachment.objects.filter(uploaded_by=by, form_token=form_token, role=purpose))
        kept.append(PendingAttachment.objects.create(uploaded_by=by, form_token=form_token, role=purpose, **fields))
    return kept


def _discard(kept_files) -> None:
    with transaction.atomic():
        for kept in kept_files:
            stored = kept.file
            kept.delete()
            _delete_after_commit(stored)


def pending_discard(*, by, form_token: str, pks) -> None:
    """Removes the kept files the walker struck out (✕); another user's are never touched."""
    ids = [int(pk) for pk in pks if str(pk).isdigit()]
    if ids:
        _discard(PendingAttachment.objects.filter(uploaded_by=by, form_token=form_token, pk__in=ids))


def pending_adopt(*, session: WalkthroughSession, by, form_token: str) -> int:
    """Attaches to `session` the files `by` kept under the form's token, in the caller's transaction; the stored
    file is handed over, not copied. Returns how many."""
    if not form_token:
        return 0
    adopted = 0
    kept_files = PendingAttachment.objects.select_for_update().filter(
        uploaded_by=by, form_token=form_token, role=PendingAttachment.Role.ATTACHMENT
    )
    for kept in kept_files:
        WalkthroughAttachment.objects.create(
            session=session, kind=kept.kind, file=kept.file.name, original_name=kept.original_name,
            content_type=kept.content_type, size=kept.size, uploaded_by=by,
        )
        kept.delete()
        adopted += 1
    return adopted


def pending_letter_adopt(*, session: WalkthroughSession, by, form_token: str) -> bool:
    """Makes the authorisation letter `by` kept under the form's token `session`'s (not yet saved: the caller's
    transaction saves it), the stored file handed over. Unless a new letter was chosen on this POST (it wins) or the
    session is not a proxy walkthrough: then the kept letter is deleted. Returns whether it was adopted."""
    if not form_token:
        return False
    letter = session.authorisation_form
    wanted = session.mode == WalkthroughSession.Mode.PROXY and not (letter and not letter._committed)
    adopted = False
    kept_letters = PendingAttachment.objects.select_for_update().filter(
        uploaded_by=by, form_token=form_token, role=PendingAttachment.Role.AUTHORISATION
    ).order_by("-uploaded_at", "-pk")
    for kept in kept_letters:
        kept.delete()
        if wanted and not adopted:
            session.authorisation_form = kept.file.name
            session.authorisation_content_type = kept.content_type
            session.authorisation_original_name = kept.original_name
            adopted = True
        else:
            _delete_after_commit(kept.file)
    return adopted


def pending_purge(*, now: datetime.datetime | None = None) -> int:
    """Deletes kept files (rows and stored files) of forms left unsaved for PENDING_ATTACHMENT_KEEP_HOURS; returns
    how many. A file attached meanwhile is not touched: its row is gone before this one can delete it."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.PENDING_ATTACHMENT_KEEP_HOURS)
    purged = 0
    for kept in PendingAttachment.objects.filter(uploaded_at__lt=cutoff).iterator():
        with transaction.atomic():
            deleted, _ = PendingAttachment.objects.filter(pk=kept.pk).delete()
            if deleted:
                _delete_after_commit(kept.file)
                purged += 1
    return purged
