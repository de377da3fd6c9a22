"""Drafts sent from a phone with weak Wi-Fi: the same draft sent twice makes one record (the server enforces the
idempotency key, not the phone); the queue gets JSON back; the app's manifest and service worker are served."""

import json
import threading
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.urls import reverse

from campaigns.models import DraftReceipt, WalkthroughAttachment, WalkthroughSession
from issues.models import Issue
from tests.factories import PASSWORD, CampaignFactory
from tests.walkthrough_posts import walkthrough_post

pytestmark = pytest.mark.django_db
NEW = reverse("campaigns:walkthrough_create")
QUEUE = {"HTTP_X_DRAFT_QUEUE": "1"}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def photo():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("queue.png", PNG, content_type="image/png")


@pytest.fixture
def sent(client, org, users):
    client.login(username="walker", password=PASSWORD)
    key = str(uuid.uuid4())

    def send(**overrides):
        data = walkthrough_post(campaign=campaign, department=org.market, lead=users["walker"].official,
                                findings=["窗口无人"], draft_key=key, photos=photo(), **overrides)
        return client.post(NEW, data, **QUEUE)

    campaign = CampaignFactory()
    send.key = key
    return send


def test_a_draft_sent_twice_makes_one_record_with_one_photo_and_one_finding(sent):
    first, second = sent(), sent()
    session = WalkthroughSession.objects.get()
    assert first.status_code == second.status_code == 200
    assert first.json() == {"ok": True, "url": session.get_absolute_url(), "repeat": False}
    assert second.json() == {"ok": True, "url": session.get_absolute_url(), "repeat": True}
    assert WalkthroughAttachment.objects.filter(session=session).count() == 1
    assert Issue.objects.filter(walkthrough=session).count() == 1
    assert DraftReceipt.objects.get().key == uuid.UUID(sent.key)


def test_a_draft_sent_again_after_the_page_was_reloaded_still_makes_one_record(client, sent):
    sent()
    response = client.post(NEW, walkthrough_post(
        campaign=WalkthroughSession.objects.get().campaign, department=WalkthroughSession.objects.get().department,
        lead=WalkthroughSession.objects.get().lead, draft_key=sent.key,
    ))  # the ordinary form post, not the queue
    assert response.status_code == 302 and WalkthroughSession.objects.count() == 1


def test_a_draft_with_errors_gets_the_reasons_back_and_nothing_is_written(sent):
    response = sent(mode="proxy", citizen_name="")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["citizen_name"] and not WalkthroughSession.objects.exists()
    assert not DraftReceipt.objects.exists()


def test_another_users_draft_key_is_refused_not_matched(client, sent, users, org):
    sent()
    client.login(username="staff", password=PASSWORD)
    data = walkthrough_post(campaign=WalkthroughSession.objects.get().campaign, department=org.market,
                            lead=users["walker"].official, draft_key=sent.key)
    response = client.post(NEW, data, **QUEUE)
    assert response.status_code == 400 and "草稿标识无效" in json.dumps(response.json(), ensure_ascii=False)
    assert WalkthroughSession.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_sends_of_one_draft_at_the_same_moment_make_one_record(org, users):
    """The key is the receipt's primary key: the second send waits on the first's row and then finds it."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from django.test import Client

    campaign, key, replies = CampaignFactory(), str(uuid.uuid4()), []
    barrier = threading.Barrier(2)

    def send():
        client = Client()
        client.login(username="walker", password=PASSWORD)
        data = walkthrough_post(campaign=campaign, department=org.market, lead=users["walker"].official,
                                findings=["窗口无人"], draft_key=key)
        barrier.wait()
        replies.append(client.post(NEW, data, **QUEUE).json())
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert WalkthroughSession.objects.count() == 1 and Issue.objects.count() == 1
    assert sorted(reply["repeat"] for reply in replies) == [False, True]


def test_the_service_worker_is_served_where_its_scope_covers_the_form(client):
    response = client.get(reverse("campaigns:service_worker"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/walkthroughs/"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert NEW.startswith(response["Service-Worker-Allowed"])
    assert b"addEventListener(\"fetch\"" in response.content


def test_the_manifest_installs_the_form_from_static_files(client, users):
    manifest = json.loads(open(finders.find("manifest.webmanifest"), encoding="utf-8").read())
    assert manifest["start_url"] == NEW and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert all(finders.find(icon["src"]) for icon in manifest["icons"])
    client.login(username="walker", password=PASSWORD)
    page = client.get(NEW).content.decode()
    assert 'rel="manifest"' in page and 'data-sw-url="/walkthroughs/sw.js"' in page and 'id="outbox"' in page
    assert "<script>" not in page  # every script from static/, for the strict CSP
