"""The 工作简报: the paragraph the seeds write by hand, written from the dashboard's figures.

Pure functions of a DashboardFigures — no database. A clause about something that did not happen
(no proxy walkthroughs, nothing fixed on the spot, no reductions) is left out, never printed as 0.
"""

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from reports.comparison import ABOVE_COUNTY, region_sentence
from reports.figures import DashboardFigures
from reports.filters import ReportFilters
from reports.punctuation import as_published
from reports.tables import number_text, percent_text


def long_date(day: datetime.date) -> str:
    # A date format (Django's `date` filter letters) per language: 2026年11月30日 / November 30, 2026.
    return date_format(day, _("Y年n月j日"))


def short_date(day: datetime.date) -> str:
    return date_format(day, _("n月j日"))  # 11月30日 / November 30


def subject(filters: ReportFilters, *, base=None) -> str:
    """Who and when the figures are about: "县市场监管局在“我陪群众走流程”活动中", "2026年3月1日至6月30日"…
    A report about a city or province (`base`, with no department filtered) is named after it: "云川市…"."""
    parts = []
    if filters.department:
        parts.append(filters.department.name)
    elif base is not None and base.kind in ABOVE_COUNTY:
        parts.append(base.name)
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
    text = parts[0]
    for part in parts[1:]:  # Chinese runs the parts together, English puts a space between
        text = pgettext("two parts of a briefing's subject", "%(first)s%(next)s") % {"first": text, "next": part}
    return text


def run_on(sentences: list[str]) -> str:
    """Whole sentences one after the other: Chinese runs them together after its 。, English puts a space between."""
    text = ""
    for sentence in sentences:
        text = pgettext("two sentences in a row", "%(sentence)s%(next)s") % {"sentence": text, "next": sentence} \
            if text else sentence
    return text


def walkthrough_sentence(figures: DashboardFigures) -> str:
    if not figures.sessions:
        return ""
    text = ngettext("已开展“走流程”%(n)s次", "已开展“走流程”%(n)s次", figures.sessions) % {"n": figures.sessions}
    held = [m for m in figures.sessions_by_mode if m.count]
    if len(held) == 1:
        text += _(",均为%(mode)s") % {"mode": held[0].label}
    elif held:
        modes = _("、").join(_("%(mode)s%(n)s次") % {"mode": m.label, "n": m.count} for m in held)
        text += _(",其中%(modes)s") % {"modes": modes}
    if figures.departments_covered:
        covered = figures.departments_covered
        text += ngettext(",覆盖%(n)s个部门(单位)", ",覆盖%(n)s个部门(单位)", covered) % {"n": covered}
    return text


LEADER_LEVELS = ("county_leader", "township_leader", "department_head", "deputy", "section_chief")


def participant_groups(figures: DashboardFigures) -> list[tuple[str, int]]:
    """Who walked, by what they are, each with its count: 领导干部 (every leading level), 窗口工作人员, 社会监督员 —
    zeros left out."""
    walked = {row.level: row.walked for row in figures.by_level}
    leaders = sum(walked.get(level, 0) for level in LEADER_LEVELS)
    window, supervisors = walked.get("window_staff", 0), walked.get("social_supervisor", 0)
    groups = [
        (ngettext("领导干部%(n)s人", "领导干部%(n)s人", leaders) % {"n": leaders}, leaders),
        (ngettext("窗口工作人员%(n)s人", "窗口工作人员%(n)s人", window) % {"n": window}, window),
        (ngettext("社会监督员%(n)s人", "社会监督员%(n)s人", supervisors) % {"n": supervisors}, supervisors),
    ]
    return [(phrase, n) for phrase, n in groups if n]


def people_sentence(figures: DashboardFigures) -> str:
    walked = figures.officials_walked
    if not walked:
        return ""
    groups = participant_groups(figures)
    if len(groups) == 1 and groups[0][1] == walked:
        text = _("参与%(group)s") % {"group": groups[0][0]}
    else:
        text = ngettext("参与走流程人员%(n)s人", "参与走流程人员%(n)s人", walked) % {"n": walked}
        if groups:
            text += _("(%(parts)s)") % {"parts": _("、").join(phrase for phrase, _n in groups)}
    if figures.roster:
        text += _(",占名册%(roster)s人的%(share)s") % {
            "roster": figures.roster, "share": percent_text(figures.walked_share)
        }
    heads = next((row for row in figures.by_level if row.level == "department_head"), None)
    if heads is not None and heads.walked:
        values = {"n": heads.walked, "roster": heads.roster}
        if heads.walked == heads.roster:
            text += ngettext(",部门“一把手”%(n)s人全部参与", ",部门“一把手”%(n)s人全部参与", heads.walked) % values
        else:
            text += ngettext(
                ",部门“一把手”%(n)s人参与(名册%(roster)s人)", ",部门“一把手”%(n)s人参与(名册%(roster)s人)", heads.walked
            ) % values
    return text


def problem_sentence(figures: DashboardFigures) -> str:
    problems = figures.kind("problem")
    if problems is None or not problems.found:
        return ""
    text = ngettext("共发现问题%(n)s个", "共发现问题%(n)s个", problems.found) % {"n": problems.found}
    if problems.rectified:
        text += _(",已整改%(n)s个,整改率%(rate)s") % {"n": problems.rectified, "rate": percent_text(problems.rate)}
    done = []
    if problems.fixed_on_spot:
        done.append(_("立行立改%(n)s个") % {"n": problems.fixed_on_spot})
    if problems.long_term_rule:
        rules = problems.long_term_rule
        done.append(ngettext("建章立制%(n)s项", "建章立制%(n)s项", rules) % {"n": rules})
    if done:
        text += _(";其中%(items)s") % {"items": _(",").join(done)}
    return text + _("。")


