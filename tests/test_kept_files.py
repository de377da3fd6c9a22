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

from campaigns.models import WalkthroughSession
from tests.factories import PASSWORD, CampaignFactory
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
