"""The intake API: 12345 tickets and 好差评 reviews become ledger lines once, bad input writes nothing, and the
platform hears back when the issue is closed — retried until it answers."""

import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import IntakePlatform, IntakeTicket, WebhookDelivery
from intake.tokens import platform_create
from intake.webhooks import deliveries_due, delivery_attempt
from issues.models import Issue, IssueNumberCounter
from issues.services import issue_report, issue_transition
from tests.factories import ServiceItemFactory, make_issue

HOTLINE = "intake:hotline_tickets"
REVIEWS = "intake:reviews"


@pytest.fixture
def hotline(db):
    return platform_create(name="县12345热线", kind=IntakePlatform.Kind.HOTLINE_12345)


@pytest.fixture
def reviews(db):
    return platform_create(name="省好差评系统", kind=IntakePlatform.Kind.REVIEW)


def post(client, name, token, body):
    return client.post(reverse(name), json.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}")


def ticket(**fields):
    return {"ticket_number": "GD20261129001", "title": "不动产登记窗口排队两小时", "content": "市民反映排队时间过长",
            "received_on": timezone.localdate().isoformat(), **fields}


@pytest.mark.django_db
def test_a_hotline_ticket_becomes_a_ledger_line_at_experience(client, hotline, org):
    platform, token = hotline
    response = post(client, HOTLINE, token, ticket(department_code=org.market.code, category="trips"))
    assert response.status_code == 201
    issue = Issue.objects.get()
    assert response.json() == {"issue_number": issue.number, "stage": "experience", "created": True}
    assert (issue.source, issue.source_reference, issue.stage) == ("hotline_12345", "GD20261129001", "experience")
    assert issue.department == org.market and issue.category == "trips" and issue.created_by == platform.user
    assert issue.events.get().to_stage == "experience"


