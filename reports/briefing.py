"""The 工作简报: the paragraph the seeds write by hand, written from the dashboard's figures.

Pure functions of a DashboardFigures — no database. A clause about something that did not happen
(no proxy walkthroughs, nothing fixed on the spot, no reductions) is left out, never printed as 0.
"""

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.figures import DashboardFigures
from reports.filters import ReportFilters
from reports.tables import number_text, percent_text


def long_date(day: datetime.date) -> str:
    # A date format (Django's `date` filter letters) per language: 2026年11月30日 / November 30, 2026.
    return date_format(day, _("Y年n月j日"))


def short_date(day: datetime.date) -> str:
    return date_format(day, _("n月j日"))  # 11月30日 / November 30


def subject(filters: ReportFilters) -> str:
    """Who and when the figures are about: "县市场监管局在“我陪群众走流程”活动中", "2026年3月1日至6月30日"…"""
    parts = []
    if filters.department:
        parts.append(filters.department.name)
    if filters.date_from or filters.date_to:
        start = long_date(filters.date_from) if filters.date_from else None
        end = long_date(filters.date_to) if filters.date_to else None
        if start and end:
            parts.append(_("%(start)s至%(end)s") % {"start": start, "end": end})
        elif start:
            parts.append(_("自%(start)s以来") % {"start": start})
        else:
            parts.append(_("%(end)s前") % {"end": end})
    if filters.campaign:
        theme = filters.campaign.theme
        quoted = theme if theme.startswith(("“", "\"", "「")) else _("“%(theme)s”") % {"theme": theme}
        parts.append(_("在%(theme)s活动中") % {"theme": quoted})
    if not parts:
        parts.append(_("累计"))
    return "".join(parts)


def walkthrough_sentence(figures: DashboardFigures) -> str:
    if not figures.sessions:
        return ""
    text = _("已开展“走流程”%(n)s次") % {"n": figures.sessions}
    held = [m for m in figures.sessions_by_mode if m.count]
    if len(held) == 1:
        text += _(",均为%(mode)s") % {"mode": held[0].label}
    elif held:
        modes = _("、").join(_("%(mode)s%(n)s次") % {"mode": m.label, "n": m.count} for m in held)
        text += _(",其中%(modes)s") % {"modes": modes}
    if figures.departments_covered:
        text += _(",覆盖%(n)s个部门(单位)") % {"n": figures.departments_covered}
    return text


def people_sentence(figures: DashboardFigures) -> str:
    if not figures.officials_walked:
        return ""
    if figures.roster:
        return _("参与领导干部%(n)s人,占名册%(roster)s人的%(share)s") % {
            "n": figures.officials_walked, "roster": figures.roster, "share": percent_text(figures.walked_share)
        }
    return _("参与领导干部%(n)s人") % {"n": figures.officials_walked}


def issue_sentences(figures: DashboardFigures) -> list[str]:
    if not figures.found:
        return []
    first = _("共发现问题%(n)s个") % {"n": figures.found}
    if figures.rectified:
        first += _(",已整改%(n)s个,整改率%(rate)s") % {
            "n": figures.rectified, "rate": percent_text(figures.rectification_rate)
        }
    done = []
    if figures.fixed_on_spot:
        done.append(_("立行立改%(n)s个") % {"n": figures.fixed_on_spot})
    if figures.long_term_rule:
        done.append(_("建章立制%(n)s项") % {"n": figures.long_term_rule})
    if done:
        first += _(";其中%(items)s") % {"items": _(",").join(done)}
    sentences = [first + _("。")]
    if figures.average_working_days is not None:
        sentences.append(_("问题从发现到整改完成平均用时%(days)s个工作日。") % {
            "days": number_text(figures.average_working_days)
        })
    if figures.evaluated:
        sentences.append(_("经回访评价%(n)s个,好评率%(rate)s。") % {
            "n": figures.evaluated, "rate": percent_text(figures.satisfaction_rate)
        })
    if figures.overdue:
        sentences.append(_("目前仍有%(n)s个问题超过整改时限,正在督促整改。") % {"n": figures.overdue})
    return sentences


def _counted(n: str) -> int:
    """The number a plural form is chosen by: "1" → 1, "2.5" → 2 (anything but one is plural in English)."""
    return 1 if n == "1" else 2


REDUCTION_PHRASES = {
    "steps": lambda n: ngettext("减少办事环节%(n)s个", "减少办事环节%(n)s个", _counted(n)) % {"n": n},
    "materials": lambda n: ngettext("精简申请材料%(n)s份", "精简申请材料%(n)s份", _counted(n)) % {"n": n},
    "time_limit": lambda n: ngettext("压减办理时限%(n)s个工作日", "压减办理时限%(n)s个工作日", _counted(n)) % {"n": n},
    "trips": lambda n: ngettext("减少群众跑动%(n)s次", "减少群众跑动%(n)s次", _counted(n)) % {"n": n},
    "fees": lambda n: _("减免费用%(n)s元") % {"n": n},
}


def reduction_sentence(figures: DashboardFigures) -> str:
    phrases = [
        REDUCTION_PHRASES[r.kind](number_text(r.saved))
        for r in figures.reductions
        if r.saved > Decimal(0) and r.kind in REDUCTION_PHRASES
    ]
    if not phrases:
        return ""
    return _("通过整改,累计%(items)s。") % {"items": _("、").join(phrases)}


def briefing_paragraphs(figures: DashboardFigures) -> list[str]:
    """The briefing as paragraphs of plain text; an empty list when there is nothing to report."""
    if figures.is_empty:
        return []
    opening = [part for part in (walkthrough_sentence(figures), people_sentence(figures)) if part]
    lead = _("截至%(date)s,%(subject)s") % {"date": short_date(figures.as_of), "subject": subject(figures.filters)}
    paragraphs = []
    if opening:
        paragraphs.append(lead + _(";").join(opening) + _("。"))
        issue_lead = ""
    else:
        issue_lead = lead
    issues = issue_sentences(figures)
    if issues:
        paragraphs.append(issue_lead + "".join(issues))
    if reduction := reduction_sentence(figures):
        paragraphs.append(reduction)
    return paragraphs


def briefing_text(figures: DashboardFigures) -> str:
    """What the copy button puts on the clipboard."""
    return "\n".join(briefing_paragraphs(figures))
