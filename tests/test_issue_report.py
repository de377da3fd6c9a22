"""登记问题: center staff enter a ledger line from a source other than a walkthrough."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from issues.models import Issue
from tests.factories import PASSWORD, ServiceItemFactory, make_issue

pytestmark = pytest.mark.django_db


def report_data(org, **overrides):
    data = {
        "source": "leader_message_board", "source_reference": "LY-2026-077", "title": "企业开办仍需跑两次",
        "description": "留言反映营业执照和公章刻制分两次办理", "category": "trips", "severity": "major",
        "department": org.market.pk, "responsible_person": "王强",
        "discovered_on": timezone.localdate().isoformat(), "deadline": "", "fixed_on_spot": "",
        "long_term_rule": "on", "remarks": "县长批示",
    }
    data.update(overrides)
    return data


def test_staff_register_an_issue_from_the_leaders_message_board(client, org, users):
    item = ServiceItemFactory(department=org.market)
    client.login(username="staff", password=PASSWORD)
    page = client.get(reverse("issues:issue_report")).content.decode()
    assert 'value="walkthrough"' not in page  # walkthrough findings are logged with their walkthrough
    response = client.post(reverse("issues:issue_report"), report_data(org, service_item=item.pk))
    issue = Issue.objects.get()
    assert response.status_code == 302 and response["Location"] == issue.get_absolute_url()
    assert (issue.source, issue.source_reference, issue.stage, issue.department, issue.service_item) == (
        "leader_message_board", "LY-2026-077", "experience", org.market, item
    )
    assert (issue.long_term_rule, issue.fixed_on_spot, issue.remarks, issue.created_by) == (
        True, False, "县长批示", users["staff"]
    )
    assert issue.events.get().actor == users["staff"]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"source": "walkthrough"}, "source", "选择一个有效的选项"),
        ({"title": ""}, "title", "字段是必填项"),  # Django says 这个…, DRF (installed later) 该…
        ({"discovered_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "discovered_on",
         "发现日期不能晚于今天"),
        ({"deadline": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()}, "deadline",
         "整改时限不能早于发现日期"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_kept(client, org, users, overrides, field, message):
    client.login(username="staff", password=PASSWORD)
    response = client.post(reverse("issues:issue_report"), report_data(org, **overrides))
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert f'id="error_1_id_{field}"' in page  # crispy puts the message under the field
    assert "留言反映营业执照和公章刻制分两次办理" in page
    assert not Issue.objects.exists()


def test_a_ticket_already_in_the_ledger_is_refused_with_its_number(client, org, users):
    existing = make_issue(by=users["staff"], source="leader_message_board", source_reference="LY-2026-077")
    existing.refresh_from_db()
    client.login(username="staff", password=PASSWORD)
    response = client.post(reverse("issues:issue_report"), report_data(org))
    assert response.status_code == 400
    assert f"该单号已登记为台账{existing.number}" in response.content.decode()
    assert Issue.objects.count() == 1


@pytest.mark.parametrize("who", ["leader", "liaison", "walker"])
def test_only_center_staff_register_issues(client, org, users, who):
    client.login(username=users[who].username, password=PASSWORD)
    assert client.get(reverse("issues:issue_report")).status_code == 403
    assert client.post(reverse("issues:issue_report"), report_data(org)).status_code == 403
    assert not Issue.objects.exists()
