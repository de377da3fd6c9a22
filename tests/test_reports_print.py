"""Print views: the issue as a one-page 整改单 for the file, and the briefing without the screen furniture."""

import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.reports_scenario import build_scenario

pytestmark = pytest.mark.django_db


def stylesheet(name: str) -> str:
    """The print rules live in static stylesheets (the CSP allows no inline <style>)."""
    from django.conf import settings

    return (settings.BASE_DIR / "static" / "css" / name).read_text()


def test_the_issue_prints_with_its_facts_measures_reductions_evaluation_and_timeline(client, org, users):
    issues = build_scenario(org, users).issues
    client.login(username="leader", password=PASSWORD)
    response = client.get(reverse("reports:issue_print", args=[issues.i2.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "“走流程”问题整改单" in page and issues.i2.number in page and "I2 材料重复提交" in page
    assert "减材料(份):6 → 4" in page and "满意" in page and "2025-04-15" in page
    assert page.count("评价验收 → 整改中") == 1 and page.count("整改中 → 评价验收") == 2  # reopened once
    assert "责任单位(盖章):" in page and "css/issue_print.css" in page and "data-print" in page
    assert "@media print" in stylesheet("issue_print.css")
    assert "<script>" not in page and "onclick" not in page  # the print button's script is a static file (CSP)


def test_the_printed_sheet_carries_every_timeline_row_and_keeps_the_signatures_with_the_last(client, org, users):
    from issues.timeline import issue_timeline

    issue = build_scenario(org, users).issues.i2
    client.login(username="leader", password=PASSWORD)
    page = client.get(reverse("reports:issue_print", args=[issue.pk])).content.decode()
    timeline = issue_timeline(issue)
    assert page.count('data-testid="print-timeline-row"') == len(timeline)
    for entry in timeline:
        assert str(entry.title) in page
    kept = page.split('id="last-row-and-signatures"')[1].split("</article>")[0]
    assert kept.count('data-testid="print-timeline-row"') == 1 and str(timeline[-1].title) in kept
    assert "责任单位(盖章):" in kept
    assert "break-inside: avoid" in stylesheet("issue_print.css") and "size: A4" in stylesheet("issue_print.css")


def test_an_overdue_issue_says_so_on_paper(client, org, users):
    issues = build_scenario(org, users).issues
    client.login(username="staff", password=PASSWORD)
    page = client.get(reverse("reports:issue_print", args=[issues.i3.pk])).content.decode()
    assert "2025-05-01 <strong>(已超期)</strong>" in page


def test_a_liaison_cannot_print_another_departments_issue(client, org, users):
    issues = build_scenario(org, users).issues
    client.login(username="liaison2", password=PASSWORD)
    assert client.get(reverse("reports:issue_print", args=[issues.i1.pk])).status_code == 404
    assert client.get(reverse("reports:issue_print", args=[issues.i6.pk])).status_code == 200


def test_the_briefing_prints_without_filters_buttons_or_navigation(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="leader", password=PASSWORD)
    page = client.get(reverse("reports:briefing"), {"campaign": scenario.a.pk}).content.decode()
    assert re.search(r'<nav class="[^"]*d-print-none', page)  # base.html hides the navigation on paper
    assert "report-filters" in page and "css/reports.css" in page
    assert ".report-filters, .btn, .alert { display: none !important; }" in stylesheet("reports.css")
    assert '<header class="print-only text-center mb-4">' in page and "“走流程”工作简报" in page
