"""Writes to walkthroughs: logging, drafts, submission, attachments, and the findings they raise."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, DraftReceipt, WalkthroughAttachment, WalkthroughSession
from campaigns.modes import missing_mode_facts
from campaigns.roles import Role, roles_of
from campaigns.services.attachments import attachment_fields, pending_adopt, pending_letter_adopt
from campaigns.services.stopwatch import minutes_settle, steps_save
from campaigns.uploads import check_upload
from issues.models import Issue
from issues.services import issue_create

# What a draft keeps of each finding until submission turns it into a ledger line.
# `same_as`: the walker said "me too" to this existing issue; on submission it becomes a sighting of it.
DRAFT_FINDING_FIELDS = ("title", "description", "category", "severity", "fixed_on_spot", "same_as")


def can_log_walkthrough(user) -> bool:
    return bool(roles_of(user) & {Role.CENTER_STAFF, Role.PARTICIPANT})


def can_edit_walkthrough(*, user, session: WalkthroughSession) -> bool:
    """Staff edit any session of an open campaign; a participant edits his own until he submits it."""
    if session.campaign.is_closed:
        return False
    roles = roles_of(user)
    if Role.CENTER_STAFF in roles:
        return True
    own = session.created_by_id == user.pk or session.lead.user_id == user.pk
    return Role.PARTICIPANT in roles and own and not session.is_submitted


def check_session_timing(*, campaign: Campaign, occurred_at) -> None:
    """Refuse a walkthrough dated in the future or outside its campaign's period, saying which."""
    if occurred_at is None or campaign is None:
        return
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_at": _("体验时间不能晚于现在,请填写实际走流程的时间")})
    if not campaign.covers(timezone.localdate(occurred_at)):
        raise ValidationError(
            {
                "occurred_at": _("体验时间不在活动期间(%(start)s 至 %(end)s)内")
                % {"start": campaign.starts_on, "end": campaign.ends_on}
            }
        )


def check_campaign_open(campaign: Campaign) -> None:
    if campaign is not None and campaign.is_closed:
        message = _("活动“%(theme)s”已结束,不能再登记或修改走流程记录") % {"theme": campaign.theme}
        raise ValidationError({"campaign": message})


def _check_facts(session: WalkthroughSession, *, submitting: bool) -> None:
    check_campaign_open(session.campaign)
    check_session_timing(campaign=session.campaign, occurred_at=session.occurred_at)
    if submitting:
        missing = missing_mode_facts(session.mode, {f.name: getattr(session, f.name) for f in session._meta.fields})
        if missing:
            raise ValidationError(missing)
    if not session.authorisation_form:
        session.authorisation_original_name = session.authorisation_content_type = ""
    elif not session.authorisation_form._committed:  # a fresh upload, not the stored file
        upload = session.authorisation_form.file
        try:
            checked = check_upload(upload)
        except ValidationError as error:
            raise ValidationError({"authorisation_form": error.messages}) from error
        # The type read from the bytes names the stored file; the user's name is kept for the download only.
        session.authorisation_content_type = checked.content_type
        session.authorisation_original_name = upload.name.rsplit("/", 1)[-1][:200]


def _check_lead(session: WalkthroughSession, *, by, previous_lead_id=None) -> None:
    """Only center staff name someone else as the lead: the lead may read and edit the session, so a walker
    naming a colleague would hand him his draft."""
    if Role.CENTER_STAFF in roles_of(by) or session.lead_id is None or session.lead_id == previous_lead_id:
        return
    if session.lead.user_id != by.pk:
        message = _("只有中心工作人员可以把他人设为带队人员;请选择您本人,同行的人请填在“同行人员”中")
        raise ValidationError({"lead": message})


def _draft_finding(finding: dict) -> dict:
    return {name: finding[name] for name in DRAFT_FINDING_FIELDS if name in finding}


def _mark_submitted(session: WalkthroughSession) -> None:
    session.status = WalkthroughSession.Status.SUBMITTED
    session.submitted_at = timezone.now()


def _add_attachments(session: WalkthroughSession, *, by, attachments, kept_token: str = "") -> None:
    for kind, upload in attachments:
        WalkthroughAttachment.objects.create(session=session, uploaded_by=by, **attachment_fields(kind, upload))
    pending_adopt(session=session, by=by, form_token=kept_token)


def _remove_attachments(session: WalkthroughSession, pks) -> None:
    for attachment in session.attachments.filter(pk__in=pks):
        stored = attachment.file
        attachment.delete()
        # The file goes only once the row is surely gone.
        transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))


def _raise_findings(session: WalkthroughSession, *, by, findings) -> None:
    from issues.duplicates import sighting_record

    for finding in findings:
        finding = dict(finding)
        same_as = finding.pop("same_as", None)
        if same_as:
            sighting_record(issue_pk=same_as, by=by, walkthrough=session, note=finding.get("description", ""))
        else:
            finding_create(session=session, by=by, **finding)


