"""Department choices do not send every department into every page: the chosen one is rendered, others are found
by name through the lookup, within the user's scope."""

import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select named {name}"
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def test_the_ledger_filter_renders_only_the_chosen_department(client, org, users):
    client.login(username="staff", password=PASSWORD)
    html = client.get(reverse("issues:issue_list"), {"department": org.market.pk}).content.decode()
    assert _options(html, "department") == ["", str(org.market.pk)]
    assert _options(html, "department_exact") == [""]
    assert 'data-lookup-url="/departments/lookup/"' in html
    assert "县公安局" not in html  # not chosen, so not sent


def test_a_chosen_department_still_filters_the_ledger_by_its_subtree(client, org, users):
    from issues.workflow import Stage
    from tests.factories import make_issue

    make_issue(by=users["staff"], department=org.market_unit, stage=Stage.FEEDBACK, title="登记注册股的问题")
    make_issue(by=users["staff"], department=org.police, stage=Stage.FEEDBACK, title="公安局的问题")
    client.login(username="staff", password=PASSWORD)
    html = client.get(reverse("issues:issue_list"), {"department": org.market.pk}).content.decode()
    assert "登记注册股的问题" in html and "公安局的问题" not in html


def test_the_lookup_finds_departments_by_name_with_their_parents(client, org, users):
    client.login(username="staff", password=PASSWORD)
    results = client.get(reverse("department_lookup"), {"q": "市场"}).json()["results"]
    assert [r["label"] for r in results] == ["县市场监管局", "县市场监管局 › 县市场监管局登记注册股"]
    assert client.get(reverse("department_lookup"), {"q": ""}).json()["results"] == []


def test_a_liaison_looks_up_only_his_own_subtree(client, org, users):
    client.login(username="liaison", password=PASSWORD)
    labels = [r["label"] for r in client.get(reverse("department_lookup"), {"q": "县"}).json()["results"]]
    assert labels == ["县市场监管局", "县市场监管局 › 县市场监管局登记注册股"]


def test_the_lookup_needs_a_login(client, org):
    response = client.get(reverse("department_lookup"), {"q": "县"})
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_dashboard_filter_renders_only_the_chosen_department(client, org, users):
    client.login(username="leader", password=PASSWORD)
    html = client.get(reverse("reports:dashboard"), {"campaign": "", "department": org.police.pk}).content.decode()
    assert _options(html, "department") == ["", str(org.police.pk)]


TYPED = "typed:市场"  # what the picker posts when a name was typed but no department chosen from the list


def _chosen(html: str, name: str) -> tuple[str, str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    value, label = re.search(r'<option value="([^"]*)"[^>]*selected[^>]*>([^<]*)</option>', select).groups()
    return value, label


@pytest.mark.parametrize("name", ["department", "department_exact"])
def test_a_name_typed_but_not_picked_in_the_ledger_filter_asks_to_pick_and_keeps_the_text(client, org, users, name):
    client.login(username="staff", password=PASSWORD)
    html = client.get(reverse("issues:issue_list"), {name: TYPED}).content.decode()
    assert f'id="id_{name}_error"' in html
    assert "请从列表中选择一个部门:输入“市场”后尚未选中" in html
    assert _chosen(html, name) == (TYPED, "市场")  # the picker shows what was typed


def test_a_name_typed_but_not_picked_on_the_dashboard_asks_to_pick(client, org, users):
    client.login(username="leader", password=PASSWORD)
    html = client.get(reverse("reports:dashboard"), {"department": TYPED}).content.decode()
    assert "请从列表中选择一个部门:输入“市场”后尚未选中" in html
    assert _chosen(html, "department") == (TYPED, "市场")


def test_a_name_typed_but_not_picked_in_the_bulk_hand_off_hands_nothing_off(client, org, users):
    from issues.models import Issue
    from tests.factories import make_issue

    issue = make_issue(by=users["staff"], department=org.market)
    client.login(username="staff", password=PASSWORD)
    response = client.post(reverse("issues:issue_list"), {"issues": [issue.pk], "department": TYPED})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请从列表中选择一个部门:输入“市场”后尚未选中" in html
    assert _chosen(html.split('id="bulk-hand-off"')[1], "department") == (TYPED, "市场")
    assert Issue.objects.get(pk=issue.pk).stage == "experience"
