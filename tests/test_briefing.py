"""The 工作简报: true figures in the seeds' words, nothing printed about what did not happen."""

import datetime
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Department
from reports.briefing import briefing_paragraphs, briefing_text
from reports.figures import DashboardFigures, KindCount, LevelRow, ModeCount, ReductionTotal
from reports.filters import ReportFilters
from tests.factories import PASSWORD, CampaignFactory
from tests.reports_scenario import build_scenario

AS_OF = datetime.date(2026, 11, 21)
MODES = [("simulated", "模拟走流程"), ("accompanied", "陪伴走流程"), ("proxy", "帮代办走流程"),
         ("window_seat", "坐窗走流程"), ("reverse", "倒推走流程")]
KINDS = [("steps", "减环节(个)"), ("materials", "减材料(份)"), ("time_limit", "减时限(工作日)"),
         ("trips", "减跑动(次)"), ("fees", "减费用(元)")]


def figures(*, modes=(0, 0, 0, 0, 0), saved=(0, 0, 0, 0, 0), filters=None, **values) -> DashboardFigures:
    return DashboardFigures(
        filters=filters or ReportFilters(),
        as_of=AS_OF,
        sessions=sum(modes),
        sessions_by_mode=tuple(ModeCount(m, label, n) for (m, label), n in zip(MODES, modes, strict=True)),
        reductions=tuple(ReductionTotal(k, label, Decimal(n), 1 if n else 0) for (k, label), n in zip(KINDS, saved,
                                                                                                      strict=True)),
        **values,
    )


def test_a_year_of_work_reads_like_the_seeds_with_true_figures():
    f = figures(modes=(5, 4, 0, 3, 0), departments_covered=9, officials_walked=186, roster=233, found=21,
                by_level=(LevelRow("deputy", "部门分管负责人", 233, 186),),
                rectified=21, fixed_on_spot=20, long_term_rule=3, evaluated=21, good=20,
                average_working_days=Decimal("3.5"), saved=(26, 12, Decimal("541"), 30, 0))
    assert briefing_paragraphs(f) == [
        "截至11月21日，累计已开展“走流程”12次，其中模拟走流程5次、陪伴走流程4次、坐窗走流程3次，覆盖9个部门（单位）；"
        "参与领导干部186人，占名册233人的79.8%。",
        "共发现问题21个，已整改21个，整改率100%；其中立行立改20个，建章立制3项。问题从发现到整改完成平均用时3.5个工作日。"
        "验收评价21个，好评率95.2%（按评价结果计，非常满意和满意为好评）。",
        "通过整改，累计减少办事环节26个、精简申请材料12份、压减办理时限541个工作日、减少群众跑动30次。",
    ]


def test_what_did_not_happen_is_left_out_not_printed_as_zero():
    text = briefing_text(figures(modes=(2, 0, 0, 0, 0), found=3, officials_walked=2, roster=0))
    assert text == "截至11月21日，累计已开展“走流程”2次，均为模拟走流程；参与走流程人员2人。\n共发现问题3个。"
    absent_words = ("0个", "0次", "0项", "已整改", "立行立改", "建章立制", "超过整改时限", "好评率", "压减", "覆盖",
                    "名册")
    for absent in absent_words:
        assert absent not in text


def test_nothing_at_all_gives_no_briefing():
    assert briefing_paragraphs(figures()) == []


def test_overdue_issues_and_a_fee_in_yuan_and_fen_are_reported():
    text = briefing_text(figures(found=4, rectified=1, overdue=2, saved=(0, 0, 0, 0, Decimal("100.50"))))
    assert "共发现问题4个，已整改1个，整改率25%。" in text
    assert "目前仍有2个问题超过整改时限，正在督促整改。" in text
    assert text.endswith("通过整改，累计减免费用100.5元。")


def test_the_subject_names_the_department_the_period_and_the_campaign(db):
    campaign = Campaign(theme="“一把手”当体验员", starts_on=AS_OF, ends_on=AS_OF)
    department = Department(name="县住建局")
    filters = ReportFilters(campaign=campaign, department=department, date_from=datetime.date(2026, 3, 1),
                            date_to=datetime.date(2026, 6, 30))
    first = briefing_paragraphs(replace(figures(modes=(0, 0, 0, 1, 0)), filters=filters))[0]
    assert first.startswith(
        "截至11月21日，县住建局2026年3月1日至2026年6月30日在“一把手”当体验员活动中已开展“走流程”1次，均为坐窗走流程"
    )


