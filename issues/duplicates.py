"""Writes for one blockage logged more than once: a "me too" sighting on an existing issue, and staff merging
two issues into one. Both run under row locks; a merge leaves an IssueEvent on the duplicate like any stage change.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from issues import workflow
from issues.models import Issue, IssueEvent, IssueSighting
from issues.services import acting_roles
from issues.similarity import hint_scope_q


@transaction.atomic
def sighting_record(*, issue_pk: int, by, walkthrough=None, note: str = "") -> IssueSighting:
    """Count one more walker who met this issue (with his walkthrough linked). The issue must be one the user may
    be shown as a hint; a merged duplicate passes the sighting on to the issue it was merged into. A walkthrough
    counts once per issue: recording it again returns the existing sighting. Raises ValidationError."""
    issue = Issue.objects.filter(hint_scope_q(by), pk=issue_pk).first()
    if issue is None:
        raise ValidationError(_("找不到这条问题,或您无权查看,请重新选择"))
    issue = issue.duplicate_of or issue
    if walkthrough is not None:
        existing = IssueSighting.objects.filter(issue=issue, walkthrough=walkthrough).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return IssueSighting.objects.create(issue=issue, walkthrough=walkthrough, reported_by=by, note=note)
    except IntegrityError:  # the same walkthrough, sent twice at once
        return IssueSighting.objects.get(issue=issue, walkthrough=walkthrough)


@transaction.atomic
def issue_merge(*, duplicate: Issue, into: Issue, by, note: str = "") -> Issue:
    """Close `duplicate` as a duplicate of `into` (center staff only): its stage becomes closed with an IssueEvent
    naming the kept issue, its own events stay, its sightings move to `into`, and its walkthrough counts as one
    more sighting of `into`. Both rows are locked (lower pk first, so two merges never deadlock). Returns the kept
    issue. Raises workflow.TransitionRefused."""
    first, second = sorted([duplicate.pk, into.pk])
    locked = {issue.pk: issue for issue in Issue.objects.select_for_update().filter(pk__in=[first, second])}
    dup, kept = locked[duplicate.pk], locked[into.pk]
    target = workflow.plan_merge(
        stage=dup.stage, into_stage=kept.stage, roles=acting_roles(user=by, issue=dup), same=dup.pk == kept.pk
    )
    if kept.duplicate_of_id is not None:
        raise workflow.TransitionRefused(_("问题%(number)s本身已合并,请合并到它所并入的问题") % {"number": kept.number})
    from_stage = dup.stage
    dup.stage, dup.duplicate_of = target, kept
    dup._history_user = by
    dup._change_reason = "merge"
    dup.save(update_fields=["stage", "duplicate_of"])
    message = _("作为重复问题合并至%(number)s") % {"number": kept.number}
    note = note.strip()
    IssueEvent.objects.create(
        issue=dup, actor=by, from_stage=from_stage, to_stage=target, note=f"{message}:{note}" if note else message
    )
    dup.duplicates.update(duplicate_of=kept)  # issues merged earlier into the duplicate follow it
    for sighting in dup.sightings.all():
        if sighting.walkthrough_id and kept.sightings.filter(walkthrough_id=sighting.walkthrough_id).exists():
            sighting.delete()
        else:
            IssueSighting.objects.filter(pk=sighting.pk).update(issue=kept)
    if dup.walkthrough_id and not kept.sightings.filter(walkthrough_id=dup.walkthrough_id).exists() and \
            dup.walkthrough_id != kept.walkthrough_id:
        IssueSighting.objects.create(
            issue=kept, walkthrough_id=dup.walkthrough_id, reported_by=dup.created_by, note=dup.title
        )
    return kept
