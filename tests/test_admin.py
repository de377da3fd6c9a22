"""The Django admin is usable for every model: each list, search and change page opens."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import ServiceItemFactory, WalkthroughFactory, make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, org, users):
    make_issue(by=users["staff"], department=org.market, title="取号机故障")
    User.objects.create_superuser("root", "root@example.gov.cn", "root-pass-123")
    client.login(username="root", password="root-pass-123")
    return client


def registered():
    return [(model._meta.app_label, model._meta.model_name) for model in admin.site._registry]


@pytest.mark.parametrize("app_label, model_name", registered())
def test_every_admin_list_opens_and_searches(superuser_client, app_label, model_name):
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert superuser_client.get(url).status_code == 200
    assert superuser_client.get(url, {"q": "青山"}).status_code == 200


def test_every_admin_change_page_opens(superuser_client, org, users):
    session = WalkthroughFactory(department=org.market, lead=users["walker"].official, created_by=users["walker"])
    session.service_items.add(ServiceItemFactory(department=org.market))
    opened = set()
    for model in admin.site._registry:
        row = model._default_manager.first()
        if row is not None:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk])
            assert superuser_client.get(url).status_code == 200, url
            opened.add(model._meta.model_name)
    core = {"department", "serviceitem", "campaign", "official", "walkthroughsession", "issue", "issueevent",
            "calendarday"}
    assert core <= opened


def test_the_issue_admin_shows_the_ledger_number_and_its_event_trail(superuser_client):
    page = superuser_client.get(reverse("admin:issues_issue_changelist")).content.decode()
    assert "取号机故障" in page
