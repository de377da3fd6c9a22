from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tables2 import RequestConfig

from campaigns import services
from campaigns.counting import BoundedPaginator
from campaigns.files import file_response
from campaigns.filters import WalkthroughFilter
from campaigns.form_tokens import new_token, posted_token, repeated_submission, submit_once
from campaigns.forms import ChecklistForm, FindingFormSet, WalkthroughForm, finding_values
from campaigns.forms.checklist import ANSWER_LABELS, section_label
from campaigns.forms.walkthrough import MEASUREMENT_FIELDS
from campaigns.models import PendingAttachment, WalkthroughAttachment, WalkthroughSession
from campaigns.selectors import (
    campaign_list,
    current_campaign,
    official_of,
    pending_attachment_list,
    walkthrough_get,
    walkthrough_list,
    walkthrough_mode_counts,
)
from campaigns.tables import WalkthroughTable
from campaigns.views.errors import show_service_errors
from issues.selectors import issue_list


@login_required
def walkthrough_index(request):
    walkthrough_filter = WalkthroughFilter(request.GET, queryset=walkthrough_list(user=request.user), request=request)
    sessions = walkthrough_filter.qs
    table = WalkthroughTable(sessions.annotate(finding_count=Count("issues", distinct=True)))
    RequestConfig(request, paginate={"per_page": 25, "paginator_class": BoundedPaginator}).configure(table)
    context = {
        "filter": walkthrough_filter,
        "table": table,
        # Drafts are listed (so their author finds them) but counted nowhere: only submitted walks are walks.
        "mode_counts": walkthrough_mode_counts(sessions.filter(status=WalkthroughSession.Status.SUBMITTED)),
        "total": sessions.filter(status=WalkthroughSession.Status.SUBMITTED).count(),
        "draft_total": sessions.filter(status=WalkthroughSession.Status.DRAFT).count(),
    }
    return render(request, "campaigns/walkthrough_list.html", context)


def _sent_from_queue(request) -> bool:
    """The phone's offline queue sends the form by fetch and wants JSON back, not a page."""
    return request.headers.get("X-Draft-Queue") == "1"


def _queue_errors(form, checklist, findings) -> JsonResponse:
    """What the queued draft must change, by field name, for the phone to show."""
    errors = {name: [str(m) for m in found] for part in (form, checklist) for name, found in part.errors.items()}
    for finding in findings.forms:
        errors.update({f"{finding.prefix}-{name}": [str(m) for m in found] for name, found in finding.errors.items()})
    if findings.non_form_errors():
        errors["findings"] = [str(m) for m in findings.non_form_errors()]
    return JsonResponse({"ok": False, "errors": errors}, status=400)


def _keep_chosen_files(request, form, *, token: str) -> str:
    """Keeps the files of a refused POST (those that passed their checks, the authorisation letter too) under the
    form's token, which the page shown again carries, and returns that token: a fresh one when the POST came
    without."""
    token = token or new_token()
    services.pending_keep(by=request.user, form_token=token, uploads=form.chosen_uploads(), letter=form.chosen_letter())
    return token


def _kept_for(request, token: str) -> dict:
    """The files kept for this form: its photos and attachments, listed apart, and its authorisation letter,
    listed beside the letter's field."""
    kept = pending_attachment_list(user=request.user, form_token=token) if token else PendingAttachment.objects.none()
    role = PendingAttachment.Role
    return {
        "kept_files": kept.filter(role=role.ATTACHMENT),
        "kept_letter": kept.filter(role=role.AUTHORISATION).order_by("-uploaded_at", "-pk").first(),
    }