def _check_sightings(*, by, findings) -> None:
    """A "me too" must name an issue the walker may be shown; checked before anything is written."""
    from issues.models import Issue
    from issues.similarity import hint_scope_q

    wanted = {finding["same_as"] for finding in findings if finding.get("same_as")}
    if wanted and Issue.objects.filter(hint_scope_q(by), pk__in=wanted).count() != len(wanted):
        raise ValidationError(_("“我也遇到”所选的问题不存在或您无权查看,请重新选择"))


def received_session(*, key, by) -> WalkthroughSession | None:
    """The session a draft with this idempotency key already made or changed, or None if the key is new.
    A key sent by another user is refused (ValidationError), never matched."""
    if key is None:
        return None
    receipt = DraftReceipt.objects.filter(key=key).select_related("session").first()
    if receipt is None:
        return None
    if receipt.sent_by_id != by.pk:
        raise ValidationError(_("草稿标识无效,请刷新页面后重新填写"))
    return receipt.session


def once(write):
    """Run a walkthrough write at most once per idempotency key (`draft_key`): a retry of a draft already received
    returns the session it made, unchanged. The receipt is written in the write's own transaction and the key is
    its primary key, so of two concurrent sends one applies and the other finds its receipt."""

    def guarded(*, by, draft_key=None, **kwargs) -> WalkthroughSession:
        existing = received_session(key=draft_key, by=by)
        if existing is not None:
            existing.was_repeat = True
            return existing
        try:
            with transaction.atomic():
                session = write(by=by, **kwargs)
                if draft_key is not None:
                    DraftReceipt.objects.create(key=draft_key, session=session, sent_by=by)
        except IntegrityError:
            existing = received_session(key=draft_key, by=by)
            if existing is None:
                raise
            existing.was_repeat = True
            return existing
        session.was_repeat = False
        return session

    guarded.__doc__ = write.__doc__
    guarded.__name__ = write.__name__
    return guarded


@once
@transaction.atomic
def walkthrough_create(
    *, by, fields: dict, service_items=(), companions=(), findings=(), attachments=(), submit: bool = True,
    steps=None, kept_token: str = "",
) -> WalkthroughSession:
    """A logged walkthrough. Submitted, each finding becomes an Issue at `experience` linked back to it (or, with
    `same_as`, a sighting of that issue); as a draft, the findings wait with the session. `attachments` is a list
    of (kind, upload), and the files `by` kept under `kept_token` (a refused form's) are attached too, a kept
    authorisation letter becoming the session's unless a new one was chosen; `steps` the stopwatch's TimedSteps,
    from which blank waiting/total minutes are derived.
    With `draft_key` (a UUID from the phone) a repeated send returns the first session and writes nothing."""
    if not can_log_walkthrough(by):
        raise PermissionDenied(_("您没有登记走流程记录的权限"))
    session = WalkthroughSession(created_by=by, **fields)
    pending_letter_adopt(session=session, by=by, form_token=kept_token)
    _check_lead(session, by=by)
    _check_facts(session, submitting=submit)
    _check_sightings(by=by, findings=findings)
    minutes_settle(session, steps or [])
    if submit:
        _mark_submitted(session)
    else:
        session.draft_findings = [_draft_finding(finding) for finding in findings]
    session.full_clean()
    session.save()
    session.service_items.set(service_items)
    session.companions.set(companions)
    steps_save(session, steps)
    _add_attachments(session, by=by, attachments=attachments, kept_token=kept_token)
    if submit:
        _raise_findings(session, by=by, findings=findings)
    return session


@once
@transaction.atomic
def walkthrough_update(
    *,
    session: WalkthroughSession,
    by,
    fields: dict,
    service_items=(),
    companions=(),
    findings=(),
    attachments=(),
    remove_attachments=(),
    submit: bool = False,
    steps=None,
    kept_token: str = "",
) -> WalkthroughSession:
    """Changes to a session its editor may still change. A draft's findings are replaced by `findings` and
    enter the ledger on submission; on a submitted session (staff only) `findings` are new ledger lines."""
    locked = WalkthroughSession.objects.select_for_update().select_related("campaign", "lead").get(pk=session.pk)
    if not can_edit_walkthrough(user=by, session=locked):
        raise PermissionDenied(_("这条走流程记录已提交或不属于您,不能修改"))
    was_submitted = locked.is_submitted
    previous_lead_id = locked.lead_id
    for name, value in fields.items():
        setattr(locked, name, value)
    pending_letter_adopt(session=locked, by=by, form_token=kept_token)
    _check_lead(locked, by=by, previous_lead_id=previous_lead_id)
    _check_facts(locked, submitting=submit or was_submitted)
    _check_sightings(by=by, findings=findings)
    minutes_settle(locked, steps)
    if was_submitted:
        new_findings = list(findings)
    elif submit:
        new_findings = list(findings)
        locked.draft_findings = []
        _mark_submitted(locked)
    else:
        new_findings = []
        locked.draft_findings = [_draft_finding(finding) for finding in findings]
    locked.full_clean()
    locked.save()
    locked.service_items.set(service_items)
    locked.companions.set(companions)
    steps_save(locked, steps)
    _remove_attachments(locked, [a.pk for a in remove_attachments])
    _add_attachments(locked, by=by, attachments=attachments, kept_token=kept_token)
    _raise_findings(locked, by=by, findings=new_findings)
    return locked


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
