"""Writes to campaigns, the roster and walkthroughs. Callers import from here."""

from .attachments import pending_discard, pending_keep, pending_purge
from .campaigns import campaign_create, campaign_update, can_manage_campaigns
from .roster import (
    can_manage_roster,
    official_create,
    official_set_active,
    official_update,
    roster_import,
)
from .walkthroughs import (
    can_edit_walkthrough,
    can_log_walkthrough,
    check_campaign_open,
    check_session_timing,
    finding_create,
    walkthrough_create,
    walkthrough_update,
)

__all__ = [
    "campaign_create",
    "campaign_update",
    "can_edit_walkthrough",
    "can_log_walkthrough",
    "can_manage_campaigns",
    "can_manage_roster",
    "check_campaign_open",
    "check_session_timing",
    "finding_create",
    "official_create",
    "official_set_active",
    "official_update",
    "pending_discard",
    "pending_keep",
    "pending_purge",
    "roster_import",
    "walkthrough_create",
    "walkthrough_update",
]
