"""Tickets from the platforms become ledger lines at `experience`, once per ticket number."""

import unicodedata

from django.db import IntegrityError, transaction

from intake.models import IntakePlatform, IntakeTicket
from issues.models import Issue
from issues.references import reference_key
from issues.services import issue_create


def normalise_reference(value: str) -> str:
    """A platform's ticket number as one spelling: full-width characters folded (NFKC), spaces dropped, letters
    upper-case — "gd２０２６ 0001" and "GD20260001" are the same ticket."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def ticket_receive(*, platform: IntakePlatform, reference: str, title: str, discovered_on, **fields
                   ) -> tuple[Issue, bool]:
    """The ledger line for this platform ticket: created at `experience` (True) or, when the number was seen
    before — sent twice, or already entered by hand with the same source and number — the existing one (False).
    Everything is written in one transaction; a concurrent duplicate lands on the unique constraints and is
    answered with the line the other request created."""
    reference = normalise_reference(reference)
    existing = _existing(platform, reference)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            issue = Issue.objects.filter(  # also a ticket entered by hand in another case, spacing or width
                source=platform.issue_source, source_reference_key=reference_key(reference)
            ).first()
            created = issue is None
            if created:
                issue = issue_create(by=platform.user, title=title, discovered_on=discovered_on,
                                     source=platform.issue_source, source_reference=reference, **fields)
            IntakeTicket.objects.create(platform=platform, reference=reference, issue=issue)
    except IntegrityError:
        existing = _existing(platform, reference)
        if existing is None:
            raise
        return existing, False
    return issue, created


def _existing(platform, reference) -> Issue | None:
    ticket = IntakeTicket.objects.select_related("issue").filter(platform=platform, reference=reference).first()
    return ticket.issue if ticket else None
