"""Large exports run in the background: a job, a progress page, the file when ready; a broker outage is a message."""

import datetime
import time
from io import BytesIO
from urllib.parse import quote

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from reports import services
from reports.exports import reporting
from reports.models import ExportJob
from reports.tasks import run_export_job
from tests.conftest import require_redis
from tests.factories import PASSWORD
from tests.reports_scenario import build_scenario
from walkthrough.celery import app


@pytest.fixture
def sent(monkeypatch):
    """Tasks handed to the broker, without a broker."""
    calls = []
    monkeypatch.setattr(run_export_job, "apply_async", lambda args=(), **kw: calls.append(tuple(args)))
    return calls


@pytest.fixture
def big(settings):
    settings.EXPORT_ASYNC_THRESHOLD = 2  # the scenario's ledger has more rows than that


def numbers_in(content: bytes) -> list[str]:
    sheet = load_workbook(BytesIO(content)).active
    return [row[1].value for row in sheet.iter_rows(min_row=4)]


@pytest.mark.django_db
def test_a_large_export_becomes_a_job_that_is_queued_after_commit(client, org, users, big, sent,
                                                                   django_capture_on_commit_callbacks):
    scenario = build_scenario(org, users)
    client.login(username="liaison", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(reverse("reports:ledger_export"), {"campaign": scenario.a.pk})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert len(callbacks) == 1 and sent == [(job.pk,)]
    assert (job.kind, job.user, job.query, job.total, job.status) == (
        "ledger", users["liaison"], f"campaign={scenario.a.pk}", 3, "pending"
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'role="progressbar"' in page and "js/dashboard_export.js" in page and "排队中" in page


@pytest.mark.django_db
def test_the_job_writes_the_same_rows_the_immediate_download_gives_and_offers_the_file(client, org, users, big, sent,
                                                                                       settings):
    scenario = build_scenario(org, users)
    client.login(username="liaison", password=PASSWORD)
    client.get(reverse("reports:ledger_export"), {"campaign": scenario.a.pk})
    job = ExportJob.objects.get()
    services.export_job_run(job_id=job.pk)
    state = client.get(reverse("reports:export_job_status", args=[job.pk])).json()
    assert (state["status"], state["percent"], state["done"], state["total"]) == ("done", 100, 3, 3)
    assert state["download_url"] == reverse("reports:export_job_download", args=[job.pk])
    response = client.get(state["download_url"])
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''" + quote("整改台账-"))
    from_job = numbers_in(b"".join(response.streaming_content))
    settings.EXPORT_ASYNC_THRESHOLD = 1000
    immediate = client.get(reverse("reports:ledger_export"), {"campaign": scenario.a.pk}).content
    issues = scenario.issues
    assert from_job == numbers_in(immediate) == [issues.i1.number, issues.i2.number, issues.i3.number]


@pytest.mark.django_db
def test_a_task_delivered_twice_writes_the_file_once(org, users, big):
    job = ExportJob.objects.create(kind="ledger", user=users["staff"], query="", total=0)
    assert services.export_job_run(job_id=job.pk).status == "done"
    assert services.export_job_run(job_id=job.pk) is None


# transaction=True: on_commit runs when the job row commits, as in production
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_request_still_answers_and_says_what_to_do(client, org, users, big, monkeypatch):
    build_scenario(org, users)

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(run_export_job, "apply_async", refuse)
    client.login(username="staff", password=PASSWORD)
    response = client.get(reverse("reports:ledger_export"), follow=True)
    job = ExportJob.objects.get()
    assert response.status_code == 200 and job.status == "failed"
    page = response.content.decode()
    assert "后台任务服务暂时无法连接" in page and "重新生成" in page
    calls = []
    monkeypatch.setattr(run_export_job, "apply_async", lambda args=(), **kw: calls.append(tuple(args)))
    client.post(reverse("reports:export_job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.error, calls) == ("pending", "", [(job.pk,)])


@pytest.mark.django_db
def test_nobody_else_sees_or_downloads_a_users_export(client, users):
    job = ExportJob.objects.create(kind="ledger", user=users["staff"], query="", total=0)
    services.export_job_run(job_id=job.pk)
    client.login(username="leader", password=PASSWORD)
    for name in ("reports:export_job", "reports:export_job_status", "reports:export_job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_stalled_job_may_be_restarted_and_a_finished_one_may_not(client, users, sent):
    stalled = ExportJob.objects.create(kind="ledger", user=users["staff"], query="", total=10, status="running")
    ExportJob.objects.filter(pk=stalled.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    stalled.refresh_from_db()
    assert stalled.is_stalled and services.export_job_retry(job=stalled).status == "pending"
    done = ExportJob.objects.create(kind="ledger", user=users["staff"], query="", total=0, status="done")
    assert services.export_job_retry(job=done).status == "done"


@pytest.mark.django_db
def test_old_exports_and_their_files_are_purged(users, settings):
    job = ExportJob.objects.create(kind="ledger", user=users["staff"], query="", total=0)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    path = job.file.path
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert services.export_jobs_purge() == 1
    assert not ExportJob.objects.exists()
    import os

    assert not os.path.exists(path)


def test_progress_is_reported_every_few_hundred_rows_and_at_the_end():
    seen = []
    assert list(reporting(range(450), seen.append)) == list(range(450))
    assert seen == [200, 400, 450]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_a_large_export_sent_through_redis(client, org, users, big):
    require_redis()
    assert app.conf.broker_url.startswith("redis://")
    scenario = build_scenario(org, users)
    client.login(username="leader", password=PASSWORD)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = client.get(reverse("reports:ledger_export"), {"campaign": scenario.a.pk})
        job = ExportJob.objects.get()
        assert response["Location"] == job.get_absolute_url()
        deadline = time.monotonic() + 30
        while job.status not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
            job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 6, 6)
    response = client.get(reverse("reports:export_job_download", args=[job.pk]))
    assert len(numbers_in(b"".join(response.streaming_content))) == 6
