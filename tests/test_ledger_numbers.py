"""Ledger numbers stay unique and in order past 9,999 lines a year, in the list, the search and the export."""

import datetime
from io import BytesIO

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from issues.models import Issue, IssueNumberCounter, issue_number
from issues.services import issue_create
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
FOUND = datetime.date(2026, 3, 2)


@pytest.fixture
def big_year(users):
    """Lines 999, 9999, 10000, 100000 and 1000000 of 2026, numbered by the service as the counter runs on."""
    made = []
    for sequence in (999, 9999, 10000, 100000, 1000000):
        IssueNumberCounter.objects.update_or_create(year=2026, defaults={"last_sequence": sequence - 1})
        issue = issue_create(by=users["staff"], title=f"第{sequence}条", discovered_on=FOUND,
                             source=Issue.Source.HOTLINE_12345)
        issue.refresh_from_db()
        made.append(issue)
    return made


def test_numbers_past_9999_are_not_cut_and_match_the_python_form(big_year):
    assert [issue.number for issue in big_year] == [
        "2026-0999", "2026-9999", "2026-10000", "2026-100000", "2026-1000000"
    ]
    assert [issue_number(issue.year, issue.sequence) for issue in big_year] == [i.number for i in big_year]


def test_the_database_refuses_a_second_line_with_the_same_number(big_year, users):
    twin = Issue(year=2026, sequence=10000, title="重号", discovered_on=FOUND, created_by=users["staff"],
                 source=Issue.Source.HOTLINE_12345)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_ledger_sorts_by_number_in_numeric_order_and_search_finds_long_numbers(client, org, big_year):
    client.login(username="staff", password=PASSWORD)
    url = reverse("issues:issue_list")
    shown = [row.record.number for row in client.get(url, {"sort": "number"}).context["table"].page.object_list]
    assert shown == ["2026-0999", "2026-9999", "2026-10000", "2026-100000", "2026-1000000"]
    for typed, expected in [("2026-10000", "2026-10000"), ("2026-999", "2026-0999"), ("2026－0999", "2026-0999")]:
        found = [row.record.number for row in client.get(url, {"q": typed}).context["table"].page.object_list]
        assert expected in found, typed
    found = [row.record.number for row in client.get(url, {"q": "2026-10000"}).context["table"].page.object_list]
    assert sorted(found) == ["2026-10000", "2026-100000", "2026-1000000"]  # as typed, and those it starts


def test_the_export_writes_the_same_numbers_in_the_same_order(client, org, big_year):
    client.login(username="staff", password=PASSWORD)
    response = client.get(reverse("reports:ledger_export"))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(BytesIO(content)).active
    numbers = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert numbers == ["2026-0999", "2026-9999", "2026-10000", "2026-100000", "2026-1000000"]
    assert all(sheet.cell(row, 2).data_type == "s" for row in range(4, 9))
