"""Reads of campaigns, the roster and walkthroughs, through the user's scope."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from campaigns.models import Campaign, Department, Official, PendingAttachment, ServiceItem, WalkthroughSession
from campaigns.roles import Role, roles_of
from campaigns.scope import (
    campaign_scope_q,
    departments_in_scope,
    liaison_department,
    oversees_everything,
    reads_subtree,
    subtree_scope_q,
)


def walkthrough_scope_q(user) -> Q:
    """Sessions a user may read: for staff all those walked in their subtree, drafts included; submitted ones of
    the subtree for leaders, and for a liaison the submitted ones touching his department (walked there, about
    its service items, or raising its issues); a participant his own, drafts included, and the submitted ones he
    walked as a companion (the roster counts him as having walked them). A draft is nobody else's business until it
    is submitted."""
    roles = roles_of(user)
    if oversees_everything(user):  # the whole tree: no department test needed (the same rows, at scale much faster)
        if Role.CENTER_STAFF in roles or user.is_superuser:
            return Q()
        if Role.LEADER in roles:
            return Q(status=WalkthroughSession.Status.SUBMITTED)
    in_subtree = subtree_scope_q(user, "department")
    if Role.CENTER_STAFF in roles:
        return in_subtree | Q(created_by=user)
    submitted = Q(status=WalkthroughSession.Status.SUBMITTED)
    visible = Q(pk__in=[])
    if Role.LEADER in roles:
        visible |= submitted & in_subtree
    department = liaison_department(user)
    if department is not None:
        visible |= submitted & (
            department.subtree_q("department")
            | department.subtree_q("service_items__department")
            | department.subtree_q("issues__department")
        )
    if Role.PARTICIPANT in roles:
        joined = WalkthroughSession.companions.through.objects.filter(official__user=user)
        visible |= Q(created_by=user) | Q(lead__user=user) | (submitted & Q(pk__in=joined.values("walkthroughsession")))
    return visible


def walkthrough_list(*, user) -> QuerySet[WalkthroughSession]:
    scope = walkthrough_scope_q(user)
    # A scope through many-valued relations (a liaison's service items, issues) would repeat rows: it is applied
    # as a set of ids. A scope on the session's own columns is applied directly.
    visible = Q(pk__in=WalkthroughSession.objects.filter(scope).values("pk")) if _joins_many(scope) else scope
    # Explicit order: Meta.ordering is dropped once a caller annotates a count (a GROUP BY query).
    return (
        WalkthroughSession.objects.filter(visible)
        .select_related("campaign", "department", "lead")
        .order_by("-occurred_at", "-pk")
    )


def _joins_many(q: Q, model=WalkthroughSession) -> bool:
    """Whether a filter reaches through a many-valued relation (many-to-many or a reverse foreign key), which
    would repeat a row once per related row."""
    for child in q.children:
        if isinstance(child, Q):
            if _joins_many(child, model):
                return True
            continue
        current = model
        for part in child[0].split("__"):
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:  # a lookup (in, startswith, …), not a field
                break
            if field.many_to_many or field.one_to_many:
                return True
            if not field.is_relation:
                break
            current = field.related_model
    return False


def walkthrough_get(*, user, pk: int) -> WalkthroughSession:
    """One session, or 404 outside the user's scope."""
    return get_object_or_404(walkthrough_list(user=user), pk=pk)


def pending_attachment_list(*, user, form_token: str | None = None) -> QuerySet[PendingAttachment]:
    """Files kept from refused walkthrough forms: only their uploader's, and of one form when `form_token` is given.
    Nobody else — not even center staff — may see a file the walker has not yet saved with a record."""
    if not user.is_authenticated:
        return PendingAttachment.objects.none()
    kept = PendingAttachment.objects.filter(uploaded_by=user)
    return kept if form_token is None else kept.filter(form_token=form_token)


