"""The 整改台账 workbook pinned cell by cell: every value, type, style and row height of a small ledger with every
kind of line — closed, overdue, merged, sighted, urged, reopened, with evidence and all four reductions, without a
deadline, closed just after midnight, and user text that looks like a formula. However the export fetches its rows,
the file superiors get must stay exactly this."""

import datetime
import re
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from issues.duplicates import issue_merge
from issues.handling import issue_urge
from issues.models import Evidence, Issue, IssueEvent, IssueSighting, Reduction
from reports.exports import prepare_export
from tests.factories import ServiceItemFactory
from tests.reports_scenario import D, at, build_scenario, ledger_issue

pytestmark = pytest.mark.django_db

Stage, K = Issue.Stage, Reduction.Kind
FORMULA_TITLE = '=HYPERLINK("http://example.com","点我")'
LONG_MEASURES = "一、立即调整窗口排班,确保午间有人值守;二、修订办事指南,列明全部材料;三、每周抽查一次执行情况。"


@pytest.fixture
def ledger(org, users):
    """The report scenario's eight lines, and four more, with what each line's counted columns count."""
    staff = users["staff"]
    scenario = build_scenario(org, users)
    s1, s2, s3, _s4, _s5 = scenario.sessions
    issues = scenario.issues
    today = timezone.localdate()
    item = ServiceItemFactory(name="企业开办登记", department=org.market)

    # I3 (overdue): urged twice, met by two more walkers, and I9 merged into it.
    issue_urge(issue=issues.i3, by=users["leader"], note="请本周内整改到位")
    issue_urge(issue=issues.i3, by=staff, note="再次督办")
    IssueSighting.objects.create(issue=issues.i3, walkthrough=s1, reported_by=staff, note="我也遇到")
    IssueSighting.objects.create(issue=issues.i3, reported_by=users["leader"], note="窗口也这样")
    i9 = ledger_issue(by=staff, title="I9 同I3", found=D(2025, 4, 12), stage=Stage.RECTIFICATION, walkthrough=s3,
                      department=org.market_unit, deadline=D(2025, 5, 2), category=Issue.Category.MATERIALS)
    issue_merge(duplicate=i9, into=issues.i3, by=staff, note="同一问题")

    # I10: text that must stay text, a suggestion with every reduction, due today (not overdue yet).
    i10 = ledger_issue(
        by=staff, title=FORMULA_TITLE, found=D(2025, 4, 20), stage=Stage.RECTIFICATION, walkthrough=s2,
        department=org.market, deadline=today, category=Issue.Category.PROCESS, kind=Issue.Kind.SUGGESTION,
        description="第一行\r\n第二行\x0b第三行\x07", responsible_person="-张三", measures=LONG_MEASURES,
        remarks="@SUM(A1:A2)", fixed_on_spot=True, long_term_rule=True, service_item=item,
        reductions=[(K.FEES, "20.00", "0.00"), (K.TRIPS, 3, 1), (K.TIME_LIMIT, "2.50", "1.25"), (K.MATERIALS, 5, 5),
                    (K.STEPS, 7, 4)],
    )
    issue_urge(issue=i10, by=users["leader"], note="督办")
    Evidence.objects.create(issue=i10, file=SimpleUploadedFile("a.png", b"\x89PNG\r\n"), uploaded_by=staff)
    Evidence.objects.create(issue=i10, file=SimpleUploadedFile("b.png", b"\x89PNG\r\n"), uploaded_by=staff)

    # I11: handed off without a deadline; I12 closed twice, the last time just after midnight (UTC: the day before).
    i11 = ledger_issue(by=staff, title="I11 无时限", found=D(2025, 4, 21), stage=Stage.FEEDBACK,
                       department=org.police, category=Issue.Category.OTHER)
    Issue.objects.filter(pk=i11.pk).update(deadline=None)
    i12 = ledger_issue(by=staff, title="I12 午夜销号", found=D(2025, 4, 22), stage=Stage.CLOSED,
                       department=org.township, closed=D(2025, 4, 24), category=Issue.Category.OTHER,
                       evaluation=Issue.Evaluation.SATISFIED)
    early = IssueEvent.objects.create(issue=i12, actor=staff, from_stage=Stage.EVALUATION, to_stage=Stage.CLOSED)
    IssueEvent.objects.filter(pk=early.pk).update(created_at=at(D(2025, 4, 23)))
    last = i12.events.filter(to_stage=Stage.CLOSED).exclude(pk=early.pk).get()
    IssueEvent.objects.filter(pk=last.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 4, 25, 0, 30)))
    return scenario, {"i9": i9, "i10": i10, "i11": i11, "i12": i12}