@pytest.mark.django_db
def test_the_briefing_page_prints_the_campaigns_paragraph_with_copy_and_print(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="leader", password=PASSWORD)
    response = client.get(reverse("reports:briefing"), {"campaign": scenario.a.pk})
    today = timezone.localdate()
    assert response.context["paragraphs"] == [
        f"截至{today.month}月{today.day}日，在“我陪群众走流程”活动中已开展“走流程”3次，其中模拟走流程1次、陪伴走流程1次、"
        "坐窗走流程1次，覆盖3个部门（单位）；参与领导干部4人，占名册6人的66.7%，部门“一把手”3人全部参与。",
        "共发现问题6个，已整改3个，整改率50%；其中立行立改1个，建章立制1项。问题从发现到整改完成平均用时4个工作日。"
        "验收评价4个，好评率50%（按评价结果计，非常满意和满意为好评）。目前仍有1个问题超过整改时限，正在督促整改。",
        "通过整改，累计减少办事环节1个、精简申请材料2份、压减办理时限3个工作日、减免费用100.5元。",
    ]
    page = response.content.decode()
    assert 'id="copy-briefing"' in page and 'id="print-briefing"' in page and "js/dashboard_briefing.js" in page
    assert '<textarea id="briefing-plain"' in page and response.context["text"].split("\n")[1] in page
    # The print layout lives in the page's own stylesheet (no inline <style>: the CSP forbids it).
    assert "css/reports.css" in page and "print-only" in page
    assert "@media print" in (settings.BASE_DIR / "static" / "css" / "reports.css").read_text()


@pytest.mark.django_db
def test_the_briefing_and_the_dashboard_show_the_same_figures(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="liaison", password=PASSWORD)
    query = {"campaign": scenario.a.pk, "date_from": "2025-04-01", "date_to": "2025-04-30"}
    briefing = client.get(reverse("reports:briefing"), query).context["figures"]
    dashboard = client.get(reverse("reports:dashboard"), query).context["figures"]
    assert briefing == dashboard and briefing.found == 3


@pytest.mark.django_db
def test_an_empty_campaign_says_there_is_nothing_to_brief_rather_than_printing_zeros(client, users):
    campaign = CampaignFactory(theme="尚未开始的活动")
    client.login(username="staff", password=PASSWORD)
    response = client.get(reverse("reports:briefing"), {"campaign": campaign.pk})
    assert response.context["paragraphs"] == []
    assert "暂不能生成简报" in response.content.decode() and 'id="copy-briefing"' not in response.content.decode()


def test_english_briefing_counts_and_dates_read_as_english():
    import datetime

    from django.utils import translation

    from reports.briefing import REDUCTION_PHRASES, long_date, short_date

    with translation.override("en"):
        assert REDUCTION_PHRASES["steps"]("1") == "cut 1 procedural step"
        assert REDUCTION_PHRASES["steps"]("3") == "cut 3 procedural steps"
        assert REDUCTION_PHRASES["trips"]("1") == "saved the public 1 trip"
        assert short_date(datetime.date(2026, 11, 30)) == "November 30"
        assert long_date(datetime.date(2026, 11, 30)) == "November 30, 2026"
    with translation.override("zh-hans"):
        assert short_date(datetime.date(2026, 3, 5)) == "3月5日"
        assert long_date(datetime.date(2026, 3, 5)) == "2026年3月5日"


def english_briefing(**values) -> str:
    from django.utils import translation

    with translation.override("en"):
        return "\n".join(briefing_paragraphs(figures(**values)))