def _walkthrough_page(request, *, session=None):
    """The form for a new session (session None) or for one the user may still edit."""
    post = request.method == "POST"
    if post and session is None and (repeat := repeated_submission(request)):
        return repeat
    # Files kept from an earlier refused POST of this same form, less those the walker struck out.
    token = posted_token(request) if post else ""
    if post and token:
        services.pending_discard(by=request.user, form_token=token, pks=request.POST.getlist("discard_kept"))
    submitting = post and "save_draft" not in request.POST
    is_draft = session is None or not session.is_submitted
    if session is None:
        initial = {
            "campaign": current_campaign(user=request.user), "lead": official_of(request.user),
            "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
        }
        form = WalkthroughForm(request.POST or None, request.FILES or None, initial=initial, submitting=submitting,
                              user=request.user)
    else:
        form = WalkthroughForm(request.POST or None, request.FILES or None, instance=session, submitting=submitting,
                              user=request.user)
    open_campaigns = campaign_list(user=request.user).exclude(status="closed")
    checklist = ChecklistForm(
        request.POST or None, prefix="checklist", campaigns=open_campaigns,
        answers=session.checklist_answers if session else (), answered_campaign=session.campaign if session else None,
    )
    # A draft's findings fill the form when it opens; once posted, the posted forms alone count.
    initial_findings = session.draft_findings if session is not None and is_draft and not post else None
    findings = FindingFormSet(request.POST or None, prefix="findings", initial=initial_findings)
    if post and form.is_valid() and checklist.is_valid() and findings.is_valid():
        fields = form.session_fields()
        fields["checklist_answers"] = checklist.answers_for(form.cleaned_data["campaign"])
        relations = {
            "service_items": form.cleaned_data["service_items"],
            "companions": form.cleaned_data["companions"],
            "findings": finding_values(findings),
            "attachments": form.uploads(),
            "steps": form.timed_steps(),
            "draft_key": form.cleaned_data.get("draft_key"),
            "kept_token": token,
        }
        try:
            if session is None:
                saved, repeat = submit_once(
                    request,
                    lambda: services.walkthrough_create(by=request.user, fields=fields, submit=submitting, **relations),
                    result_url=lambda saved: saved.get_absolute_url(),
                )
                if repeat:
                    return repeat
            else:
                saved = services.walkthrough_update(
                    session=session, by=request.user, fields=fields, submit=submitting,
                    remove_attachments=form.cleaned_data.get("remove_attachments", ()), **relations,
                )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            # Said on the record's page, whether the form posted itself or the browser's queue sent it.
            if saved.is_submitted:
                messages.success(request, _submitted_text(saved))
            else:
                messages.info(request, _("已存为草稿,可以稍后继续填写并提交;草稿中的问题提交后才进入问题台账"))
            if _sent_from_queue(request):
                return JsonResponse({"ok": True, "url": saved.get_absolute_url(), "repeat": saved.was_repeat})
            return redirect(saved.get_absolute_url())
    if post and _sent_from_queue(request):
        return _queue_errors(form, checklist, findings)
    if post and request.FILES:
        token = _keep_chosen_files(request, form, token=token)
    context = {
        "form": form, "checklist": checklist, "findings": findings, "session": session, "is_draft": is_draft,
        "kept_token": token or None,
        **_kept_for(request, token),
        "raised": issue_list(user=request.user).filter(walkthrough=session) if session else [],
        "campaign_steps": {str(c.pk): c.process_steps for c in open_campaigns},
        "similar_url": reverse("issues:similar"),
    }
    return render(request, "campaigns/walkthrough_form.html", context)


def _submitted_text(session) -> str:
    """What a submitted walkthrough raised: its new issues, and its "me too" findings counted on issues already
    in the ledger (IssueSighting), when there are any."""
    issues, sightings = session.issues.count(), session.sightings.count()
    text = ngettext("走流程记录已提交,登记问题%(n)d个", "走流程记录已提交,登记问题%(n)d个", issues) % {"n": issues}
    if sightings:
        text += ngettext(
            ",另有%(n)d个“我也遇到”(记入已有问题)", ",另有%(n)d个“我也遇到”(记入已有问题)", sightings
        ) % {"n": sightings}
    return text


@login_required
def walkthrough_create(request):
    if not services.can_log_walkthrough(request.user):
        raise PermissionDenied
    return _walkthrough_page(request)


@login_required
def walkthrough_edit(request, pk):
    session = walkthrough_get(user=request.user, pk=pk)
    if not services.can_edit_walkthrough(user=request.user, session=session):
        raise PermissionDenied(_("这条走流程记录已提交或不属于您,不能修改"))
    return _walkthrough_page(request, session=session)


def _measurements(session) -> list[tuple[str, object]]:
    rows = [
        (session._meta.get_field(name).verbose_name, getattr(session, name))
        for name in MEASUREMENT_FIELDS if name not in {"guide_matches_practice", "minutes_reason"}
    ]
    matches = {True: _("一致"), False: _("不一致"), None: _("未核对")}[session.guide_matches_practice]
    return rows + [(_("办事指南与实际"), matches)]


@login_required
def walkthrough_detail(request, pk):
    session = walkthrough_get(user=request.user, pk=pk)
    answers = [
        {**item, "section_label": section_label(item.get("section", "")),
         "answer_label": ANSWER_LABELS.get(item.get("answer"), "—")}
        for item in session.checklist_answers or []
    ]
    context = {
        "session": session,
        "findings": issue_list(user=request.user).filter(walkthrough=session),
        "answers": answers,
        "measurements": _measurements(session),
        "steps": session.steps.all(),
        "sightings": session.sightings.select_related("issue"),
        "attachments": session.attachments.all(),
        "can_edit": services.can_edit_walkthrough(user=request.user, session=session),
        # The citizen's full number is for the center's callback and the walker who wrote it down; others see it masked.
        "citizen_phone": session.citizen_phone if (
            services.can_manage_campaigns(request.user) or session.created_by_id == request.user.pk
        ) else session.masked_citizen_phone,
    }
    return render(request, "campaigns/walkthrough_detail.html", context)


@login_required
def attachment_download(request, pk):
    """A photo or document, only to those who may read its session."""
    attachment = get_object_or_404(
        WalkthroughAttachment.objects.filter(session__in=walkthrough_list(user=request.user)), pk=pk
    )
    return file_response(attachment.file, content_type=attachment.content_type, original_name=attachment.original_name)


@login_required
def pending_attachment_download(request, pk):
    """A file kept from a refused walkthrough form, only to the walker who chose it."""
    kept = get_object_or_404(pending_attachment_list(user=request.user), pk=pk)
    return file_response(kept.file, content_type=kept.content_type, original_name=kept.original_name)


@login_required
def authorisation_download(request, pk):
    """The citizen's authorisation letter of a proxy walkthrough, only to those who may read the session."""
    session = walkthrough_get(user=request.user, pk=pk)
    return file_response(
        session.authorisation_form, content_type=session.authorisation_content_type,
        original_name=session.authorisation_original_name or _("授权书"),
    )
