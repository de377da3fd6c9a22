"""Writes to campaigns and walkthroughs."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import WalkthroughSession
from campaigns.roles import Role, roles_of
from issues.models import Issue
from issues.services import issue_create


def can_log_walkthrough(user) -> bool:
    return bool(roles_of(user) & {Role.CENTER_STAFF, Role.PARTICIPANT})


def can_edit_walkthrough(*, user, session: WalkthroughSession) -> bool:
    """Staff edit any session; a participant edits his own until he submits it."""
    roles = roles_of(user)
    if Role.CENTER_STAFF in roles:
        return True
    own = session.created_by_id == user.pk or (session.lead.user_id == user.pk)
    return Role.PARTICIPANT in roles and own and not session.is_submitted


@transaction.atomic
def walkthrough_create(
    *, by, fields: dict, service_items=(), companions=(), findings=(), submit: bool = True
) -> WalkthroughSession:
    """A logged walkthrough; each finding becomes an Issue at `experience` linked back to it."""
    if not can_log_walkthrough(by):
        raise PermissionDenied(_("您没有登记走流程记录的权限"))
    session = WalkthroughSession(created_by=by, **fields)
    if submit:
        session.status = WalkthroughSession.Status.SUBMITTED
        session.submitted_at = timezone.now()
    session.full_clean()
    session.save()
    session.service_items.set(service_items)
    session.companions.set(companions)
    for finding in findings:
        finding_create(session=session, by=by, **finding)
    return session


def finding_create(*, session: WalkthroughSession, by, title: str, **fields) -> Issue:
    """A problem found on a walkthrough, entered into the ledger at `experience`."""
    fields.setdefault("department", session.department)
    items = list(session.service_items.all()[:1])
    fields.setdefault("service_item", items[0] if items else None)
    return issue_create(
        by=by,
        title=title,
        discovered_on=timezone.localdate(session.occurred_at),
        source=Issue.Source.WALKTHROUGH,
        walkthrough=session,
        **fields,
    )
