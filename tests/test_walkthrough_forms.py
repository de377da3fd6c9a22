"""The walkthrough form refuses what a session cannot be, next to the field, and keeps what it may be."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.forms import WalkthroughForm
from campaigns.models import WalkthroughSession
from campaigns.modes import MODE_REQUIRED
from issues.models import Issue
from tests.factories import PASSWORD, CampaignFactory, ServiceItemFactory
from tests.walkthrough_posts import MODE_FACTS, walkthrough_post

pytestmark = pytest.mark.django_db
NEW = reverse("campaigns:walkthrough_create")


@pytest.fixture
def walker(client, users):
    client.login(username="walker", password=PASSWORD)
    return users["walker"]


def post(org, walker, campaign=None, **kwargs):
    campaign = campaign or CampaignFactory()
    return walkthrough_post(campaign=campaign, department=org.market, lead=walker.official, **kwargs)


def form_for(data):
    return WalkthroughForm(data, submitting="save_draft" not in data)


@pytest.mark.parametrize("mode", list(MODE_REQUIRED))
def test_each_mode_is_accepted_with_its_required_facts(org, walker, mode):
    form = form_for(post(org, walker, mode=mode))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("mode", "field"), [(mode, field) for mode, fields in MODE_REQUIRED.items() for field in fields]
)
def test_each_required_fact_of_a_mode_is_refused_when_missing(org, walker, mode, field):
    form = form_for(post(org, walker, mode=mode, **{field: None}))
    label = WalkthroughSession.Mode(mode).label
    assert not form.is_valid()
    assert form.errors[field] == [f"{label}须填写此项"]


@pytest.mark.parametrize("mode", list(MODE_REQUIRED))
def test_a_draft_may_lack_its_modes_facts_until_it_is_submitted(org, walker, mode):
    data = post(org, walker, mode=mode, draft=True, **{field: None for field in MODE_FACTS[mode]})
    assert form_for(data).is_valid()


def test_facts_of_another_mode_are_dropped_not_kept_half_filled(client, org, walker):
    data = post(org, walker, mode="simulated", window_number="B7", complaint_reference="12345-1")
    client.post(NEW, data)
    session = WalkthroughSession.objects.get()
    assert (session.window_number, session.complaint_reference, session.simulated_via) == ("", "", "hall")


def test_a_time_in_the_future_is_refused_with_the_reason(client, org, walker):
    tomorrow = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(NEW, post(org, walker, occurred_at=tomorrow))
    assert "体验时间不能晚于现在" in response.content.decode()
    assert not WalkthroughSession.objects.exists()


def test_a_time_outside_the_campaign_names_the_campaign_period(client, org, walker):
    today = timezone.localdate()
    days = datetime.timedelta
    campaign = CampaignFactory(starts_on=today - days(days=30), ends_on=today - days(days=3))
    response = client.post(NEW, post(org, walker, campaign=campaign))
    page = response.content.decode()
    assert f"体验时间不在活动期间({campaign.starts_on} 至 {campaign.ends_on})内" in page
    assert not WalkthroughSession.objects.exists()


def test_a_closed_campaign_takes_no_more_walkthroughs(client, org, walker):
    closed = CampaignFactory(status="closed")
    response = client.post(NEW, post(org, walker, campaign=closed))
    assert response.status_code == 200 and not WalkthroughSession.objects.exists()
    assert "campaign" in response.context["form"].errors


def test_checklist_answers_are_kept_with_their_questions(client, org, walker):
    campaign = CampaignFactory(checklist=[{"section": "facilities", "question": "轮椅是否可用"},
                                          {"section": "four_questions", "question": "政策懂不懂"}])
    data = post(org, walker, campaign=campaign)
    data.update({f"checklist-c{campaign.pk}_0": "no", f"checklist-c{campaign.pk}_0_note": "轮椅坏了",
                 f"checklist-c{campaign.pk}_1": "yes"})
    client.post(NEW, data)
    session = WalkthroughSession.objects.get()
    assert session.checklist_answers == [
        {"section": "facilities", "question": "轮椅是否可用", "answer": "no", "note": "轮椅坏了"},
        {"section": "four_questions", "question": "政策懂不懂", "answer": "yes", "note": ""},
    ]
    page = client.get(session.get_absolute_url()).content.decode()
    assert "轮椅是否可用" in page and "轮椅坏了" in page


# --- uploads -----------------------------------------------------------------------------------------------------
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes() -> bytes:
    from io import BytesIO
    from zipfile import ZipFile

    buffer = BytesIO()
    with ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    from io import BytesIO
    from zipfile import ZipFile

    buffer = BytesIO()
    with ZipFile(buffer, "w") as archive:
        archive.writestr("setup.exe", "MZ")
    return buffer.getvalue()


def test_photos_and_documents_are_kept_with_the_session(client, org, walker):
    data = post(org, walker)
    data["photos"] = [SimpleUploadedFile("大厅.png", PNG, content_type="image/png")]
    data["attachments"] = [SimpleUploadedFile("说明.pdf", PDF), SimpleUploadedFile("记录.docx", docx_bytes())]
    client.post(NEW, data)
    session = WalkthroughSession.objects.get()
    kept = {(a.original_name, a.kind, a.content_type) for a in session.attachments.all()}
    assert kept == {
        ("大厅.png", "photo", "image/png"),
        ("说明.pdf", "document", "application/pdf"),
        ("记录.docx", "document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    }
    photo = session.attachments.get(kind="photo")
    response = client.get(reverse("campaigns:attachment_download", args=[photo.pk]))
    assert response["Content-Type"] == "image/png" and b"".join(response.streaming_content) == PNG


@pytest.mark.parametrize(
    ("field", "name", "content", "message"),
    [
        ("attachments", "报告.pdf", b"MZ\x90\x00 this is a program", "内容不是图片、PDF或Office文档"),
        ("attachments", "表格.docx", zip_bytes(), "内容不是图片、PDF或Office文档"),
        ("photos", "照片.jpg", PDF, "不是图片"),
    ],
)
def test_an_upload_is_judged_by_its_content_not_its_name(client, org, walker, field, name, content, message):
    data = post(org, walker, findings=["叫号机故障"])
    data[field] = [SimpleUploadedFile(name, content, content_type="image/jpeg")]
    response = client.post(NEW, data)
    assert message in response.content.decode() and name in response.content.decode()
    assert not WalkthroughSession.objects.exists() and not Issue.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_with_the_limit(client, org, walker, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    data = post(org, walker)
    data["attachments"] = [SimpleUploadedFile("扫描件.pdf", PDF + b"0" * 2048)]
    response = client.post(NEW, data)
    assert "超过了1.0 KB的上限" in response.content.decode().replace("\xa0", " ")
    assert not WalkthroughSession.objects.exists()


def test_a_proxy_authorisation_form_is_checked_by_content_too(client, org, walker):
    data = post(org, walker, mode="proxy")
    data["authorisation_form"] = SimpleUploadedFile("授权书.jpg", b"not really an image")
    response = client.post(NEW, data)
    assert "授权书.jpg" in response.content.decode() and not WalkthroughSession.objects.exists()
    data["authorisation_form"] = SimpleUploadedFile("授权书.pdf", PDF)
    client.post(NEW, data)
    session = WalkthroughSession.objects.get()
    assert session.authorisation_form.name.endswith(".pdf")
    assert client.get(reverse("campaigns:authorisation_download", args=[session.pk])).status_code == 200


def test_the_service_items_and_findings_survive_a_refused_post(client, org, walker):
    item = ServiceItemFactory(department=org.market, name="食品经营许可")
    data = post(org, walker, items=[item], findings=["窗口无人"], complaint_reference="")
    response = client.post(NEW, data)
    page = response.content.decode()
    assert 'value="窗口无人"' in page and f'value="{item.pk}" selected' in page