def suggestion_sentence(figures: DashboardFigures) -> str:
    suggestions = figures.kind("suggestion")
    if suggestions is None or not suggestions.found:
        return ""
    text = ngettext("收到意见建议%(n)s条", "收到意见建议%(n)s条", suggestions.found) % {"n": suggestions.found}
    if suggestions.rectified and suggestions.rectified == suggestions.found:
        text += _(",已全部落实")
    elif suggestions.rectified:
        text += _(",已落实%(n)s条") % {"n": suggestions.rectified}
    done = []
    if suggestions.fixed_on_spot:
        done.append(_("立行立改%(n)s条") % {"n": suggestions.fixed_on_spot})
    if suggestions.long_term_rule:
        done.append(_("整改并长效坚持%(n)s条") % {"n": suggestions.long_term_rule})
    if done:
        text += _(",其中%(items)s") % {"items": _("、").join(done)}
    return text + _("。")


def evaluation_sentence(figures: DashboardFigures) -> str:
    """Callbacks are counted only where one was recorded; the rate is over evaluations and says so."""
    parts = []
    if figures.callbacks:
        parts.append(_("经二次回访%(n)s个") % {"n": figures.callbacks})
    if figures.evaluated:
        parts.append(ngettext(
            "验收评价%(n)s个,好评率%(rate)s(按评价结果计,非常满意和满意为好评)",
            "验收评价%(n)s个,好评率%(rate)s(按评价结果计,非常满意和满意为好评)", figures.evaluated,
        ) % {"n": figures.evaluated, "rate": percent_text(figures.satisfaction_rate)})
    return _(";").join(parts) + _("。") if parts else ""


def issue_sentences(figures: DashboardFigures) -> list[str]:
    if not figures.found:
        return []
    sentences = [text for text in (problem_sentence(figures), suggestion_sentence(figures)) if text]
    if figures.average_working_days is not None:
        days = number_text(figures.average_working_days)
        sentences.append(ngettext(
            "问题从发现到整改完成平均用时%(days)s个工作日。",
            "问题从发现到整改完成平均用时%(days)s个工作日。", _counted(days),
        ) % {"days": days})
    if evaluation := evaluation_sentence(figures):
        sentences.append(evaluation)
    if figures.overdue:
        sentences.append(ngettext(
            "目前仍有%(n)s个问题超过整改时限,正在督促整改。",
            "目前仍有%(n)s个问题超过整改时限,正在督促整改。", figures.overdue,
        ) % {"n": figures.overdue})
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


def item_sentence(figures: DashboardFigures) -> str:
    """Seed 003's sentence: the items' total promised time limit and instant items, before and after; then the
    items a rectification changed by name (seed 002: "由3日提速为即来即办")."""
    parts = []
    totals = figures.item_totals
    if totals is not None and totals.changed:
        text = _("%(items)s个政务服务事项总承诺时限由%(before)s个工作日压减至%(after)s个工作日") % {
            "items": totals.items, "before": totals.promised_before, "after": totals.promised_after
        }
        if totals.statutory_days > totals.promised_after:
            text += _(",比法定时限%(statutory)s个工作日缩短%(saved)s个工作日") % {
                "statutory": totals.statutory_days, "saved": totals.statutory_days - totals.promised_after
            }
        if totals.instant_after != totals.instant_before:
            text += _(";即办事项由%(before)s项增加至%(after)s项") % {
                "before": totals.instant_before, "after": totals.instant_after
            }
        parts.append(text)
    changes = []
    for change in figures.item_changes:
        item = change.name
        if change.items > 1:
            item = _("%(item)s等%(n)s个事项") % {"item": change.name, "n": change.items}
        values = {"item": item, "before": number_text(change.before), "after": number_text(change.after)}
        if change.after == 0:
            changes.append(ngettext(
                "%(item)s由%(before)s个工作日提速为即来即办",
                "%(item)s由%(before)s个工作日提速为即来即办", _counted(values["before"]),
            ) % values)
        else:
            changes.append(ngettext(
                "%(item)s由%(before)s个工作日缩短到%(after)s个工作日",
                "%(item)s由%(before)s个工作日缩短到%(after)s个工作日", _counted(values["after"]),
            ) % values)
    if changes:
        parts.append(_("其中") + _(",").join(changes))
    return _(";").join(parts) + _("。") if parts else ""


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
    """The briefing as paragraphs of plain text, in full-width marks when Chinese (reports.punctuation); an empty list
    when there is nothing to report."""
    if figures.is_empty:
        return []
    opening = [part for part in (walkthrough_sentence(figures), people_sentence(figures)) if part]
    lead = _("截至%(date)s,%(subject)s") % {
        "date": short_date(figures.as_of), "subject": subject(figures.filters, base=figures.base)}
    paragraphs = []
    if opening:
        paragraphs.append(lead + _(";").join(opening) + _("。"))
        issue_lead = ""
    else:
        issue_lead = lead
    issues = issue_sentences(figures)
    if issues:
        paragraphs.append(issue_lead + run_on(issues))
    if reduction := reduction_sentence(figures):
        paragraphs.append(reduction)
    if items := item_sentence(figures):
        paragraphs.append(items)
    if regions := region_sentence(figures.by_region):
        paragraphs.append(regions)
    return [as_published(paragraph) for paragraph in paragraphs]


def briefing_text(figures: DashboardFigures) -> str:
    """What the copy button puts on the clipboard."""
    return "\n".join(briefing_paragraphs(figures))
