"""The seeds' reports come out of the app with their own figures: each campaign is entered record by record
through the services (tests/seed_campaigns.py), then every figure the report prints is read where a user reads
it — the dashboard, the briefing, the exported 整改台账."""

from collections import Counter
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PASSWORD
from tests.seed_campaigns import build_seed_001, build_seed_002, build_seed_003

pytestmark = pytest.mark.django_db


def ledger_rows(client, campaign) -> list[dict]:
    response = client.get(reverse("reports:ledger_export"), {"campaign": campaign.pk})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(BytesIO(content))["整改台账"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    header, *lines = rows
    return [dict(zip(header, line, strict=True)) for line in lines]


def dashboard(client, campaign):
    response = client.get(reverse("reports:dashboard"), {"campaign": campaign.pk})
    assert response.status_code == 200
    return response.context["figures"], response.content.decode()


def briefing(client, campaign) -> str:
    return client.get(reverse("reports:briefing"), {"campaign": campaign.pk}).context["text"]


def test_seed_001_roster_walkers_problems_and_suggestions(client, org, users):
    """"‘走’的主体人数达233人 … 今年全县已有186位 … 参与 … 发现和解决问题21个,解决率100%。收到政务服务意见建议23条,
    立行立改20条,整改并长效坚持3条。\""""
    campaign = build_seed_001(org, users)
    client.login(username="leader", password=PASSWORD)

    figures, page = dashboard(client, campaign)
    assert (figures.roster, figures.officials_walked) == (233, 186)
    problems, suggestions = figures.kind("problem"), figures.kind("suggestion")
    assert (problems.found, problems.rectified, problems.rate) == (21, 21, 100)
    assert (suggestions.found, suggestions.rectified, suggestions.fixed_on_spot, suggestions.long_term_rule) == (
        23, 23, 20, 3
    )
    assert 'data-figure="officials_walked">186</a>' in page
    assert 'data-figure="roster" class="figure-secondary">233<' in page
    assert {row.label: (row.found, row.fixed_on_spot, row.long_term_rule) for row in figures.by_kind} == {
        "问题": (21, 0, 0), "意见建议": (23, 20, 3)
    }
    sources = {row.label: row.found for row in figures.by_source}
    assert sources == {"走流程": 21, "回访": 8, "12345热线": 8, "政企恳谈会": 7}

    text = briefing(client, campaign)
    assert "参与领导干部186人，占名册233人的79.8%" in text
    assert "共发现问题21个，已整改21个，整改率100%。" in text
    assert "收到意见建议23条，已全部落实，其中立行立改20条、整改并长效坚持3条。" in text

    rows = ledger_rows(client, campaign)
    assert len(rows) == 44
    assert Counter(row["类型"] for row in rows) == {"问题": 21, "意见建议": 23}
    assert Counter(row["当前环节"] for row in rows) == {"已销号": 44}
    how = Counter(row["立行立改/建章立制"] for row in rows if row["类型"] == "意见建议")
    assert how == {"立行立改": 20, "建章立制": 3}
    assert {row["所属活动"] for row in rows} == {"走流程、解难题、优服务"}


def test_seed_002_every_department_head_walked_and_two_items_were_cut(client, org, users):
    """"全区32个职能部门“一把手”积极参与 … 先后发现并解决问题30个 … 消防验收备案审批流程缩短到1个工作日,
    抗震设防备案时限由3日提速为即来即办。\""""
    campaign, fire, seismic = build_seed_002(org, users)
    client.login(username="leader", password=PASSWORD)

    figures, _page = dashboard(client, campaign)
    heads = next(row for row in figures.by_level if row.level == "department_head")
    assert (heads.roster, heads.walked, heads.share) == (32, 32, 100)
    assert (figures.found, figures.rectified) == (30, 30)

    text = briefing(client, campaign)
    assert "部门“一把手”32人全部参与" in text
    assert "共发现问题30个，已整改30个，整改率100%" in text
    assert "建设工程消防验收备案由5个工作日缩短到1个工作日" in text
    assert "抗震设防备案由3个工作日提速为即来即办" in text

    fire.refresh_from_db()
    seismic.refresh_from_db()
    assert (fire.promised_limit_days, fire.is_instant) == (1, False)
    assert (seismic.promised_limit_days, seismic.is_instant) == (0, True)
    assert [h.promised_limit_days for h in seismic.history.order_by("history_date")] == [3, 0]  # the old value kept

    rows = ledger_rows(client, campaign)
    assert len(rows) == 30
    assert sorted(row["四减成效(压减前→后)"] for row in rows if row["四减成效(压减前→后)"]) == [
        "减时限(工作日):3→0", "减时限(工作日):5→1"
    ]


def test_seed_003_time_limits_and_instant_items_before_and_after(client, org, users):
    """"83个政务服务事项总承诺时限由原办理时限833个工作日进一步压减至292个工作日,实现审批时限比法定时限2344个工作日
    缩短了2052个工作日 … 即办事项由原来 … 46项 … 增加至133项 … 收集合理意见建议2条,已全部落实到位。\""""
    campaign = build_seed_003(org, users)
    client.login(username="leader", password=PASSWORD)

    figures, _page = dashboard(client, campaign)
    totals = figures.item_totals
    assert (totals.items, totals.promised_before, totals.promised_after, totals.statutory_days) == (83, 833, 292, 2344)
    assert (totals.instant_before, totals.instant_after) == (46, 133)
    suggestions = figures.kind("suggestion")
    assert (suggestions.found, suggestions.rectified) == (2, 2)

    text = briefing(client, campaign)
    assert (
        "83个政务服务事项总承诺时限由833个工作日压减至292个工作日，比法定时限2344个工作日缩短2052个工作日；"
        "即办事项由46项增加至133项" in text
    )
    assert "收到意见建议2条，已全部落实。" in text

    rows = ledger_rows(client, campaign)
    assert Counter(row["类型"] for row in rows) == {"问题": 4, "意见建议": 2}
    assert "减时限(工作日):13→5" in [row["四减成效(压减前→后)"] for row in rows]
