"""The notification centre and the other ways a message reaches people: email and a group-robot webhook.

Who is told: an issue's department liaisons (the liaisons whose department subtree holds it), the center staff,
the leaders. In-app notifications are rows written in the caller's transaction; email and webhook deliveries are
best effort: a failure is logged and never undoes or breaks what caused it. Reminders go through the outbox
instead (issues.outbox): retried until they go, or shown to staff as failed.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from campaigns.models import Department
from campaigns.roles import Role
from campaigns.scope import users_overseeing
from issues.models import Issue, IssueEvent, Notification
from issues.notification_kinds import TEXT
from issues.workflow import Stage

logger = logging.getLogger(__name__)


# --- who -------------------------------------------------------------------------------------------------------

def department_liaisons(department: Department | None) -> list:
    """The liaisons responsible for `department`: those bound to it or to one of its ancestors."""
    return list(users_overseeing(department, Role.DEPT_LIAISON).order_by("pk"))


def issue_unit(issue) -> Department | None:
    """Where an issue lives in the tree: its department, else the unit that took it in."""
    return issue.department or issue.intake_unit


def center_staff(department: Department | None) -> list:
    """The center staff whose scope holds `department` — never another county's (campaigns.scope)."""
    return list(users_overseeing(department, Role.CENTER_STAFF).order_by("pk"))


def leaders_and_center_staff(department: Department | None) -> list:
    """Leaders and center staff whose scope holds `department`: the county's, and the city's above it."""
    return list(users_overseeing(department, Role.LEADER, Role.CENTER_STAFF).order_by("pk"))


# --- the notification centre -------------------------------------------------------------------------------------

def notify(
    *, recipients, kind: str = TEXT, params: dict | None = None, issue: Issue | None = None, reminder=None,
    message: str | None = None,
) -> list[Notification]:
    """One unread notification per distinct recipient, written in the caller's transaction, stored as `kind` and
    `params` (rendered in each reader's language when read). `message` stores a ready sentence as is."""
    if message is not None:
        kind, params = TEXT, {"text": message}
    unique = {user.pk: user for user in recipients}
    return Notification.objects.bulk_create(
        Notification(recipient=user, issue=issue, reminder=reminder, kind=kind, params=params or {})
        for user in unique.values()
    )


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's own notifications, newest first; nobody reads another's."""
    return Notification.objects.filter(recipient=user).select_related("issue").order_by("-created_at", "-pk")


def notification_get(*, user, pk: int) -> Notification:
    return get_object_or_404(notification_list(user=user), pk=pk)


def unread_count(*, user) -> int:
    """One indexed COUNT on (recipient, read_at): cheap enough for every page's navbar."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, notification: Notification) -> None:
    """Marks it read once; reading it again keeps the first time."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)


def mark_all_read(*, user) -> int:
    """Marks every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# --- what happened to an issue ----------------------------------------------------------------------------------

def issue_params(issue: Issue, **more) -> dict:
    """The facts every issue notification names; dates as ISO strings (rendered as they are in both languages)."""
    params = {
        "number": issue.number,
        "title": issue.title[:60],
        "department": issue.department.name if issue.department else "",
        "deadline": issue.deadline.isoformat() if issue.deadline else "",
    }
    params.update({key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in more.items()})
    return params


def finders(issue: Issue) -> list:
    """The walkers whose finding this is: the lead of the walkthrough it came from, or the participant who logged it."""
    found = []
    walkthrough = issue.walkthrough
    lead_user = getattr(getattr(walkthrough, "lead", None), "user", None) if walkthrough else None
    if lead_user is not None and lead_user.is_active:
        found.append(lead_user)
    if issue.created_by.groups.filter(name=Role.PARTICIPANT.value).exists():
        found.append(issue.created_by)
    return found


def assisting_liaisons(issue: Issue) -> list:
    people = []
    for assistant in issue.assistants.select_related("department"):
        people += department_liaisons(assistant.department)
    return people


