"""Reads of campaigns, the roster and walkthroughs, through the user's scope."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from campaigns.models import Campaign, Department, Official, ServiceItem, WalkthroughSession
from campaigns.roles import Role, roles_of
from campaigns.scope import liaison_department, sees_everything


def walkthrough_scope_q(user) -> Q:
    """Sessions a user may read: all for staff and leaders; for a liaison those touching his department
    (walked there, about its service items, or raising its issues); for a participant his own."""
    if sees_everything(user):
        return Q()
    visible = Q(pk__in=[])
    department = liaison_department(user)
    if department is not None:
        visible |= (
            department.subtree_q("department")
            | department.subtree_q("service_items__department")
            | department.subtree_q("issues__department")
        )
    if Role.PARTICIPANT in roles_of(user):
        visible |= Q(created_by=user) | Q(lead__user=user)
    return visible


def walkthrough_list(*, user) -> QuerySet[WalkthroughSession]:
    ids = WalkthroughSession.objects.filter(walkthrough_scope_q(user)).values("pk")
    return WalkthroughSession.objects.filter(pk__in=ids).select_related("campaign", "department", "lead")


def walkthrough_get(*, user, pk: int) -> WalkthroughSession:
    """One session, or 404 outside the user's scope."""
    return get_object_or_404(walkthrough_list(user=user), pk=pk)


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.all()


def current_campaign() -> Campaign | None:
    """The campaign running today, else the latest one."""
    today = timezone.localdate()
    running = Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today).exclude(
        status=Campaign.Status.CLOSED
    )
    return running.order_by("-starts_on").first() or Campaign.objects.order_by("-starts_on").first()


def official_list(*, active_only: bool = True) -> QuerySet[Official]:
    queryset = Official.objects.select_related("department")
    return queryset.filter(is_active=True) if active_only else queryset


def official_of(user) -> Official | None:
    return Official.objects.filter(user=user).select_related("department").first() if user.is_authenticated else None


def department_list() -> QuerySet[Department]:
    return Department.get_tree()


def service_item_list() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.select_related("department")
