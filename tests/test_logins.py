"""Logins: a guessed password locks out that username from that address (not the whole hall), with a Chinese
message saying what to do; the admin login is covered too; a session ends when left idle."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def attempt(client, username, password, *, address="10.0.0.8", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, users):
    for _ in range(30):
        attempt(client, "liaison", "wrong-guess")
    response = attempt(client, "liaison", PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert "登录失败次数过多" in page and "30分钟后再试" in page and "系统管理员" in page
    assert client.get(reverse("home")).status_code == 302  # not logged in


def test_the_lockout_holds_the_username_from_that_address_only(client, users):
    for _ in range(5):
        attempt(client, "liaison", "wrong-guess", address="10.0.0.8")
    # A colleague in the same hall (same NAT address) still logs in with his own account...
    assert attempt(client, "staff", PASSWORD, address="10.0.0.8").status_code == 302
    client.logout()
    # ...and the locked-out user himself from another address.
    assert attempt(client, "liaison", PASSWORD, address="10.0.0.9").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, users, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    for _ in range(5):
        attempt(client, "liaison", "wrong-guess")
    assert attempt(client, "liaison", PASSWORD).status_code == 429
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert attempt(client, "liaison", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_out_too(client, users):
    users["staff"].is_staff = True
    users["staff"].save()
    admin_login = reverse("admin:login")
    for _ in range(5):
        attempt(client, "staff", "wrong-guess", url=admin_login)
    response = attempt(client, "staff", PASSWORD, url=admin_login)
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()


def test_a_session_ends_after_two_idle_hours_and_each_request_pushes_the_end_back(client, users):
    assert attempt(client, "liaison", PASSWORD).status_code == 302
    session = Session.objects.get()
    assert session.expire_date <= timezone.now() + datetime.timedelta(hours=2, minutes=1)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + datetime.timedelta(hours=1, minutes=59)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))  # two hours without a request
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_session_cookie_ends_with_the_browser(client, users):
    response = attempt(client, "liaison", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]