def _event_audience(issue: Issue, event: IssueEvent) -> list[tuple[list, str, dict]]:
    """(recipients, kind, params) for each group told about a step."""
    action = event.action or _action_of_old_event(event)
    base = issue_params(issue, note=event.note[:100])
    named = {
        "from_department": event.from_department.name if event.from_department else "",
        "department": event.to_department.name if event.to_department else base["department"],
    }
    if action == "hand_off":
        return [
            (department_liaisons(issue.department), "handed_off", base),
            *[
                (department_liaisons(assistant.department), "assisting",
                 {**base, "lead": base["department"], "department": assistant.department.name})
                for assistant in issue.assistants.select_related("department")
            ],
            (finders(issue), "finding_handed_off", base),
        ]
    if action == "reassign":
        told = [(department_liaisons(event.to_department), "reassigned_to", {**base, **named})]
        if event.from_stage != Stage.EXPERIENCE and event.from_department is not None:
            told.append((department_liaisons(event.from_department), "reassigned_away", {**base, **named}))
        return told
    if action == "send_back":
        department = event.from_department.name if event.from_department else ""
        return [
            (center_staff(issue_unit(issue)), "sent_back", {**base, "department": department}),
            (finders(issue), "finding_sent_back", {**base, "department": department}),
        ]
    if action == "acknowledge":
        return [(center_staff(issue_unit(issue)), "acknowledged", base)]
    if action == "submit":
        return [(center_staff(issue_unit(issue)), "submitted", base)]
    if action == "reject":
        return [(department_liaisons(issue.department) + assisting_liaisons(issue), "reopened", base)]
    if action == "accept":
        return [(department_liaisons(issue.department), "closed", base), (finders(issue), "finding_closed", base)]
    return []


def _action_of_old_event(event: IssueEvent) -> str:
    from issues.workflow import STEPS

    for step in STEPS:
        if event.from_stage in step.sources and event.to_stage == step.target:
            return step.action
    return ""


def notify_stage_change(issue: Issue, event: IssueEvent) -> list[Notification]:
    """Tells the people who must act next, or who want to know, that an issue moved; the actor is not told.

    Call it after the step commits (`transaction.on_commit`): the rows are written at once, the emails go
    through Celery, and a broker outage loses only the emails."""
    created = []
    with transaction.atomic():
        for recipients, kind, params in _event_audience(issue, event):
            created += tell(recipients=recipients, kind=kind, params=params, issue=issue, actor_id=event.actor_id)
    return created


def tell(*, recipients, kind: str, params: dict, issue: Issue | None, actor_id=None) -> list[Notification]:
    """Notifications for everyone but the actor, and their emails once the caller's transaction commits."""
    recipients = [user for user in recipients if user.pk != actor_id]
    if not recipients:
        return []
    created = notify(recipients=recipients, kind=kind, params=params, issue=issue)
    ids = [notification.pk for notification in created]

    def email_them():
        from issues.tasks import email_notifications, enqueue

        enqueue(email_notifications, ids)

    transaction.on_commit(email_them)
    return created


def notify_deadline_moved(*, issue: Issue, old_deadline, year: int) -> list[Notification]:
    """Tells the department's liaisons that a change of `year`'s calendar moved their deadline: in-app in the
    caller's transaction, by e-mail once it commits."""
    params = issue_params(issue, old=old_deadline, year=year)
    return tell(recipients=department_liaisons(issue.department), kind="deadline_recounted", params=params,
                issue=issue)


# --- delivery ----------------------------------------------------------------------------------------------------

def issue_link(issue: Issue | None) -> str:
    if issue is None:
        return ""
    return f"{settings.SITE_URL.rstrip('/')}{issue.get_absolute_url()}"


def send_email(*, recipients, subject: str, message: str, issue: Issue | None = None) -> int:
    """One email per recipient with an address; returns how many went out. Failures are logged, not raised."""
    addresses = sorted({user.email for user in recipients if user.email})
    if not addresses:
        return 0
    body = f"{message}\n\n{issue_link(issue)}".strip()
    subject = f"[{settings.SITE_TITLE}] {subject}"
    try:
        connection = get_connection()
        return connection.send_messages(
            [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection)
             for address in addresses]
        ) or 0
    except Exception:  # noqa: BLE001 - a mail server outage must not stop the other reminders
        logger.exception("could not email %s about %s", addresses, subject)
        return 0


def email_notifications(*, notification_ids: list[int]) -> int:
    """Emails in-app notifications (stage changes) to their recipients; returns how many emails went out."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for notification in Notification.objects.filter(pk__in=notification_ids).select_related("recipient", "issue"):
            sent += send_email(
                recipients=[notification.recipient],
                subject=notification.title,
                message=notification.message,
                issue=notification.issue,
            )
    return sent