def export(user) -> bytes:
    stream = BytesIO()
    prepare_export("ledger", user=user, query="").write(stream)
    return stream.getvalue()


def midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time())


# Style of each column: (number format, wrapped).
TEXT, WRAP, INT, DATE = ("General", False), ("General", True), ("0", False), ("yyyy-mm-dd", False)
COLUMN_STYLES = [INT, TEXT, WRAP, TEXT, WRAP, WRAP, WRAP, DATE, WRAP, WRAP, WRAP, WRAP, WRAP, WRAP, WRAP, DATE, TEXT,
                 TEXT, INT, INT, INT, DATE, TEXT, WRAP]


def test_every_cell_of_the_ledger_is_what_superiors_are_shown(ledger, users):
    scenario, more = ledger
    issues, today = scenario.issues, timezone.localdate()
    content = export(users["staff"])
    sheet = load_workbook(BytesIO(content))["整改台账"]
    a, b = "我陪群众走流程", "局长走流程"
    i4_deadline, merged_on = issues.i4.deadline, today
    expected = [
        [issues.i8.number, b, "问题", "走流程", "倒推走流程", None, midnight(D(2024, 4, 2)), "其他", "I8 去年问题",
         "青石镇", None, None, None, None, midnight(D(2024, 5, 1)), "整改中", "是", 0, 0, 0, None, None, None],
        [issues.i1.number, a, "问题", "走流程", "模拟走流程", None, midnight(D(2025, 4, 3)), "办理时限",
         "I1 办理时限过长", "县市场监管局", None, None, "立行立改", "减环节(个):4→3\n减时限(工作日):5→2",
         midnight(D(2025, 4, 23)), "已销号", "否", 0, 0, 0, midnight(D(2025, 4, 8)), "非常满意", None],
        [issues.i2.number, a, "问题", "走流程", "模拟走流程", None, midnight(D(2025, 4, 1)), "申请材料",
         "I2 材料重复提交", "县市场监管局登记注册股", None, None, "建章立制", "减材料(份):6→4",
         midnight(D(2025, 4, 21)), "已销号", "否", 1, 0, 0, midnight(D(2025, 4, 15)), "满意", None],
        [issues.i3.number, a, "问题", "走流程", "陪伴走流程", None, midnight(D(2025, 4, 1)), "申请材料",
         "I3 材料清单不一致", "县市场监管局登记注册股", None, None, None, "减跑动(次):3→1", midnight(D(2025, 5, 1)),
         "整改中", "是", 0, 2, 3, None, "不满意", None],
        [issues.i4.number, a, "问题", "走流程", "坐窗走流程", None, midnight(D(2025, 4, 10)), "跑动次数", "I4 跑动两次",
         "县公安局", None, None, None, None, midnight(i4_deadline), "反馈交办", "否", 0, 0, 0, None, None, None],
        [issues.i5.number, a, "问题", "走流程", "坐窗走流程", None, midnight(D(2025, 4, 10)), "设施设备",
         "I5 叫号机故障", None, None, None, None, None, None, "体验发现", "否", 0, 0, 0, None, None, None],
        [issues.i6.number, a, "问题", "走流程", "坐窗走流程", None, midnight(D(2025, 4, 10)), "办理时限",
         "I6 收费不透明", "县公安局", None, None, None, "减费用(元):100.5→0", midnight(D(2025, 4, 30)), "已销号",
         "否", 0, 0, 0, midnight(D(2025, 4, 11)), "基本满意", None],
        [issues.i7.number, None, "问题", "12345热线", None, None, midnight(D(2025, 4, 2)), "工作作风", "I7 热线反映",
         "县市场监管局", None, None, None, None, midnight(D(2025, 4, 22)), "已销号", "否", 0, 0, 0,
         midnight(D(2025, 4, 3)), None, None],
        [more["i9"].number, a, "问题", "走流程", "坐窗走流程", None, midnight(D(2025, 4, 12)), "申请材料", "I9 同I3",
         "县市场监管局登记注册股", None, None, None, None, midnight(D(2025, 5, 2)), "已销号", "否", 0, 0, 0,
         midnight(merged_on), None, None],
        [more["i10"].number, a, "意见建议", "走流程", "陪伴走流程", "企业开办登记", midnight(D(2025, 4, 20)),
         "办事环节", f"{FORMULA_TITLE}\n第一行\n第二行\n第三行", "县市场监管局", "-张三", LONG_MEASURES,
         "立行立改、建章立制",
         "减环节(个):7→4\n减材料(份):5→5\n减时限(工作日):2.5→1.25\n减跑动(次):3→1\n减费用(元):20→0",
         midnight(today), "整改中", "否", 0, 1, 0, None, None, "@SUM(A1:A2)"],
        # Hotline lines taken in during a campaign belong to it (issue_create); these two have no walkthrough.
        [more["i11"].number, a, "问题", "12345热线", None, None, midnight(D(2025, 4, 21)), "其他", "I11 无时限",
         "县公安局", None, None, None, None, None, "反馈交办", "否", 0, 0, 0, None, None, None],
        [more["i12"].number, a, "问题", "12345热线", None, None, midnight(D(2025, 4, 22)), "其他", "I12 午夜销号",
         "青石镇", None, None, None, None, midnight(D(2025, 5, 12)), "已销号", "否", 0, 0, 0,
         midnight(D(2025, 4, 25)), "满意", None],
    ]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert rows == [[index, *line] for index, line in enumerate(expected, start=1)]

    heights = {row: sheet.row_dimensions[row].height for row in range(4, 4 + len(expected))}
    # Two lines where a wrapped cell needs them (a walkthrough mode of five characters, a long unit's name); I10 six.
    assert heights == {4: 33.0, 5: 33.0, 6: 33.0, 7: 33.0, 8: 33.0, 9: 33.0, 10: 33.0, 11: None, 12: 33.0,
                       13: 93.0, 14: None, 15: None}
    for row in sheet.iter_rows(min_row=4):
        assert [(cell.number_format, bool(cell.alignment.wrap_text)) for cell in row] == COLUMN_STYLES
        assert {(cell.font.name, cell.font.sz, cell.border.left.style, cell.alignment.vertical) for cell in row} == {
            ("宋体", 11, "thin", "top")}
    assert sheet.auto_filter.ref == "A3:X15" and sheet.freeze_panes == "A4"

    # User text is a string cell, never a formula, and the cleaned line breaks are plain newlines.
    xml = zipfile.ZipFile(BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert re.search(r'<c r="J13" s="\d+" t="inlineStr"><is><t>=HYPERLINK', xml)
    assert re.search(r'<c r="X13" s="\d+" t="inlineStr"><is><t>@SUM\(A1:A2\)</t>', xml)


def test_a_liaison_gets_the_same_cells_for_his_own_lines(ledger, users):
    scenario, more = ledger
    everyone = {row[1]: row[1:] for row in load_workbook(BytesIO(export(users["staff"])))["整改台账"].iter_rows(
        min_row=4, values_only=True)}
    his = list(load_workbook(BytesIO(export(users["liaison"])))["整改台账"].iter_rows(min_row=4, values_only=True))
    issues = scenario.issues
    assert [row[1] for row in his] == [issues.i1.number, issues.i2.number, issues.i3.number, issues.i7.number,
                                       more["i9"].number, more["i10"].number]  # 县市场监管局 and its unit
    assert [row[0] for row in his] == [1, 2, 3, 4, 5, 6]
    assert [row[1:] for row in his] == [everyone[row[1]] for row in his]


def test_the_export_reads_the_same_few_queries_however_many_lines_it_writes(ledger, users, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export(users["staff"])
        return len(captured.captured_queries)

    queries()  # what is read once per process (the user's roles) is read here
    before = queries()
    for n in range(10):
        ledger_issue(by=users["staff"], title=f"再多一条{n}", found=D(2025, 5, 1), stage=Stage.CLOSED,
                     department=org.police, closed=D(2025, 5, 6), reductions=[(K.TRIPS, 2, 1)])
    assert queries() == before
