"""The benchmark ledger: walkthroughs (≈ 30% of N, all five modes) and N issues of every stage, source, category
and severity — ~88% closed, ~4% overdue — with what real use leaves beside them: the stage-change events, field
history, evidence, four-reduction results, extensions, reminders and their notifications.

Issues are dated over the campaigns' five years and numbered in discovery order, as the ledger numbers them.
The newest ~8% are still open (deadline ahead), a band before them holds the overdue ones, the rest are closed.
Rows go out with COPY in chunks, so memory stays flat whatever N is.
"""

import bisect
import datetime
import json
import random
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from bench.copying import copy_rows
from bench.organisation import Province
from campaigns.models import WalkthroughSession
from issues.models import (
    DeadlineExtension,
    Evidence,
    Issue,
    IssueEvent,
    IssueNumberCounter,
    Notification,
    Reduction,
    Reminder,
)

CHUNK = 50_000
SESSION_SHARE = 0.3
WALKTHROUGH_SOURCE_SHARE = 0.6
OPEN_SHARE = 0.08  # the newest lines, deadline not yet passed
OVERDUE_BAND = 0.10  # the lines before them, of which 40% (4% of N) are overdue
OVERDUE_IN_BAND = 0.4
LIMIT_DAYS = {"minor": 21, "major": 10, "severe": 7}  # calendar days ≈ the default working-day limits
MODES = [mode.value for mode in WalkthroughSession.Mode]
CHANNELS = [channel.value for channel in WalkthroughSession.Channel]
OTHER_SOURCES = [source.value for source in Issue.Source if source != Issue.Source.WALKTHROUGH]
CATEGORIES = [category.value for category in Issue.Category]
SEVERITIES = ["minor"] * 7 + ["major"] * 2 + ["severe"]
PASSING = ["very_satisfied"] * 10 + ["satisfied"] * 7 + ["basically_satisfied"] * 3
REDUCTIONS = [kind.value for kind in Reduction.Kind]
# Titles as walkers write them: a matter, sometimes where in the hall, and what went wrong — 40 × 6 × 30 = 7,200
# different titles, so the similar-issue hints (pg_trgm) search a realistic spread, not ten strings.
MATTERS = (
    "不动产登记", "营业执照办理", "社保卡补办", "医保异地报销", "户口迁移", "居住证办理", "公积金提取", "出生医学证明",
    "食品经营许可", "税务登记", "驾驶证换证", "结婚登记", "退休审批", "残疾证办理", "低保申请", "新生儿落户",
    "工程建设项目审批", "施工许可", "消防验收", "排污许可", "个体工商户注册", "企业开办", "企业注销", "药品经营许可",
    "教师资格认定", "护照办理", "港澳通行证", "车辆年检", "电动车上牌", "房屋交易备案", "二手房过户", "水电气过户",
    "失业登记", "就业补贴申领", "养老保险转移", "高龄津贴申领", "临时救助", "法律援助", "公证办理", "档案查询",
)
PLACES = ("", "窗口", "自助区", "网上办事大厅", "帮办代办窗口", "综合受理窗口")
PROBLEMS = (
    "要求提供办事指南未列明的材料", "网上提交后长时间无反馈", "取号后等候时间超过一小时", "同一材料重复提交",
    "办事指南与实际流程不一致", "自助终端无法打印结果", "工作人员对政策解释不清", "老年人办事无人引导",
    "收费标准未公示",
    "办结时限超过承诺时限", "需要往返多个部门", "系统频繁卡顿掉线", "预约号源紧张", "证明材料要求群众自行开具",
    "表格填写项目繁多", "告知不一次性", "午休时间无人值守", "周末无法办理", "电话咨询无人接听", "线上线下要求不一致",
    "缺少无障碍设施", "排队秩序混乱", "叫号系统故障", "需要现场签字多次", "审批环节过多", "材料退回不说明原因",
    "跨区域无法通办", "填报信息重复录入", "窗口人员态度生硬", "办理进度无法查询",
)