def test_the_english_briefing_spaces_its_sentences_and_counts_in_singular_and_plural():
    one = english_briefing(
        modes=(1, 0, 0, 0, 0), departments_covered=1, officials_walked=1, roster=3, found=2,
        by_level=(LevelRow("department_head", "x", 1, 1),), rectified=1, fixed_on_spot=1, long_term_rule=1,
        callbacks=1, evaluated=1, good=1, overdue=1, average_working_days=Decimal("1"), saved=(1, 0, 0, 0, 0),
        by_kind=(KindCount("problem", "问题", 1, 1, 1, 1), KindCount("suggestion", "建议", 1, 0, 0, 0)),
    )
    for phrase in ("1 walkthrough held", "covering 1 department (unit)", "1 official took part",
                   "the 1 department head on the roster among them", "1 issue found", "1 led to a long-term rule",
                   "1 suggestion received", "Average time from discovery to rectification: 1 working day. ",
                   "1 rectification evaluated", "cut 1 procedural step."):
        assert phrase in one, phrase
    many = english_briefing(
        modes=(2, 1, 0, 0, 0), departments_covered=4, officials_walked=12, roster=20, found=6,
        by_level=(LevelRow("deputy", "x", 8, 5), LevelRow("window_staff", "w", 6, 3),
                  LevelRow("social_supervisor", "s", 2, 2), LevelRow("department_head", "h", 3, 2)),
        rectified=5, evaluated=4, good=3, callbacks=2, overdue=1, average_working_days=Decimal("3.5"),
        by_kind=(KindCount("problem", "问题", 6, 5, 0, 2),),
    )
    for phrase in ("3 walkthroughs held", "12 people took part (7 officials, 3 window staff members, "
                   "2 social supervisors)", "2 department heads among them (of 3 on the roster)",
                   "6 issues found", "2 led to long-term rules", "3.5 working days. 2 called back",
                   "4 rectifications evaluated"):
        assert phrase in many, phrase
    for text in (one, many):
        assert not re.search(r"[^\d\s]\.[^\s\d]|\s[.,;)]|  |^ | $", text, re.M), text


def test_the_english_briefing_subject_puts_one_space_between_its_parts():
    """"As of November 30,  in the … campaign" had two spaces: the campaign part began with its own."""
    import datetime

    from django.utils import translation

    from campaigns.models import Campaign, Department
    from reports.briefing import subject
    from reports.filters import ReportFilters

    campaign, department = Campaign(theme="我陪群众走流程"), Department(name="Market bureau")
    with translation.override("en"):
        alone = subject(ReportFilters(campaign=campaign))
        every = subject(ReportFilters(campaign=campaign, department=department,
                                      date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 6, 30)))
    with translation.override("zh-hans"):
        chinese = subject(ReportFilters(campaign=campaign, department=department))
    assert alone.startswith("in the ") and alone.endswith(" campaign")
    assert every.startswith("Market bureau March 1") and " to " in every and every.endswith(" campaign")
    for text in (alone, every):
        assert "  " not in text and text == text.strip(), text
    assert chinese == "Market bureau在“我陪群众走流程”活动中"


def test_the_chinese_briefing_is_set_in_full_width_marks_and_the_english_keeps_its_own():
    from django.utils import translation

    from reports.punctuation import full_width_marks

    assert full_width_marks("签发人:王局长") == "签发人：王局长"
    assert full_width_marks("共发现问题4个,已整改1个,整改率25%;其中立行立改1个") == (
        "共发现问题4个，已整改1个，整改率25%；其中立行立改1个")
    assert full_width_marks("覆盖3个部门(单位),好评率50%(按评价结果计)") == (
        "覆盖3个部门（单位），好评率50%（按评价结果计）")
    assert full_width_marks("退休审批(企业职工(基本)养老)是吗?是!") == "退休审批（企业职工（基本）养老）是吗？是！"
    # Figures and English between Chinese words keep their own marks.
    assert full_width_marks("减免1,234.5元,12:30出证 (A1)") == "减免1,234.5元，12:30出证 (A1)"
    assert full_width_marks("Issued by: 王局长 (acting), 2026") == "Issued by: 王局长 (acting), 2026"

    values = {"modes": (2, 1, 0, 0, 0), "departments_covered": 3, "found": 4, "rectified": 1, "overdue": 2,
              "officials_walked": 3, "roster": 5}
    with translation.override("zh-hans"):
        chinese = "\n".join(briefing_paragraphs(figures(**values)))
    assert not re.search(r"[,;:()?!]", chinese), chinese
    assert "覆盖3个部门（单位）；" in chinese and "共发现问题4个，已整改1个，整改率25%。" in chinese
    english = english_briefing(**values)
    assert not re.search("[，；：（）]", english) and "3 departments (units)" in english, english
