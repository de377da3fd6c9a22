"""The 工作简报 as a Word document: the on-screen words, the tables and the chart in the official layout."""

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from tests.factories import PASSWORD
from tests.reports_scenario import build_scenario

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def download(client, **query):
    response = client.get(reverse("reports:briefing_docx"), query)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].endswith("wordprocessingml.document")
    return response, Document(io.BytesIO(response.content))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


@pytest.mark.django_db
def test_the_word_briefing_prints_the_same_paragraphs_as_the_page_under_a_red_masthead(client, org, users, settings):
    settings.BRIEFING_ORGAN = "青山县政务服务中心"
    scenario = build_scenario(org, users)
    client.login(username="leader", password=PASSWORD)
    on_screen = client.get(reverse("reports:briefing"), {"campaign": scenario.a.pk}).context["paragraphs"]
    response, document = download(client, campaign=scenario.a.pk, number=3, signer="王局长")
    assert "filename*=utf-8''" in response["Content-Disposition"]

    lines = texts(document)
    for paragraph in on_screen:
        assert paragraph in lines
    masthead = document.paragraphs[0]
    assert masthead.text == "“走流程”工作简报" and str(masthead.runs[0].font.color.rgb) == "E60012"
    assert any(line.endswith("年第3期") for line in lines[:3])
    assert any(line.startswith("青山县政务服务中心\t签发人：王局长\t") for line in lines[:4])
    assert "“我陪群众走流程”活动开展情况" in lines
    assert lines[-1].startswith("青山县政务服务中心\t") and lines[-1].endswith("印发")


@pytest.mark.django_db
def test_its_tables_are_word_tables_and_the_trend_is_a_picture(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="staff", password=PASSWORD)
    response, document = download(client, campaign=scenario.a.pk, number=1)
    by_department, by_mode, reductions = document.tables
    assert [c.text for c in by_department.rows[0].cells] == ["排名", "责任单位", "发现问题", "已整改", "超期未整改",
                                                              "整改率"]
    figures = client.get(reverse("reports:dashboard"), {"campaign": scenario.a.pk}).context["figures"]
    assert len(by_department.rows) == 1 + len(figures.by_department)
    assert [[c.text for c in row.cells] for row in by_mode.rows] == [
        ["走流程方式", "次数"], ["模拟走流程", "1"], ["陪伴走流程", "1"], ["坐窗走流程", "1"]
    ]
    assert ["减费用（元）", "100.5", "1"] in [[c.text for c in row.cells] for row in reductions.rows]
    assert "一、各部门整改情况" in texts(document) and "四、月度趋势" in texts(document)
    parts = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    images = [name for name in parts if name.startswith("word/media/")]
    assert len(images) == 1 and images[0].endswith(".png")


@pytest.mark.django_db
def test_the_layout_is_gb_t_9704_a4_with_chinese_fonts_named_for_word_and_page_numbers(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="staff", password=PASSWORD)
    response, document = download(client, campaign=scenario.a.pk, number=2)
    section = document.sections[0]
    def mm(length):
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert [mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin), mm(section.right_margin)] == [
        37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == str(int(225 * 1440 / 25.4 / 22))

    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    title = next(p for p in document.paragraphs if p.text.endswith("活动开展情况"))
    assert title.runs[0].font.size == Pt(22)
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in document.paragraphs if p.text.startswith("截至"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent == Pt(32)

    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    assert document.settings.odd_and_even_pages_header_footer


@pytest.mark.django_db
def test_a_wrong_issue_number_says_what_to_fix_and_writes_nothing(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="staff", password=PASSWORD)
    response = client.get(reverse("reports:briefing_docx"), {"campaign": scenario.a.pk, "number": "0"}, follow=True)
    assert response.redirect_chain and "期号或签发人填写有误" in response.content.decode()


@pytest.mark.django_db
def test_a_participant_cannot_download_the_word_briefing(client, users):
    client.login(username="walker", password=PASSWORD)
    assert client.get(reverse("reports:briefing_docx"), {"number": 1}).status_code == 403


@pytest.mark.django_db
def test_the_briefing_page_offers_the_word_download_with_the_same_filter(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="leader", password=PASSWORD)
    page = client.get(reverse("reports:briefing"), {"campaign": scenario.a.pk}).content.decode()
    assert reverse("reports:briefing_docx") in page and f'name="campaign" value="{scenario.a.pk}"' in page


def test_a_chinese_font_installed_after_matplotlib_listed_its_fonts_is_still_found(monkeypatch):
    """matplotlib keeps its font list on disk from its first run; fonts-noto-cjk installed later was not in it and
    every Chinese label of the trend chart came out as a box."""
    from matplotlib import font_manager

    from reports.docx import chart

    system_cjk = [path for path in font_manager.findSystemFonts() if "cjk" in path.lower()]
    assert system_cjk, "CI installs fonts-noto-cjk (.ci/run); a CJK font must be on this machine"
    # The list as matplotlib cached it before fonts-noto-cjk was installed.
    stale_list = [font for font in font_manager.fontManager.ttflist if font.fname not in system_cjk]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale_list)
    chart._add_system_fonts.cache_clear()
    assert chart.cjk_font() in chart.CJK_FONTS


@pytest.mark.django_db
def test_the_english_word_briefing_has_no_chinese_of_its_own(client, org, users, settings):
    settings.BRIEFING_ORGAN = "Qingshan County Government Service Center"
    scenario = build_scenario(org, users)
    client.login(username="leader", password=PASSWORD)
    client.cookies["django_language"] = "en"
    _response, document = download(client, campaign=scenario.a.pk, number=3, signer="Wang")
    lines = texts(document)
    assert lines[-1].startswith("Qingshan County Government Service Center\tPrinted ")
    assert any("Issued by" in line or "Signed" in line or "Wang" in line for line in lines[:4])
    assert "印发" not in lines[-1] and "签发人" not in "".join(lines[:4])