def title_of(pk: int) -> str:
    """The benchmark title of ledger line `pk`: one of 7,200, the same for the same pk."""
    return (MATTERS[pk % len(MATTERS)] + PLACES[(pk // len(MATTERS)) % len(PLACES)]
            + PROBLEMS[(pk * 7 + pk // 240) % len(PROBLEMS)])


DESCRIPTION = "群众反映:{title},往返两次才办成。体验人员现场核实情况属实,建议简化环节、一次告知。"
MEASURES = "已修订办事指南并在窗口公示,组织窗口人员专题培训,实行首问负责和一次性告知。"


class Clock:
    """Local datetimes from a day and an hour, never later than now."""

    def __init__(self, now: datetime.datetime):
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.now = now

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        moment = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)
        return min(moment, self.now)


def write_sessions(rng: random.Random, province: Province, n_issues: int, clock: Clock) -> list[tuple]:
    """The walkthroughs, oldest first; returns (day, campaign id) per session id − 1."""
    first = province.campaigns[0][1]
    span = (province.today - first).days
    count = max(1, round(n_issues * SESSION_SHARE))
    days = sorted(first + datetime.timedelta(days=rng.randrange(span + 1)) for _ in range(count))
    starts = [start for _, start, _ in province.campaigns]
    sessions = [(day, province.campaigns[bisect.bisect_right(starts, day) - 1][0]) for day in days]

    def rows():
        for pk, (day, campaign) in enumerate(sessions, start=1):
            mode = MODES[pk % len(MODES)]
            lead = rng.choice(province.officials)
            department = rng.choice(province.departments)
            occurred = clock.at(day, 9 + pk % 8, pk % 60)
            yield (
                pk, campaign, mode, rng.choice(CHANNELS), department, lead, occurred, rng.random() < 0.3,
                "own_unit" if province.official_department[lead] == department else "cross_department",
                rng.randint(0, 90), rng.randint(10, 240), rng.randint(1, 4), rng.randint(1, 5), rng.randint(2, 9),
                rng.randint(2, 8), rng.random() < 0.8,
                "hall" if mode == "simulated" else "",
                "群众" if mode in ("accompanied", "proxy") else "",
                "希望少跑一趟" if mode in ("accompanied", "proxy") else "",
                f"{pk % 40 + 1}号" if mode == "window_seat" else "",
                Decimal("2.0") if mode == "window_seat" else None,
                rng.randint(5, 40) if mode == "window_seat" else None,
                "hotline_12345" if mode == "reverse" else "",
                f"12345-{pk}" if mode == "reverse" else "",
                "submitted", rng.choice(province.walker_users), occurred, occurred,
            )

    copy_rows(WalkthroughSession, [
        "id", "campaign_id", "mode", "channel", "department_id", "lead_id", "occurred_at", "is_announced", "scope",
        "waiting_minutes", "total_minutes", "trips", "windows_visited", "materials_requested", "materials_in_guide",
        "guide_matches_practice", "simulated_via", "citizen_name", "citizen_feedback", "window_number",
        "hours_at_window", "citizens_received", "complaint_source", "complaint_reference", "status",
        "created_by_id", "created_at", "submitted_at",
    ], rows())
    copy_rows(WalkthroughSession.service_items.through, ["walkthroughsession_id", "serviceitem_id"], (
        (pk, rng.choice(province.items)) for pk in range(1, len(sessions) + 1)
    ))
    copy_rows(WalkthroughSession.companions.through, ["walkthroughsession_id", "official_id"], (
        (pk, official) for pk in range(1, len(sessions) + 1) if pk % 3
        for official in rng.sample(province.officials, 1 + pk % 2)
    ))
    return sessions


ISSUE_COLUMNS = [
    "id", "year", "sequence", "source", "source_reference", "walkthrough_id", "title", "description", "category",
    "severity", "service_item_id", "department_id", "responsible_person", "discovered_on", "deadline", "stage",
    "fixed_on_spot", "long_term_rule", "measures", "callback_on", "callback_by", "callback_result", "evaluation",
    "remarks", "created_by_id", "created_at",
]


def _issue_plan(rng: random.Random, province: Province, sessions: list[tuple], n: int) -> list[tuple]:
    """(day, session id or 0) per issue, in discovery order."""
    first = province.campaigns[0][1]
    span = (province.today - first).days
    plan = []
    for _ in range(n):
        if rng.random() < WALKTHROUGH_SOURCE_SHARE:
            session = rng.randrange(len(sessions))
            plan.append((sessions[session][0], session + 1))
        else:
            plan.append((first + datetime.timedelta(days=rng.randrange(span + 1)), 0))
    plan.sort()
    return plan


def _event_columns() -> list[str]:
    """The event's stage change, and (where the model records them) the workflow action and the department the
    issue was handed to."""
    columns = ["issue_id", "from_stage", "to_stage", "actor_id", "created_at"]
    known = {field.attname for field in IssueEvent._meta.concrete_fields}
    if {"action", "to_department_id"} <= known:
        columns += ["action", "to_department_id"]
    return columns


def write_issues(rng: random.Random, province: Province, sessions: list[tuple], n: int, clock: Clock,
                 progress: Callable[[int], None]) -> None:
    plan = _issue_plan(rng, province, sessions, n)
    starts = [start for _, start, _ in province.campaigns]
    known = {field.attname for field in Issue._meta.concrete_fields}
    campaign_column = "campaign_id" in known
    key_column = "source_reference_key" in known  # the reference as the uniqueness check compares it
    columns = ISSUE_COLUMNS + (["campaign_id"] if campaign_column else []) + (["source_reference_key"] if key_column
                                                                               else [])
    history_model = Issue.history.model
    history_known = {field.attname for field in history_model._meta.concrete_fields}
    kept = [index for index, column in enumerate(columns) if column in history_known]  # fields history keeps
    history_columns = [columns[index] for index in kept] + ["history_date", "history_type", "history_user_id"]
    stage_at = [columns[index] for index in kept].index("stage")
    open_from = round(n * (1 - OPEN_SHARE))
    band_from = round(n * (1 - OPEN_SHARE - OVERDUE_BAND))
    sequences: dict[int, int] = {}
    reminder_id = 0
    today = province.today
    for chunk_start in range(0, n, CHUNK):
        issues, history, events, evidence, reductions, extensions, reminders, notices = ([] for _ in range(8))
        for index in range(chunk_start, min(n, chunk_start + CHUNK)):
            pk = index + 1
            day, session = plan[index]
            sequences[day.year] = sequence = sequences.get(day.year, 0) + 1
            severity = rng.choice(SEVERITIES)
            limit = datetime.timedelta(days=LIMIT_DAYS[severity])
            if index >= open_from:
                stage = rng.choice(("experience", "feedback", "rectification", "rectification", "evaluation"))
                deadline = max(day + limit, today + datetime.timedelta(days=rng.randint(0, 20)))
            elif index >= band_from and rng.random() < OVERDUE_IN_BAND:
                stage = rng.choice(("feedback", "rectification", "rectification", "evaluation"))
                deadline = day + limit
            else:
                stage = "closed"
                deadline = day + limit
            department = rng.choice(province.departments)
            liaison = province.liaison_of[department]
            if stage == "experience":
                department_id, deadline = None, None
            else:
                department_id = department
            source = "walkthrough" if session else rng.choice(OTHER_SOURCES)
            reference = f"BN{pk}" if source in ("hotline_12345", "review") else ""
            title = title_of(pk)
            closed = stage == "closed"
            on_spot = closed and rng.random() < 0.2
            closed_day = min(day + datetime.timedelta(days=0 if on_spot else rng.randint(2, 40)),
                             today - datetime.timedelta(days=1))
            rectifying = stage in ("rectification", "evaluation", "closed")
            created = clock.at(day, 9 + pk % 8, pk % 60)
            row = [
                pk, day.year, sequence, source, reference, session or None, title, DESCRIPTION.format(title=title),
                CATEGORIES[pk % len(CATEGORIES)], severity,
                rng.choice(province.items_of[department]) if pk % 4 else None, department_id,
                "张科长" if department_id else "", day, deadline, stage, on_spot, closed and rng.random() < 0.05,
                MEASURES if rectifying else "", closed_day if closed and pk % 2 else None,
                "回访员" if closed and pk % 2 else "", "群众表示满意" if closed and pk % 2 else "",
                rng.choice(PASSING) if closed else "", "", province.staff_user, created,
            ]
            if campaign_column:
                row.append(sessions[session - 1][1] if session
                           else province.campaigns[bisect.bisect_right(starts, day) - 1][0])
            if key_column:
                row.append(reference.casefold())
            issues.append(row)
            first = [row[index] for index in kept]
            first[stage_at] = "experience"
            history.append((*first, created, "+", province.staff_user))

            steps = [("", "experience", province.staff_user, created, "", None)]
            handed = clock.at(day + datetime.timedelta(days=1), 10)
            if on_spot:  # 立行立改: put right in the hall and closed in one step, within the hour
                finished = min(created + datetime.timedelta(minutes=40), clock.now)
                steps.append(("experience", "closed", province.staff_user, finished, "fix_on_spot", department))
            elif stage != "experience":
                steps.append(("experience", "feedback", province.staff_user, handed, "hand_off", department))
            if rectifying and not on_spot:
                steps.append(("feedback", "rectification", liaison, clock.at(day + datetime.timedelta(days=2), 11),
                              "acknowledge", None))
            if stage in ("evaluation", "closed") and not on_spot:
                submitted = clock.at(max(closed_day, day + datetime.timedelta(days=2)), 14) if closed else \
                    clock.at(day + datetime.timedelta(days=3), 14)
                if closed and pk % 20 == 0:  # sent back once, then passed
                    steps.append(("rectification", "evaluation", liaison, submitted, "submit", None))
                    steps.append(("evaluation", "rectification", province.staff_user, submitted, "reject", None))
                steps.append(("rectification", "evaluation", liaison, submitted, "submit", None))
                evidence.append((pk, f"evidence/bench/{pk}.jpg", "整改后现场照片", liaison, submitted))
            if closed and not on_spot:
                # never before the submission it accepts (a line found yesterday is submitted and closed by now)
                finished = max(clock.at(closed_day, 16), steps[-1][3])
                steps.append(("evaluation", "closed", 3 if pk % 3 == 0 else province.staff_user, finished, "accept",
                              None))
            if closed:
                history.append((*(row[index] for index in kept), finished, "~", province.staff_user))
                if pk % 8 == 0:
                    for kind in rng.sample(REDUCTIONS, 1 + pk % 2):
                        before = rng.randint(2, 20)
                        reductions.append((pk, kind, Decimal(before), Decimal(rng.randint(0, before - 1))))
            events.extend((pk, *step) for step in steps)

            if deadline is not None and pk % 33 == 0 and not on_spot:
                extensions.append((pk, liaison, handed, "需协调多部门", deadline - datetime.timedelta(days=10),
                                   deadline, "approved", province.staff_user, handed, "同意"))
            if deadline is not None and (not closed or pk % 10 == 0):
                for kind, offset in (("due_soon", -2), ("overdue", 1), ("escalation", 4)):
                    when = deadline + datetime.timedelta(days=offset)
                    if when >= today or (closed and kind != "due_soon"):
                        continue
                    reminder_id += 1
                    sent = clock.at(when, 9)
                    reminders.append((reminder_id, pk, kind, when, sent))
                    params = {"number": f"{day.year}-{sequence:04d}", "title": title, "department": "",
                              "deadline": deadline.isoformat(), "days": abs(offset)}
                    notices.append((liaison, pk, reminder_id, kind, json.dumps(params, ensure_ascii=False), sent,
                                    sent if closed else None))
        copy_rows(Issue, columns, issues)
        copy_rows(history_model, history_columns, history)
        copy_rows(IssueEvent, _event_columns(), (event[:len(_event_columns())] for event in events))
        copy_rows(Evidence, ["issue_id", "file", "description", "uploaded_by_id", "uploaded_at"], evidence)
        copy_rows(Reduction, ["issue_id", "kind", "before", "after"], reductions)
        copy_rows(DeadlineExtension, ["issue_id", "requested_by_id", "requested_at", "reason", "current_deadline",
                                      "requested_deadline", "status", "decided_by_id", "decided_at", "decision_note"],
                  extensions)
        copy_rows(Reminder, ["id", "issue_id", "kind", "day", "created_at"], reminders)
        copy_rows(Notification, ["recipient_id", "issue_id", "reminder_id", "kind", "params", "created_at", "read_at"],
                  notices)
        progress(min(n, chunk_start + CHUNK))
    copy_rows(IssueNumberCounter, ["year", "last_sequence"], sorted(sequences.items()))
