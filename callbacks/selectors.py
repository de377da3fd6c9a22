"""Reads of the callback ledger through the user's scope, and the figures reports print from it."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from callbacks.models import Callback
from campaigns.scope import liaison_department, sees_everything
from reports.figures import ratio
from reports.filters import ReportFilters
from reports.selectors import period_q


def callback_list(*, user) -> QuerySet[Callback]:
    """Callbacks the user may read: all for staff and leaders, his department's subtree for a liaison."""
    callbacks = Callback.objects.select_related("department", "service_item", "follow_up_issue")
    if sees_everything(user):
        return callbacks
    department = liaison_department(user)
    if department is None:
        return callbacks.none()
    return callbacks.filter(department.subtree_q("department"))


@dataclass(frozen=True)
class CallbackFigures:
    callbacks: int = 0
    complaints: int = 0
    good: int = 0  # 非常满意 + 满意
    problems: int = 0  # callbacks that became a ledger line

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return ratio(self.good, self.callbacks)


def callback_figures(*, user, filters: ReportFilters) -> CallbackFigures:
    """Callbacks, complaints and satisfaction over the report's period and department subtree (campaigns do not
    apply: a callback belongs to a day, not to a campaign), in one aggregate query."""
    callbacks = callback_list(user=user).filter(period_q("called_on", filters, is_datetime=False))
    if filters.department:
        callbacks = callbacks.filter(filters.department.subtree_q("department"))
    if filters.campaign and not (filters.date_from or filters.date_to):
        callbacks = callbacks.filter(called_on__range=(filters.campaign.starts_on, filters.campaign.ends_on))
    totals = callbacks.aggregate(
        callbacks=Count("pk"), complaints=Count("pk", filter=Q(is_complaint=True)),
        good=Count("pk", filter=Q(result__in=Callback.GOOD_RESULTS)),
        problems=Count("pk", filter=Q(follow_up_issue__isnull=False)),
    )
    return CallbackFigures(**totals)
