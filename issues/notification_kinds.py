"""What a notification says, by kind: a notification is stored as a kind and its facts (number, title, department,
dates as ISO strings, counts), and written out when it is read, in the reader's language.

Pure: no database. `render(kind, params)` never fails: an unknown kind or a missing fact shows what is there.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy


@dataclass(frozen=True)
class Kind:
    title: str  # the short tag shown in 【】 and used as the email subject
    text: object  # a lazy string, or a lazy plural string counted by `count`
    count: str = ""  # the parameter a plural text is counted by


KINDS = {
    # The loop: who must act next.
    "handed_off": Kind(
        gettext_lazy("交办"),
        gettext_lazy("问题%(number)s「%(title)s」已交办%(department)s,整改时限%(deadline)s,请及时签收并整改。"),
    ),
    "acknowledged": Kind(
        gettext_lazy("已签收"), gettext_lazy("%(department)s已签收问题%(number)s「%(title)s」,正在整改。")
    ),
    "submitted": Kind(
        gettext_lazy("待评价"),
        gettext_lazy("%(department)s已提交问题%(number)s「%(title)s」的整改情况,请评价验收。"),
    ),
    "reopened": Kind(
        gettext_lazy("退回整改"), gettext_lazy("问题%(number)s「%(title)s」评价验收未通过,请继续整改。%(note)s")
    ),
    "closed": Kind(gettext_lazy("已销号"), gettext_lazy("问题%(number)s「%(title)s」已通过评价验收,予以销号。")),
    # Wrong department: 退回 and 改派.
    "sent_back": Kind(
        gettext_lazy("退回"),
        gettext_lazy("%(department)s退回了问题%(number)s「%(title)s」,理由:%(note)s。请改派给其他单位。"),
    ),
    "reassigned_to": Kind(
        gettext_lazy("改派"),
        gettext_lazy("问题%(number)s「%(title)s」已由%(from_department)s改派%(department)s,整改时限%(deadline)s,"
                     "请及时签收并整改。"),
    ),
    "reassigned_away": Kind(
        gettext_lazy("改派"),
        gettext_lazy("问题%(number)s「%(title)s」已改派%(department)s,%(from_department)s无需继续办理。"),
    ),
    # Joint handling.
    "assisting": Kind(
        gettext_lazy("协办"),
        gettext_lazy("问题%(number)s「%(title)s」由%(lead)s主办,请%(department)s协办:可填报协办措施并上传佐证材料。"),
    ),
    # Urging.
    "urged": Kind(
        gettext_lazy("督办"), gettext_lazy("%(by)s督办问题%(number)s「%(title)s」:%(note)s。请尽快办理并回复。")
    ),
    "urging_replied": Kind(
        gettext_lazy("督办回复"), gettext_lazy("%(department)s回复了对问题%(number)s「%(title)s」的督办:%(reply)s")
    ),
    # Extensions.
    "extension_requested": Kind(
        gettext_lazy("延期申请"),
        gettext_lazy("%(department)s申请将问题%(number)s「%(title)s」的整改时限延至%(deadline)s,理由:%(note)s。"
                     "请审批。"),
    ),
    "extension_approved": Kind(
        gettext_lazy("延期已同意"),
        gettext_lazy("问题%(number)s「%(title)s」的延期申请已同意,整改时限调整为%(deadline)s。"),
    ),
    "extension_refused": Kind(
        gettext_lazy("驳回延期"),
        gettext_lazy("问题%(number)s「%(title)s」的延期申请被驳回(%(note)s),整改时限仍为%(deadline)s。"),
    ),
    # The walker who found it hears what became of his finding.
    "finding_handed_off": Kind(
        gettext_lazy("您发现的问题"), gettext_lazy("您发现的问题%(number)s「%(title)s」已交办%(department)s整改。")
    ),
    "finding_sent_back": Kind(
        gettext_lazy("您发现的问题"),
        gettext_lazy("您发现的问题%(number)s「%(title)s」被%(department)s退回,中心将改派其他单位。"),
    ),
    "finding_closed": Kind(
        gettext_lazy("您发现的问题"), gettext_lazy("您发现的问题%(number)s「%(title)s」已整改完成并销号。谢谢您!")
    ),
    # Deadline reminders (issues.reminders).
    "due_today": Kind(
        gettext_lazy("即将到期"),
        gettext_lazy("%(department)s:问题%(number)s「%(title)s」的整改时限为今天(%(deadline)s),请抓紧整改并反馈。"),
    ),
    # A deadline on a weekend or holiday: name the day off and the last working day before it.
    "due_last_working_day": Kind(
        gettext_lazy("即将到期"),
        gettext_lazy("%(department)s:问题%(number)s「%(title)s」的整改时限为%(deadline)s(%(day_off)s),"
                     "今天是此前最后一个工作日,请于今天完成整改并反馈。"),
    ),
    "due_before_day_off": Kind(
        gettext_lazy("即将到期"),
        ngettext_lazy(
            "%(department)s:问题%(number)s「%(title)s」的整改时限为%(deadline)s(%(day_off)s),"
            "请于此前最后一个工作日%(last)s前完成整改并反馈,还剩%(days)s个工作日。",
            "%(department)s:问题%(number)s「%(title)s」的整改时限为%(deadline)s(%(day_off)s),"
            "请于此前最后一个工作日%(last)s前完成整改并反馈,还剩%(days)s个工作日。",
            "days",
        ),
        count="days",
    ),
    "due_soon": Kind(
        gettext_lazy("即将到期"),
        ngettext_lazy(
            "%(department)s:问题%(number)s「%(title)s」的整改时限为%(deadline)s,还剩%(days)s个工作日,请抓紧整改并反馈。",
            "%(department)s:问题%(number)s「%(title)s」的整改时限为%(deadline)s,还剩%(days)s个工作日,请抓紧整改并反馈。",
            "days",
        ),
        count="days",
    ),
    "overdue": Kind(
        gettext_lazy("超期催办"),
        ngettext_lazy(
            "%(department)s:问题%(number)s「%(title)s」的整改时限为%(deadline)s,已超期%(days)s个工作日,请尽快整改并反馈。",
            "%(department)s:问题%(number)s「%(title)s」的整改时限为%(deadline)s,已超期%(days)s个工作日,请尽快整改并反馈。",
            "days",
        ),
        count="days",
    ),
    "escalation": Kind(
        gettext_lazy("超期通报"),
        ngettext_lazy(
            "%(department)s的问题%(number)s「%(title)s」整改时限为%(deadline)s,已超期%(days)s个工作日仍未整改到位,特此通报。",
            "%(department)s的问题%(number)s「%(title)s」整改时限为%(deadline)s,已超期%(days)s个工作日仍未整改到位,特此通报。",
            "days",
        ),
        count="days",
    ),
    # A calendar change counted the deadline again (issues.deadlines).
    "deadline_recounted": Kind(
        gettext_lazy("整改时限调整"),
        gettext_lazy("%(year)s年节假日安排有变化,问题%(number)s「%(title)s」的整改时限按规则重新计算,"
                     "由%(old)s调整为%(deadline)s。"),
    ),
}
PROVISIONAL_SUFFIX = gettext_lazy("(该年节假日尚未确认完整,工作日暂按周一至周五计算)")
DAYS_OFF = {"holiday": gettext_lazy("节假日"), "weekend": gettext_lazy("周末")}
TEXT = "text"  # a sentence stored as is (notifications written before kinds existed)


class _Lenient(dict):
    def __missing__(self, key):
        return "—"


def title(kind: str) -> str:
    found = KINDS.get(kind)
    return str(found.title) if found else _("通知")


def render(kind: str, params: dict) -> str:
    """The notification's sentence in the active language, its tag first."""
    params = params or {}
    found = KINDS.get(kind)
    if found is None:
        return str(params.get("text", ""))
    values = _Lenient({key: _shown(key, value) for key, value in params.items()})
    if found.count:
        values[found.count] = int(params.get(found.count) or 0)
        text = str(found.text % values)  # the plural form is chosen by the count in the reader's language
    else:
        text = str(found.text) % values
    if params.get("provisional"):
        text += str(PROVISIONAL_SUFFIX)
    return _("【%(tag)s】%(text)s") % {"tag": found.title, "text": text}


def _shown(key: str, value):
    if key == "day_off":
        return str(DAYS_OFF.get(value, value))
    if key in {"note", "reply"} and not value:
        return "—"
    if key == "deadline" and not value:
        return _("未定")
    return value
