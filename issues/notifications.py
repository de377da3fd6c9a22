"""The notification centre and the other ways a message reaches people: email and a group-robot webhook.

Who is told: an issue's department liaisons (the liaisons whose department subtree holds it), the center staff,
the leaders. In-app notifications are rows written in the caller's transaction; email and webhook deliveries are
best effort: a failure is logged and never undoes or breaks what caused it. Reminders go through the outbox
instead (issues.outbox): retried until they go, or shown to staff as failed.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Department
from campaigns.roles import Role
from issues.models import Issue, IssueEvent, Notification
from issues.workflow import Stage

logger = logging.getLogger(__name__)


# --- who -------------------------------------------------------------------------------------------------------

def _active_users_with_role(role: Role) -> QuerySet:
    return get_user_model().objects.filter(is_active=True, groups__name=role.value)


def department_liaisons(department: Department | None) -> list:
    """The liaisons responsible for `department`: those bound to it or to one of its ancestors."""
    if department is None:
        return []
    step = Department.steplen
    lineage = [department.path[:end] for end in range(step, len(department.path) + 1, step)]
    return list(
        _active_users_with_role(Role.DEPT_LIAISON).filter(official__department__path__in=lineage).order_by("pk")
    )


def center_staff() -> list:
    return list(_active_users_with_role(Role.CENTER_STAFF).order_by("pk"))


def leaders_and_center_staff() -> list:
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[Role.LEADER.value, Role.CENTER_STAFF.value])
        .distinct()
        .order_by("pk")
    )


# --- the notification centre -------------------------------------------------------------------------------------

def notify(*, recipients, message: str, issue: Issue | None = None, reminder=None) -> list[Notification]:
    """One unread notification per distinct recipient, written in the caller's transaction."""
    unique = {user.pk: user for user in recipients}
    max_length = Notification._meta.get_field("message").max_length
    return Notification.objects.bulk_create(
        Notification(recipient=user, issue=issue, reminder=reminder, message=message[:max_length])
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


# --- workflow events ----------------------------------------------------------------------------------------------

def _stage_change_audience(issue: Issue, event: IssueEvent) -> tuple[list, str]:
    if event.to_stage == Stage.FEEDBACK:
        return department_liaisons(issue.department), _(
            "【交办】问题%(number)s「%(title)s」已交办%(department)s,整改时限%(deadline)s,请及时签收并整改。"
        )
    if event.to_stage == Stage.RECTIFICATION and event.from_stage == Stage.EVALUATION:
        return department_liaisons(issue.department), _(
            "【退回整改】问题%(number)s「%(title)s」评价验收未通过,请继续整改。%(note)s"
        )
    if event.to_stage == Stage.RECTIFICATION:
        return center_staff(), _("【已签收】%(department)s已签收问题%(number)s「%(title)s」,正在整改。")
    if event.to_stage == Stage.EVALUATION:
        return center_staff(), _("【待评价】%(department)s已提交问题%(number)s「%(title)s」的整改情况,请评价验收。")
    if event.to_stage == Stage.CLOSED:
        return department_liaisons(issue.department), _(
            "【已销号】问题%(number)s「%(title)s」已通过评价验收,予以销号。"
        )
    return [], ""


def notify_stage_change(issue: Issue, event: IssueEvent) -> list[Notification]:
    """Tells the people who must act next that an issue moved; the actor himself is not told.

    Call it after the transition commits (`transaction.on_commit`): the rows are written at once, the emails go
    through Celery, and a broker outage loses only the emails."""
    recipients, text = _stage_change_audience(issue, event)
    recipients = [user for user in recipients if user.pk != event.actor_id]
    if not recipients:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        message = text % {
            "number": issue.number,
            "title": issue.title[:60],
            "department": issue.department.name if issue.department else "",
            "deadline": issue.deadline.isoformat() if issue.deadline else _("未定"),
            "note": event.note[:100],
        }
    created = notify(recipients=recipients, message=message, issue=issue)
    ids = [notification.pk for notification in created]

    def email_them():
        from issues.tasks import email_notifications, enqueue

        enqueue(email_notifications, ids)

    transaction.on_commit(email_them)
    return created


def notify_deadline_moved(*, issue: Issue, old_deadline, reason: str) -> list[Notification]:
    """Tells the department's liaisons that a calendar change moved their deadline: in-app in the caller's
    transaction, by e-mail once it commits."""
    recipients = department_liaisons(issue.department)
    if not recipients:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        message = _(
            "【整改时限调整】问题%(number)s「%(title)s」的整改时限由%(old)s调整为%(new)s(%(reason)s)。"
        ) % {
            "number": issue.number,
            "title": issue.title[:60],
            "old": old_deadline.isoformat(),
            "new": issue.deadline.isoformat(),
            "reason": reason,
        }
    created = notify(recipients=recipients, message=message, issue=issue)
    ids = [notification.pk for notification in created]

    def email_them():
        from issues.tasks import email_notifications, enqueue

        enqueue(email_notifications, ids)

    transaction.on_commit(email_them)
    return created


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
                subject=_("问题流转通知"),
                message=notification.message,
                issue=notification.issue,
            )
    return sent
