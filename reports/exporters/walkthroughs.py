"""The walkthrough log (走流程记录表): one line per session, with what the walker measured."""

from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import WalkthroughSession
from reports.exporters.workbook import Column, Sheet, write_workbook


def walkthrough_columns() -> list[Column]:
    return [
        Column(_("序号"), 6, kind="int"),
        Column(_("活动"), 16, wrap=True),
        Column(_("体验时间"), 16, kind="datetime"),
        Column(_("走流程方式"), 12, wrap=True),
        Column(_("渠道"), 9),
        Column(_("体验单位"), 16, wrap=True),
        Column(_("体验事项"), 22, wrap=True),
        Column(_("带队人员"), 10, wrap=True),
        Column(_("同行人员"), 14, wrap=True),
        Column(_("是否预告"), 8),
        Column(_("体验对象"), 12, wrap=True),
        Column(_("等候时长(分钟)"), 9, kind="int"),
        Column(_("办理总时长(分钟)"), 9, kind="int"),
        Column(_("跑动次数"), 7, kind="int"),
        Column(_("实际要求材料数"), 9, kind="int"),
        Column(_("指南所列材料数"), 9, kind="int"),
        Column(_("指南与实际一致"), 9),
        Column(_("发现问题数"), 8, kind="int"),
        Column(_("体验感受"), 34, wrap=True),
        Column(_("状态"), 8),
    ]


def _yes_no(value) -> str:
    if value is None:
        return ""
    return _("是") if value else _("否")


def walkthrough_row(index: int, session: WalkthroughSession) -> tuple:
    """`session` has service_items and companions prefetched and a `finding_count` annotation."""
    return (
        index,
        session.campaign.theme,
        timezone.localtime(session.occurred_at).replace(tzinfo=None),  # Excel has no time zones
        session.get_mode_display(),
        session.get_channel_display(),
        session.department.name,
        "、".join(item.name for item in session.service_items.all()),
        session.lead.name,
        "、".join(person.name for person in session.companions.all()),
        _("预告") if session.is_announced else _("不预告"),
        session.get_scope_display(),
        session.waiting_minutes,
        session.total_minutes,
        session.trips,
        session.materials_requested,
        session.materials_in_guide,
        _yes_no(session.guide_matches_practice),
        session.finding_count,
        session.experience,
        session.get_status_display(),
    )


def walkthrough_rows(sessions: Iterable[WalkthroughSession]) -> Iterator[tuple]:
    for index, session in enumerate(sessions, start=1):
        yield walkthrough_row(index, session)


def write_walkthrough_log(sessions: Iterable[WalkthroughSession], stream, *, title: str, subtitle: str) -> int:
    sheet = Sheet(_("走流程记录"), title, subtitle, walkthrough_columns(), walkthrough_rows(sessions))
    return write_workbook(stream, [sheet])
