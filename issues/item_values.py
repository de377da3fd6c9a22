"""What a closed rectification does to the service items its reductions name (四减 → the item's own values).

A reduction of the time limit, steps, materials, trips or fees may name the service items it changed. While the
issue is open the items keep their values; when it is closed each named item takes the reduction's "after"
value, under a row lock, with a history row (simple-history) saying which ledger line changed it. A time limit
cut to 0 working days makes the item instant (即办件; an item with no promised limit on record stays without
one). The dashboard's before → after totals read that history.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.models import ServiceItem
from issues.models import Issue, Reduction

ITEM_FIELD = {
    Reduction.Kind.TIME_LIMIT: "promised_limit_days",
    Reduction.Kind.STEPS: "step_count",
    Reduction.Kind.MATERIALS: "material_count",
    Reduction.Kind.TRIPS: "trip_count",
    Reduction.Kind.FEES: "fee_yuan",
}


def set_reduction_items(*, reduction: Reduction, items) -> None:
    """Name the service items a reduction changes; a fractional count (2.5 steps) cannot name an item."""
    items = list(items)
    if items and reduction.kind != Reduction.Kind.FEES and reduction.after != int(reduction.after):
        raise ValidationError({"reductions": _("“%(kind)s”压减后须为整数才能更新事项") % {
            "kind": reduction.get_kind_display()
        }})
    reduction.service_items.set(items)


def apply_reductions_to_items(*, issue: Issue, by) -> list[ServiceItem]:
    """Give the items named by the closed issue's reductions their new values; returns the items changed.
    Runs inside the closing transaction (issues.services.issue_transition)."""
    changed = []
    for reduction in issue.reductions.all():
        field = ITEM_FIELD[reduction.kind]
        value = reduction.after if reduction.kind == Reduction.Kind.FEES else int(reduction.after)
        for item in ServiceItem.objects.select_for_update().filter(reductions=reduction).order_by("pk"):
            if reduction.kind == Reduction.Kind.TIME_LIMIT:
                item.is_instant = value == 0
                if value == 0 and item.promised_limit_days is None:
                    value_to_set = None  # a sub-item with no promise on record becomes instant, not "0 days"
                else:
                    value_to_set = value
                setattr(item, field, value_to_set)
            else:
                setattr(item, field, value)
            item._history_user = by
            item._change_reason = _("台账%(number)s整改销号") % {"number": issue.number}
            item.save()
            changed.append(item)
    return changed