@pytest.mark.django_db
def test_the_same_ticket_sent_twice_however_spelled_is_one_line(client, hotline, org):
    _platform, token = hotline
    first = post(client, HOTLINE, token, ticket())
    again = post(client, HOTLINE, token, ticket(ticket_number=" gd２０２６1129 001 ", title="重复推送"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {**first.json(), "created": False}
    assert Issue.objects.count() == 1 and IntakeTicket.objects.count() == 1


@pytest.mark.django_db
def test_a_ticket_already_entered_by_hand_is_not_entered_again(client, hotline, users):
    _platform, token = hotline
    by_hand = issue_report(by=users["staff"], title="手工登记", discovered_on=timezone.localdate(),
                           source=Issue.Source.HOTLINE_12345, source_reference="GD20261129001")
    response = post(client, HOTLINE, token, ticket())
    assert response.status_code == 200 and response.json()["issue_number"] == by_hand.number
    assert Issue.objects.count() == 1 and IntakeTicket.objects.get().issue == by_hand


@pytest.mark.django_db
def test_a_bad_payload_gets_field_errors_and_writes_nothing(client, hotline):
    _platform, token = hotline
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(client, HOTLINE, token, ticket(ticket_number="  ", title="", received_on=tomorrow,
                                                   category="weather", service_item_code="NO-SUCH"))
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"ticket_number", "title", "received_on", "category", "service_item_code"}
    assert errors["received_on"] == ["日期不能晚于今天"] and errors["service_item_code"] == ["没有编码为NO-SUCH的事项"]
    assert not Issue.objects.exists() and not IntakeTicket.objects.exists()
    assert not IssueNumberCounter.objects.filter(last_sequence__gt=0).exists()
    not_json = client.post(reverse(HOTLINE), "ticket=1", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert not_json.status_code == 400 and not Issue.objects.exists()


@pytest.mark.django_db
def test_each_token_opens_only_its_own_platforms_endpoint(client, hotline, reviews):
    platform, token = hotline
    assert client.post(reverse(HOTLINE), ticket(), content_type="application/json").status_code == 401
    assert post(client, HOTLINE, "zlc_not-a-token", ticket()).status_code == 401
    assert post(client, REVIEWS, token, {}).status_code == 403
    IntakePlatform.objects.filter(pk=platform.pk).update(is_active=False)
    assert post(client, HOTLINE, token, ticket()).status_code == 401
    assert not Issue.objects.exists()


@pytest.mark.django_db
def test_a_malformed_authorization_header_is_named_as_such(client, hotline):
    _platform, token = hotline
    for header in (f"Token {token}", token, f"Bearer {token} extra"):
        response = client.post(reverse(HOTLINE), ticket(), content_type="application/json",
                               HTTP_AUTHORIZATION=header, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 401 and "Bearer <令牌>" in response.json()["detail"], header
    assert post(client, HOTLINE, "zlc_not-a-token", ticket()).json()["detail"] == "令牌无效或平台已停用"
    response = client.post(reverse(HOTLINE), json.dumps(ticket()), content_type="application/json",
                           HTTP_AUTHORIZATION=f"bearer {token}")
    assert response.status_code == 201
    assert not Issue.objects.exclude(source_reference=ticket()["ticket_number"]).exists()


@pytest.mark.django_db
def test_a_bad_review_becomes_a_line_with_its_rating_and_window(client, reviews, org):
    item = ServiceItemFactory(department=org.market)
    _platform, token = reviews
    response = post(client, REVIEWS, token, {
        "review_number": "HCP-88", "title": "窗口人员态度差", "rating": "very_dissatisfied", "window": "5号窗口",
        "reviewed_on": timezone.localdate().isoformat(), "service_item_code": item.code, "category": "staff_conduct",
    })
    assert response.status_code == 201
    issue = Issue.objects.get()
    assert (issue.source, issue.source_reference, issue.service_item) == ("review", "HCP-88", item)
    assert issue.remarks == "评价等级:非常不满意;窗口:5号窗口"
    praise = post(client, REVIEWS, token, {"review_number": "HCP-89", "title": "x", "rating": "satisfied",
                                           "reviewed_on": "2026-01-01"})
    assert praise.status_code == 400 and list(praise.json()) == ["rating"] and Issue.objects.count() == 1


@pytest.mark.django_db
def test_the_openapi_schema_is_published(client):
    response = client.get(reverse("intake:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert set(schema["paths"]) == {"/api/intake/v1/hotline-tickets/", "/api/intake/v1/reviews/"}
    assert schema["components"]["securitySchemes"]["platformToken"]["scheme"] == "bearer"


class _Platform(BaseHTTPRequestHandler):
    answers: list[int] = []
    received: list[tuple[dict, bytes]] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).answers.pop(0))
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def platform_server():
    _Platform.answers, _Platform.received = [], []
    server = HTTPServer(("127.0.0.1", 0), _Platform)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, _Platform
    server.shutdown()
    server.server_close()


def close(issue, users):
    issue = make_issue_at_evaluation(issue)
    return issue_transition(issue=issue, action="accept", by=users["staff"], changes={"evaluation": "satisfied"})


def make_issue_at_evaluation(issue):
    Issue.objects.filter(pk=issue.pk).update(stage=Issue.Stage.EVALUATION, department=issue.department_id or None,
                                             measures="增设取号机,高峰时段增开窗口")
    issue.refresh_from_db()
    return issue


@pytest.mark.django_db
def test_closing_the_issue_pushes_the_result_back_retrying_until_the_platform_takes_it(
        client, org, users, platform_server, django_capture_on_commit_callbacks, monkeypatch):
    server, handler = platform_server
    platform, token = platform_create(name="县12345热线", kind=IntakePlatform.Kind.HOTLINE_12345,
                                      webhook_url=f"http://127.0.0.1:{server.server_port}/result")
    post(client, HOTLINE, token, ticket(department_code=org.market.code))
    issue = Issue.objects.get()
    sent = []
    monkeypatch.setattr("issues.tasks.enqueue", lambda task, *args: sent.append((task.name, *args)) or True)
    with django_capture_on_commit_callbacks(execute=True):
        close(issue, users)
    delivery = WebhookDelivery.objects.get()
    assert ("intake.tasks.deliver_webhook", delivery.pk) in sent and delivery.status == "pending"
    assert delivery.payload["ticket_number"] == "GD20261129001" and delivery.payload["issue_number"] == issue.number

    handler.answers = [503]
    now = timezone.now()
    delivery = delivery_attempt(delivery_id=delivery.pk, now=now)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "HTTP 503")
    assert delivery.next_attempt_at == now + datetime.timedelta(minutes=1)
    assert deliveries_due(now=now) == [] and deliveries_due(now=now + datetime.timedelta(minutes=1)) == [delivery.pk]

    handler.answers = [200]
    delivery = delivery_attempt(delivery_id=delivery.pk, now=now + datetime.timedelta(minutes=1))
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    headers, body = handler.received[-1]
    expected = "sha256=" + hmac.new(platform.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Walkthrough-Signature"] == expected and json.loads(body)["event"] == "issue.closed"
    assert delivery_attempt(delivery_id=delivery.pk) is None  # delivered once, never again


@pytest.mark.django_db
def test_an_unreachable_platform_keeps_its_delivery_with_growing_pauses(org, users, settings):
    settings.WEBHOOK_TIMEOUT = 0.5
    platform, _token = platform_create(name="好差评", kind=IntakePlatform.Kind.REVIEW,
                                       webhook_url="http://127.0.0.1:9/closed")
    issue = make_issue(by=users["staff"], department=org.market, source=Issue.Source.REVIEW, source_reference="R1")
    IntakeTicket.objects.create(platform=platform, reference="R1", issue=issue)
    close(issue, users)
    now = timezone.now()
    pauses = []
    for _attempt in range(8):
        delivery = delivery_attempt(delivery_id=WebhookDelivery.objects.get().pk, now=now)
        pauses.append(int((delivery.next_attempt_at - now).total_seconds() // 60))
    assert pauses == [1, 2, 4, 8, 16, 32, 60, 60]
    assert delivery.status == "pending" and delivery.attempts == 8 and delivery.last_error
