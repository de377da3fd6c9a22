"""The callback sentence of the briefing, in the words of seed 003 ("回访3600人次,零投诉,满意率100%")."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from callbacks.selectors import CallbackFigures
from reports.tables import percent_text


def callback_sentence(figures: CallbackFigures) -> str:
    """Empty when nobody was called back; "零投诉" is said, since no complaint among many calls is news."""
    if not figures.callbacks:
        return ""
    n = figures.callbacks
    parts = [ngettext("开展办件回访%(n)s人次", "开展办件回访%(n)s人次", n) % {"n": n}]
    if figures.complaints:
        n = figures.complaints
        parts.append(ngettext("收到投诉%(n)s件", "收到投诉%(n)s件", n) % {"n": n})
    else:
        parts.append(_("零投诉"))
    parts.append(_("满意率%(rate)s") % {"rate": percent_text(figures.satisfaction_rate)})
    if figures.problems:
        n = figures.problems
        parts.append(ngettext(
            "回访发现问题%(n)s个,已转交责任单位限期整改", "回访发现问题%(n)s个,已转交责任单位限期整改", n,
        ) % {"n": n})
    return _(",").join(parts) + _("。")
