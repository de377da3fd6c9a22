"""Reads of the ledger, always through the user's scope."""

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from campaigns.roles import Role, roles_of
from campaigns.scope import liaison_department, sees_everything
from issues.models import Issue, IssueEvent


def issue_scope_q(user) -> Q:
    """The issues a user may read: all for staff and leaders, his department's subtree for a liaison,
    and for a participant the ones he reported or that came from his walkthroughs."""
    if sees_everything(user):
        return Q()
    visible = Q(pk__in=[])
    department = liaison_department(user)
    if department is not None:
        visible |= department.subtree_q("department")
    if Role.PARTICIPANT in roles_of(user):
        visible |= Q(created_by=user) | Q(walkthrough__lead__user=user)
    return visible


def issue_list(*, user, filters: dict | None = None) -> QuerySet[Issue]:
    """The ledger as this user may see it, optionally narrowed by plain field filters."""
    queryset = Issue.objects.filter(issue_scope_q(user)).select_related(
        "department", "service_item", "walkthrough", "walkthrough__campaign"
    )
    return queryset.filter(**(filters or {}))


def issue_get(*, user, pk: int) -> Issue:
    """One issue, or 404 when it does not exist or lies outside the user's scope."""
    return get_object_or_404(issue_list(user=user), pk=pk)


def overdue_q(today) -> Q:
    """Overdue is derived: the deadline has passed and the issue is not closed."""
    return Q(deadline__lt=today) & ~Q(stage=Issue.Stage.CLOSED)


def with_ledger_facts(queryset: QuerySet[Issue], *, today) -> QuerySet[Issue]:
    """Issues annotated with what the ledger shows beside them: overdue or not, and when they were closed."""
    closed_events = IssueEvent.objects.filter(issue=OuterRef("pk"), to_stage=Issue.Stage.CLOSED).order_by("-created_at")
    return queryset.annotate(
        is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()),
        closed_at=Subquery(closed_events.values("created_at")[:1]),
    )