def walkthrough_mode_counts(queryset: QuerySet[WalkthroughSession]) -> list[tuple[str, str, int]]:
    """(mode, label, sessions) for every mode, zeros included, in the order of the modes."""
    counts = dict(queryset.order_by().values_list("mode").annotate(n=Count("pk", distinct=True)))
    return [(mode.value, mode.label, counts.get(mode.value, 0)) for mode in WalkthroughSession.Mode]


def campaign_list(*, user) -> QuerySet[Campaign]:
    """Campaigns this user takes part in or oversees (campaigns.scope.campaign_scope_q)."""
    return Campaign.objects.filter(campaign_scope_q(user))


def campaign_rows(*, user) -> QuerySet[Campaign]:
    """Campaigns with how many sessions have been submitted in each — the sessions this user may read."""
    sessions = walkthrough_list(user=user).filter(status=WalkthroughSession.Status.SUBMITTED)
    counts = sessions.filter(campaign=OuterRef("pk")).order_by().values("campaign").annotate(n=Count("pk")).values("n")
    return campaign_list(user=user).annotate(
        session_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
    ).order_by("-starts_on", "-pk")


def campaign_get(*, user, pk: int) -> Campaign:
    """One campaign, or 404 when it is neither his level's nor one he oversees."""
    return get_object_or_404(campaign_list(user=user).prefetch_related("departments", "service_items"), pk=pk)


def current_campaign(*, user) -> Campaign | None:
    """The campaign running today that this user sees (the lowest level first: a county's own over the city's),
    else the latest one he sees."""
    today = timezone.localdate()
    visible = campaign_list(user=user)
    running = visible.filter(starts_on__lte=today, ends_on__gte=today).exclude(status=Campaign.Status.CLOSED)
    return (
        running.order_by(F("level_unit__depth").desc(nulls_last=True), "-starts_on", "-pk").first()
        or visible.order_by("-starts_on", "-pk").first()
    )


def campaign_running_on(day) -> Campaign | None:
    """The campaign whose period covers `day` (the latest-starting one when several overlap), else None: where
    an issue from 12345, a callback or a 恳谈会 belongs unless staff choose otherwise."""
    return Campaign.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on", "-pk").first()


def roster_scope_q(user) -> Q | None:
    """The roster rows a user may read: his node's subtree for staff, leaders and liaisons; None when he may not
    read the roster at all (participants, unbound accounts)."""
    scope = subtree_scope_q(user, "department")
    if scope == Q(pk__in=[]):
        return None
    return scope


def can_read_roster(user) -> bool:
    return roster_scope_q(user) is not None


def roster_list(*, user) -> QuerySet[Official]:
    """The roster as this user may read it (empty for those who may not)."""
    scope = roster_scope_q(user)
    queryset = Official.objects.select_related("department", "user").order_by(
        "department__path", level_rank(), "name"
    )
    return queryset.filter(scope) if scope is not None else queryset.none()


def level_rank() -> Case:
    """Officials by seniority: the order the levels are declared in, county leaders first."""
    return Case(
        *[When(level=value, then=Value(rank)) for rank, value in enumerate(Official.Level.values)],
        default=Value(99), output_field=IntegerField(),
    )


def roster_official_get(*, user, pk: int) -> Official:
    return get_object_or_404(roster_list(user=user), pk=pk)


def walked_sessions(campaign: Campaign) -> QuerySet[WalkthroughSession]:
    """The sessions that count as walks: submitted ones of the campaign."""
    return WalkthroughSession.objects.filter(campaign=campaign, status=WalkthroughSession.Status.SUBMITTED)


