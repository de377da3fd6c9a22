"""Who sees what: scope is applied in selectors, and the URLs honour it."""

import pytest
from django.urls import reverse

from campaigns.selectors import walkthrough_list
from issues.selectors import issue_list
from tests.factories import PASSWORD, OfficialFactory, WalkthroughFactory, make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def issues(org, users):
    return {
        "market": make_issue(by=users["staff"], department=org.market, title="营业执照窗口排队过长"),
        "market_unit": make_issue(by=users["staff"], department=org.market_unit, title="登记注册股材料重复提交"),
        "police": make_issue(by=users["staff"], department=org.police, title="户口迁移指南与实际不一致"),
    }


def test_a_liaison_sees_his_department_and_its_subunits_only(users, issues):
    visible = set(issue_list(user=users["liaison"]).values_list("title", flat=True))
    assert visible == {"营业执照窗口排队过长", "登记注册股材料重复提交"}


def test_a_liaison_never_sees_another_departments_issue(users, issues):
    assert not issue_list(user=users["other_liaison"]).filter(pk=issues["market"].pk).exists()
    assert set(issue_list(user=users["other_liaison"])) == {issues["police"]}


def test_a_liaison_cannot_open_another_departments_issue_by_url(client, users, issues):
    client.login(username="liaison2", password=PASSWORD)
    assert client.get(reverse("issues:issue_detail", args=[issues["market"].pk])).status_code == 404
    assert client.get(reverse("issues:issue_detail", args=[issues["police"].pk])).status_code == 200


def test_the_exported_ledger_of_a_liaison_holds_only_his_department(client, users, issues):
    from io import BytesIO

    from openpyxl import load_workbook

    client.login(username="liaison2", password=PASSWORD)
    response = client.get(reverse("reports:ledger_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    numbers = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]]
    assert numbers == [issues["police"].number]


def test_staff_and_leaders_see_every_department(users, issues):
    assert issue_list(user=users["staff"]).count() == 3
    assert issue_list(user=users["leader"]).count() == 3


def test_a_liaison_without_a_department_sees_nothing(db, users, issues):
    users["liaison"].official.delete()
    users["liaison"].refresh_from_db()
    assert issue_list(user=users["liaison"]).count() == 0


def test_a_participant_sees_only_his_own_walkthroughs(org, users):
    mine = WalkthroughFactory(department=org.police, lead=users["walker"].official, created_by=users["walker"])
    WalkthroughFactory(department=org.police, lead=OfficialFactory(department=org.police), created_by=users["staff"])
    assert list(walkthrough_list(user=users["walker"])) == [mine]


def test_a_liaison_reads_walkthroughs_touching_his_department(org, users):
    lead = OfficialFactory(department=org.police)
    there = WalkthroughFactory(department=org.market_unit, lead=lead, created_by=users["staff"])
    WalkthroughFactory(department=org.police, lead=lead, created_by=users["staff"])
    assert list(walkthrough_list(user=users["liaison"])) == [there]


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("issues:issue_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
