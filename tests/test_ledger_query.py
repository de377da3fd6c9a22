"""What the ledger list and its Excel export make of the query string: a wrong filter value is shown to the user
(never a silently unfiltered list or an empty workbook), the export follows the list's sort, and the filter panel
opens only for a filter actually set."""

import datetime
from io import BytesIO
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from issues.models import Issue, IssueSighting
from tests.factories import PASSWORD, make_issue

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LEDGER = "issues:issue_list"


def page(client, query: str) -> str:
    response = client.get(f"{reverse(LEDGER)}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def table_numbers(html: str) -> list[str]:
    table = html.split('id="issue-table"')[1].split("</table>")[0]
    return [issue.number for issue in Issue.objects.all() if f">{issue.number}<" in table]


def filter_panel_open(html: str) -> bool:
    return "<details class=\"mb-3\" open>" in html


@pytest.fixture
def two_issues(org, users):
    late = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.RECTIFICATION)
    Issue.objects.filter(pk=late.pk).update(deadline=TODAY - datetime.timedelta(days=3))
    on_time = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.RECTIFICATION)
    return late, on_time


@pytest.mark.parametrize("query", ["overdue=maybe", "unassigned=2", "fixed_on_spot=yes", "callback=x"])
def test_a_yes_no_filter_with_a_value_it_does_not_know_says_so_beside_the_field(client, users, two_issues, query):
    client.login(username="staff", password=PASSWORD)
    html = page(client, query)
    name, value = query.split("=")
    assert f'id="id_{name}_error"' in html, "the error sits beside the field"
    assert f"“{value}”不是可选的值,请从列表中重新选择" in html
    assert "筛选条件有误,请按提示修改后重新查询" in html
    assert table_numbers(html) == [], "a wrong filter lists nothing rather than everything"
    assert filter_panel_open(html)


def test_a_yes_no_filter_still_understands_its_own_values(client, users, two_issues):
    late, on_time = two_issues
    client.login(username="staff", password=PASSWORD)
    assert table_numbers(page(client, "overdue=true")) == [late.number]
    assert table_numbers(page(client, "overdue=false")) == [on_time.number]
    html = page(client, "overdue=")
    assert "筛选条件有误" not in html and sorted(table_numbers(html)) == sorted([late.number, on_time.number])


@pytest.mark.parametrize("query", ["", "page=1", "sort=-deadline", "page=1&sort=title&per_page=50", "overdue=&q="])
def test_the_filter_panel_stays_closed_without_a_filter_set(client, users, two_issues, query):
    client.login(username="staff", password=PASSWORD)
    assert not filter_panel_open(page(client, query))


@pytest.mark.parametrize("query", ["overdue=true", "q=窗口&sort=title", "stage=rectification&page=1"])
def test_the_filter_panel_opens_when_a_filter_is_set(client, users, two_issues, query):
    client.login(username="staff", password=PASSWORD)
    assert filter_panel_open(page(client, query))


# ── The export ─────────────────────────────────────────────────────────────────────────────────────────────────

def export_numbers(response) -> list[str]:
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["整改台账"]
    return [row[1].value for row in sheet.iter_rows(min_row=4)]


@pytest.mark.parametrize(
    ("query", "wrong"),
    [
        ({"overdue": "maybe"}, "超期"), ({"kind": "nowhere"}, "类型"),
        ({"deadline_after": "2026-13-40"}, "整改时限"),
    ],
)
def test_an_export_with_a_wrong_filter_goes_back_to_the_ledger_and_names_the_filter(
    client, users, two_issues, query, wrong
):
    client.login(username="staff", password=PASSWORD)
    query = {**query, "sort": "title"}
    response = client.get(reverse("reports:ledger_export"), query)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(LEDGER)}?{urlencode(query)}"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith(f"筛选条件有误,未导出:{wrong}:")
    assert message.endswith("。请修改后再导出") and "。。" not in message


def test_a_walkthrough_export_with_a_wrong_filter_goes_back_to_the_walkthrough_list(client, users):
    client.login(username="staff", password=PASSWORD)
    response = client.get(reverse("reports:walkthrough_export"), {"mode": "flying"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('campaigns:walkthrough_list')}?mode=flying"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("筛选条件有误,未导出:")


@pytest.fixture
def sortable(org, users):
    """Three lines whose titles, deadlines and sightings sort differently from their numbers."""
    staff = users["staff"]
    first = make_issue(by=staff, department=org.market, title="丙 叫号", stage=Issue.Stage.RECTIFICATION)
    second = make_issue(by=staff, department=org.market, title="甲 材料", stage=Issue.Stage.RECTIFICATION)
    third = make_issue(by=staff, department=org.market, title="乙 收费", stage=Issue.Stage.RECTIFICATION)
    for issue, days in ((first, 9), (second, 1), (third, 5)):
        Issue.objects.filter(pk=issue.pk).update(deadline=TODAY + datetime.timedelta(days=days))
    for issue, seen in ((first, 1), (third, 2)):
        for _ in range(seen):
            IssueSighting.objects.create(issue=issue, reported_by=users["leader"], note="我也遇到")
    return first, second, third


@pytest.mark.parametrize("sort", ["deadline", "-deadline", "title", "-sighting_count", "sighting_count", "-number"])
def test_the_export_lists_the_lines_in_the_order_the_list_shows_them(client, users, sortable, sort):
    client.login(username="staff", password=PASSWORD)
    shown = table_numbers_in_order(page(client, f"sort={sort}"))
    assert len(shown) == 3
    assert export_numbers(client.get(reverse("reports:ledger_export"), {"sort": sort})) == shown


def test_the_export_without_a_sort_keeps_the_oldest_number_first(client, users, sortable):
    client.login(username="staff", password=PASSWORD)
    assert export_numbers(client.get(reverse("reports:ledger_export"))) == [issue.number for issue in sortable]
    # a sort the list does not offer changes nothing either
    assert export_numbers(client.get(reverse("reports:ledger_export"), {"sort": "secret"})) == [
        issue.number for issue in sortable
    ]


def table_numbers_in_order(html: str) -> list[str]:
    table = html.split('id="issue-table"')[1].split("</table>")[0]
    found = [(table.find(f">{issue.number}<"), issue.number) for issue in Issue.objects.all()]
    return [number for where, number in sorted(found) if where >= 0]


def test_a_nul_character_in_the_keyword_is_refused_in_words_a_clerk_understands(client, users, two_issues):
    """Django's own Chinese says 不允许是用空字符串 (a typo, and wrong: the text is not empty); vendor_locale says what
    to do."""
    client.login(username="staff", password=PASSWORD)
    html = page(client, "q=%E5%8A%9E%00")
    assert "不能包含空字符" in html and "不允许是用空字符串" not in html
    assert table_numbers(html) == []