def with_walks(queryset: QuerySet[Official], campaign: Campaign | None, *, start=None, end=None) -> QuerySet[Official]:
    """Officials annotated with `walks` (sessions of the campaign he led or joined, between the dates `start`
    and `end` when given) and `walked` (any)."""
    if campaign is None:
        return queryset.annotate(walks=Value(0, output_field=IntegerField()), walked=Value(False))
    sessions = walked_sessions(campaign).order_by()
    if start:
        sessions = sessions.filter(occurred_at__date__gte=start)
    if end:
        sessions = sessions.filter(occurred_at__date__lte=end)
    led = sessions.filter(lead=OuterRef("pk")).values("campaign").annotate(n=Count("pk")).values("n")
    joined = (
        sessions.filter(companions=OuterRef("pk")).exclude(lead=OuterRef("pk"))
        .values("campaign").annotate(n=Count("pk")).values("n")
    )
    return queryset.annotate(
        walks=Coalesce(Subquery(led, output_field=IntegerField()), 0)
        + Coalesce(Subquery(joined, output_field=IntegerField()), 0),
        walked=Exists(sessions.filter(Q(lead=OuterRef("pk")) | Q(companions=OuterRef("pk")))),
    )


def campaign_departments_q(campaign: Campaign | None) -> Q:
    """Officials of the campaign's departments (sub-units included); everyone when it names none."""
    scope = Q()
    if campaign is not None:
        for department in campaign.departments.all():
            scope |= department.subtree_q("department")
    return scope


def walking_roster(campaign: Campaign | None = None) -> QuerySet[Official]:
    """Who is expected to walk: active officials on the walking roster (not liaison-only or admin accounts), of
    the campaign's departments when it names some. Every walked/roster figure counts over these rows."""
    return Official.objects.filter(is_active=True, expected_to_walk=True).filter(campaign_departments_q(campaign))


def official_list(*, active_only: bool = True) -> QuerySet[Official]:
    queryset = Official.objects.select_related("department")
    return queryset.filter(is_active=True) if active_only else queryset


def official_of(user) -> Official | None:
    return Official.objects.filter(user=user).select_related("department").first() if user.is_authenticated else None


def department_list(*, user=None) -> QuerySet[Department]:
    """Departments in tree order: those in the user's scope, or the whole tree when no user is given
    (reference data: admin, demo loaders)."""
    if user is None:
        return Department.objects.get_tree()
    return departments_in_scope(user)


def service_item_list() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.select_related("department")


def _offered_q(user, departments, *on_walks: str) -> Q:
    """What a choice may offer: rows of `departments` (by default the user's scope, campaigns.scope), and for a
    participant, who reads only his own records, the rows on those records (`on_walks`: the relations to them)."""
    offered = Q(department__in=departments_in_scope(user) if departments is None else departments)
    if not reads_subtree(user):
        own = walkthrough_list(user=user).values("pk")
        for relation in on_walks:
            offered |= Q(**{f"{relation}__in": own})
    return offered


def official_choices(*, user, departments=None) -> QuerySet[Official]:
    """The officials a user may be offered in a form or filter: those of his scope's departments (or of
    `departments`), and for a participant those on his own walks — never another county's people."""
    ids = Official.objects.filter(
        _offered_q(user, departments, "led_walkthroughs", "joined_walkthroughs")
    ).values("pk")
    return Official.objects.filter(pk__in=ids).select_related("department")


def service_item_choices(*, user, departments=None) -> QuerySet[ServiceItem]:
    """The service items a user may be offered: those of his scope's departments (or of `departments`), and for
    a participant those of his own walks."""
    ids = ServiceItem.objects.filter(_offered_q(user, departments, "walkthroughs")).values("pk")
    return service_item_list().filter(pk__in=ids)


def service_center_of(node: Department | None) -> Department | None:
    """The 政务服务中心 of the county, city or province `node` lies in (a unit of kind service_center directly under
    that region), or None when the tree has none there or `node` is None."""
    if node is None:
        return None
    region = node.region()
    return (Department.objects.filter(path__startswith=region.path, depth=region.depth + 1,
                                      kind=Department.Kind.SERVICE_CENTER).order_by("path").first())
