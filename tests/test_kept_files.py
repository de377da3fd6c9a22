"""Files chosen on a walkthrough form that comes back with errors are kept: listed on the form shown again, saved
with the record without being chosen again, shown to nobody but the walker who chose them, and purged when the
form is never saved."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import PendingAttachment, WalkthroughSession
from campaigns.roles import Role
from campaigns.tasks import purge_pending_attachments
from tests.factories import PASSWORD, CampaignFactory, user_with_role
from tests.walkthrough_posts import walkthrough_post

pytestmark = pytest.mark.django_db
NEW = reverse("campaigns:walkthrough_create")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def walker(client, users):
    client.login(username="walker", password=PASSWORD)
    return users["walker"]


def token_of(page: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def refused_with_photo(client, org, walker, **files):
    """The walker opens the form, chooses a photo and leaves out the complaint's reference (required in reverse
    mode): the form comes back. Returns (the POST data, fixed, with the token of the page shown again; that page)."""
    token = token_of(client.get(NEW).content.decode())
    data = walkthrough_post(campaign=CampaignFactory(), department=org.market, lead=walker.official,
                            complaint_reference="", form_token=token)
    response = client.post(NEW, {**data, "photos": [SimpleUploadedFile("大厅.png", PNG, content_type="image/png")],
                                 **files})
    assert response.status_code == 200 and not WalkthroughSession.objects.exists()
    page = response.content.decode()
    return {**data, "complaint_reference": "12345-2026-01234", "form_token": token_of(page)}, page


def test_a_photo_chosen_on_a_refused_form_is_saved_with_the_record_without_choosing_it_again(client, org, walker):
    fixed, page = refused_with_photo(client, org, walker)
    assert "已保留的附件" in page and "大厅.png" in page

    response = client.post(NEW, fixed)  # no file chosen this time
    session = WalkthroughSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    photo = session.attachments.get()
    assert (photo.kind, photo.original_name, photo.content_type) == ("photo", "大厅.png", "image/png")
    assert photo.file.read() == PNG
    detail = client.get(session.get_absolute_url()).content.decode()
    assert reverse("campaigns:attachment_download", args=[photo.pk]) in detail


def kept_url(kept) -> str:
    return reverse("campaigns:pending_attachment_download", args=[kept.pk])


def test_a_kept_file_is_served_to_the_walker_who_chose_it_and_to_nobody_else(client, org, walker, users):
    refused_with_photo(client, org, walker)
    kept = PendingAttachment.objects.get()
    response = client.get(kept_url(kept))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["X-Content-Type-Options"] == "nosniff"

    user_with_role(Role.PARTICIPANT, "walker2", department=org.market)
    for username in ("walker2", "staff", "leader", "liaison"):
        other = Client()
        other.login(username=username, password=PASSWORD)
        assert other.get(kept_url(kept)).status_code == 404, username
    assert Client().get(kept_url(kept)).status_code == 302  # to the login page


def test_another_users_form_token_does_not_hand_him_the_kept_files(client, org, walker, users):
    fixed, _ = refused_with_photo(client, org, walker)
    staff = Client()
    staff.login(username="staff", password=PASSWORD)
    response = staff.post(NEW, {**fixed, "lead": walker.official.pk})
    assert response.status_code == 302
    assert not WalkthroughSession.objects.get().attachments.exists()
    assert PendingAttachment.objects.filter(uploaded_by=walker).count() == 1


def test_a_kept_file_struck_out_is_not_saved_and_its_file_is_deleted(client, org, walker,
                                                                     django_capture_on_commit_callbacks):
    fixed, _ = refused_with_photo(client, org, walker)
    kept = PendingAttachment.objects.get()
    storage, name = kept.file.storage, kept.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {**fixed, "discard_kept": [kept.pk]})
    assert not WalkthroughSession.objects.get().attachments.exists()
    assert not PendingAttachment.objects.exists() and not storage.exists(name)


def test_a_file_that_fails_its_checks_is_refused_and_not_kept(client, org, walker):
    refused_with_photo(client, org, walker, attachments=[SimpleUploadedFile("说明.pdf", PDF)])
    assert {k.original_name for k in PendingAttachment.objects.all()} == {"大厅.png", "说明.pdf"}
    token = token_of(client.get(NEW).content.decode())
    data = walkthrough_post(campaign=CampaignFactory(), department=org.market, lead=walker.official,
                            complaint_reference="", form_token=token)
    response = client.post(NEW, {**data, "photos": [SimpleUploadedFile("照片.jpg", PDF, content_type="image/jpeg")]})
    page = response.content.decode()
    assert "不是图片" in page and "照片.jpg" in page and 'id="kept-files"' not in page
    assert not PendingAttachment.objects.filter(form_token=token).exists()


def test_a_draft_being_edited_keeps_its_files_too(client, org, walker):
    data = walkthrough_post(campaign=CampaignFactory(), department=org.market, lead=walker.official, draft=True)
    client.post(NEW, data)
    session = WalkthroughSession.objects.get()
    edit = reverse("campaigns:walkthrough_edit", args=[session.pk])
    token = token_of(client.get(edit).content.decode())
    submit = {**data, "complaint_reference": "", "form_token": token, "submit": "1"}
    submit.pop("save_draft")
    page = client.post(edit, {**submit, "photos": [SimpleUploadedFile("窗口.png", PNG)]}).content.decode()
    assert "窗口.png" in page and PendingAttachment.objects.count() == 1
    client.post(edit, {**submit, "complaint_reference": "12345-2026-01234", "form_token": token_of(page)})
    session.refresh_from_db()
    assert session.is_submitted and [a.original_name for a in session.attachments.all()] == ["窗口.png"]
    assert not PendingAttachment.objects.exists()


def test_kept_files_of_forms_never_saved_are_purged_after_a_day(client, org, walker, settings,
                                                               django_capture_on_commit_callbacks):
    refused_with_photo(client, org, walker)
    refused_with_photo(client, org, walker)
    stale, fresh = PendingAttachment.objects.order_by("pk")
    PendingAttachment.objects.filter(pk=stale.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(hours=settings.PENDING_ATTACHMENT_KEEP_HOURS, minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_pending_attachments() == 1
    assert list(PendingAttachment.objects.all()) == [fresh]
    assert not stale.file.storage.exists(stale.file.name) and fresh.file.storage.exists(fresh.file.name)
    assert "purge-pending-attachments" in settings.CELERY_BEAT_SCHEDULE


def refused_proxy_with_letter(client, org, walker, letter):
    """A proxy walkthrough posted with its authorisation letter chosen but the citizen's name (required in proxy
    mode) left out: the form comes back. Returns (the POST data, fixed, with the token of the page shown again;
    that page)."""
    token = token_of(client.get(NEW).content.decode())
    data = walkthrough_post(campaign=CampaignFactory(), department=org.market, lead=walker.official, mode="proxy",
                            citizen_name="", form_token=token)
    response = client.post(NEW, {**data, "authorisation_form": letter})
    assert response.status_code == 200 and not WalkthroughSession.objects.exists()
    page = response.content.decode()
    return {**data, "citizen_name": "王大爷", "form_token": token_of(page)}, page


def test_an_authorisation_letter_chosen_on_a_refused_form_is_saved_without_choosing_it_again(client, org, walker):
    fixed, page = refused_proxy_with_letter(client, org, walker, SimpleUploadedFile("委托书.pdf", PDF))
    kept = PendingAttachment.objects.get()
    # Listed beside the letter's field as kept, with ✕; not among the photos and attachments; no "choose again".
    letter = re.search(r'<div[^>]*id="kept-letter".*?</div>\s*</div>', page, re.S).group(0)
    assert "委托书.pdf" in letter and f'name="discard_kept" value="{kept.pk}"' in letter
    assert kept_url(kept) in letter and 'id="kept-files"' not in page and "重新选择授权书" not in page
    assert page.index('id="kept-letter"') > page.index('name="authorisation_form"')
    assert b"".join(client.get(kept_url(kept)).streaming_content) == PDF

    response = client.post(NEW, fixed)  # the letter not chosen again
    session = WalkthroughSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert session.authorisation_form.read() == PDF
    assert (session.authorisation_original_name, session.authorisation_content_type) == ("委托书.pdf",
                                                                                          "application/pdf")
    assert not session.attachments.exists() and not PendingAttachment.objects.exists()
    response = client.get(reverse("campaigns:authorisation_download", args=[session.pk]))
    assert b"".join(response.streaming_content) == PDF


def test_a_new_letter_chosen_on_the_second_post_wins_and_the_kept_one_is_deleted(client, org, walker,
                                                                                 django_capture_on_commit_callbacks):
    fixed, _ = refused_proxy_with_letter(client, org, walker, SimpleUploadedFile("委托书.pdf", PDF))
    kept = PendingAttachment.objects.get()
    storage, name = kept.file.storage, kept.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {**fixed, "authorisation_form": SimpleUploadedFile("委托书.png", PNG)})
    session = WalkthroughSession.objects.get()
    assert session.authorisation_form.read() == PNG and session.authorisation_content_type == "image/png"
    assert not PendingAttachment.objects.exists() and not storage.exists(name)


def test_a_kept_letter_struck_out_is_not_saved_and_its_file_is_deleted(client, org, walker,
                                                                      django_capture_on_commit_callbacks):
    fixed, _ = refused_proxy_with_letter(client, org, walker, SimpleUploadedFile("委托书.pdf", PDF))
    kept = PendingAttachment.objects.get()
    storage, name = kept.file.storage, kept.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {**fixed, "discard_kept": [kept.pk]})
    assert not WalkthroughSession.objects.get().authorisation_form
    assert not PendingAttachment.objects.exists() and not storage.exists(name)


def test_a_letter_that_fails_its_checks_is_refused_and_not_kept(client, org, walker):
    _, page = refused_proxy_with_letter(client, org, walker, SimpleUploadedFile("委托书.jpg", b"not really an image"))
    assert "委托书.jpg" in page and 'id="kept-letter"' not in page
    assert not PendingAttachment.objects.exists()
