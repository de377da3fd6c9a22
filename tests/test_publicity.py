"""整改公示: a public page of rectified problems — published ones only, nothing personal, withdrawable, cached."""

import random
import time

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from issues.models import Issue
from publicity.models import Publication
from publicity.personal import personal_data_found
from publicity.services import CACHE_VERSION_KEY, publication_publish, publication_withdraw
from tests.factories import PASSWORD, make_issue

PUBLIC = "publicity:public_list"


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """A version no earlier run has used, so no page cached by another test (or run) is served here."""
    cache.set(CACHE_VERSION_KEY, int(time.time() * 1000) * 100 + random.randrange(100), timeout=None)


@pytest.fixture(autouse=True)
def on_commit_runs(monkeypatch):
    """The test's transaction never commits: run what the services leave for after the commit straight away."""
    monkeypatch.setattr("publicity.services.transaction.on_commit", lambda callback, **kwargs: callback())


@pytest.fixture
def closed_issue(org, users):
    return make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.CLOSED,
                      title="张三反映营业执照要跑三次", responsible_person="李四",
                      measures="推行一窗通办,13812345678联系", callback_by="王五")


def publish(issue, users, **texts):
    texts.setdefault("found_text", "营业执照办理需要多次跑动")
    texts.setdefault("done_text", "推行“一窗通办”,一次办结")
    return publication_publish(issue=issue, by=users["staff"], **texts)


@pytest.mark.django_db
def test_anyone_sees_a_published_rectified_problem_without_logging_in(client, closed_issue, users):
    publish(closed_issue, users)
    response = client.get(reverse(PUBLIC))
    page = response.content.decode()
    assert response.status_code == 200
    assert "营业执照办理需要多次跑动" in page and "推行“一窗通办”,一次办结" in page
    assert "县市场监管局" in page and "整改完成" in page
    assert response["Cache-Control"].startswith("public") or "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_public_page_never_shows_names_phones_or_anything_unpublished(client, closed_issue, org, users):
    publish(closed_issue, users)
    make_issue(by=users["staff"], department=org.police, stage=Issue.Stage.CLOSED, title="未公示的问题")
    page = client.get(reverse(PUBLIC)).content.decode()
    for secret in ("张三", "李四", "王五", "13812345678", "未公示的问题", closed_issue.number, "staff"):
        assert secret not in page


@pytest.mark.django_db
def test_a_phone_or_id_number_in_the_public_words_is_refused_with_what_to_remove(closed_issue, users):
    with pytest.raises(ValidationError) as refused:
        publish(closed_issue, users, found_text="群众138 1234 5678反映", done_text="已联系身份证11010519491231002X本人")
    assert refused.value.message_dict == {
        "found_text": ["公示文字中不能含有手机号码,请删除后再发布"],
        "done_text": ["公示文字中不能含有身份证号码,请删除后再发布"],
    }
    assert not Publication.objects.exists()
    assert personal_data_found("电话0571-87654321") == ["固定电话"]
    assert personal_data_found("减少3个环节,时限由20个工作日压减至5个工作日") == []


@pytest.mark.django_db
def test_only_a_rectified_problem_can_be_published(org, users):
    open_issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.RECTIFICATION)
    with pytest.raises(ValidationError) as refused:
        publish(open_issue, users)
    assert "只有已整改完成(已销号)的问题可以公示" in str(refused.value)


@pytest.mark.django_db
def test_a_withdrawn_item_leaves_the_cached_page_at_once_and_can_be_published_again(client, closed_issue, users):
    publication = publish(closed_issue, users)
    with pytest.raises(Exception):  # noqa: B017 - a liaison may not withdraw
        publication_withdraw(publication=publication, by=users["liaison"])
    assert "营业执照办理需要多次跑动" in client.get(reverse(PUBLIC)).content.decode()  # now cached
    publication_withdraw(publication=publication, by=users["staff"], reason="表述需修改")
    assert "营业执照办理需要多次跑动" not in client.get(reverse(PUBLIC)).content.decode()
    publication.refresh_from_db()
    assert publication.withdrawn_by == users["staff"] and publication.withdrawn_reason == "表述需修改"
    publish(closed_issue, users, found_text="办理营业执照要跑多次")
    assert "办理营业执照要跑多次" in client.get(reverse(PUBLIC)).content.decode()
    assert Publication.objects.count() == 1


@pytest.mark.django_db
def test_the_public_page_is_served_from_the_cache(client, closed_issue, users, django_assert_num_queries):
    publish(closed_issue, users)
    client.get(reverse(PUBLIC))
    with django_assert_num_queries(0):
        assert "营业执照办理需要多次跑动" in client.get(reverse(PUBLIC)).content.decode()


@pytest.mark.django_db
def test_the_qr_code_for_the_hall_wall_links_to_the_public_page(client, settings):
    settings.SITE_URL = "https://zlc.example.gov.cn"
    svg = client.get(reverse("publicity:public_qr_svg"))
    png = client.get(reverse("publicity:public_qr_png"))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    from publicity.qr import public_page_url
    assert public_page_url(None) == "https://zlc.example.gov.cn/gongshi/"


@pytest.mark.django_db
def test_staff_publish_from_the_management_page_and_others_may_not(client, closed_issue, users):
    client.login(username="staff", password=PASSWORD)
    manage = client.get(reverse("publicity:manage")).content.decode()
    assert closed_issue.number in manage and reverse("publicity:publish", args=[closed_issue.pk]) in manage
    form = client.get(reverse("publicity:publish", args=[closed_issue.pk]))
    assert form.context["form"].initial["found_text"] == closed_issue.title
    response = client.post(reverse("publicity:publish", args=[closed_issue.pk]),
                           {"found_text": "电话13812345678", "done_text": "已整改"})
    assert "公示文字中不能含有手机号码" in response.content.decode()
    response = client.post(reverse("publicity:publish", args=[closed_issue.pk]),
                           {"found_text": "办事指南不清楚", "done_text": "重新编制办事指南"}, follow=True)
    assert "已发布到整改公示页面" in response.content.decode()
    publication = Publication.objects.get()
    client.post(reverse("publicity:withdraw", args=[publication.pk]), {"reason": "重复"})
    publication.refresh_from_db()
    assert not publication.is_shown
    client.logout()
    client.login(username="leader", password=PASSWORD)
    assert client.get(reverse("publicity:manage")).status_code == 403
    assert client.post(reverse("publicity:withdraw", args=[publication.pk])).status_code == 403
