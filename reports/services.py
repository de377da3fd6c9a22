"""Writes of the reports app: background export jobs, from request to finished file; report figures counted again
in the background (reports.snapshot)."""

import datetime
import logging
import tempfile
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from issues.tasks import enqueue  # one short try, never raises: a broker outage must not break a request
from reports.exports import prepare_export
from reports.filters import ReportFilterForm, ReportFilters
from reports.models import ExportJob
from reports.snapshot import ReportSnapshot, snapshot_key, store_snapshot
from walkthrough.db_router import reading_replica

logger = logging.getLogger(__name__)


def _send(job_id: int) -> None:
    from reports.tasks import run_export_job

    if not enqueue(run_export_job, job_id):
        ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(
            status=ExportJob.Status.FAILED,
            error=_("后台任务服务暂时无法连接,导出未能开始。请稍后点击“重新生成”,或缩小筛选范围后直接下载。"),
            updated_at=timezone.now(),
        )


def export_job_request(*, user, kind: str, query: str, total: int) -> ExportJob:
    """A queued export; its task is sent once the job row is committed. If the broker is down the job comes
    back marked failed with a message for the user, and the request itself goes on normally."""
    with transaction.atomic():
        job = ExportJob.objects.create(kind=kind, user=user, query=query, total=total)
        transaction.on_commit(lambda: _send(job.pk))
    job.refresh_from_db()
    return job


def export_job_retry(*, job: ExportJob) -> ExportJob:
    """Queue a failed or stalled job again."""
    if job.status != ExportJob.Status.FAILED and not job.is_stalled:
        return job
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.PENDING, done=0, error="", updated_at=timezone.now()
        )
        transaction.on_commit(lambda: _send(job.pk))
    job.refresh_from_db()
    return job


def _progress(job_id: int):
    def report(done: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(done=done, updated_at=timezone.now())
    return report


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write the job's file. Claims the job first, so a task delivered twice writes it once."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING, done=0, updated_at=timezone.now()
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    with reading_replica():  # the rows come from the replica when there is one; the job's own rows never do
        prepared = prepare_export(job.kind, user=job.user, query=job.query)
        total = prepared.count()
    ExportJob.objects.filter(pk=job_id).update(total=total, updated_at=timezone.now())
    try:
        with tempfile.TemporaryFile() as handle, reading_replica():
            rows = prepared.write(handle, progress=_progress(job_id))
            handle.seek(0)
            job.file.save(f"{job.kind}-{job.pk}-{timezone.now():%Y%m%d%H%M%S}.xlsx", File(handle), save=False)
    except Exception:
        logger.exception("export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED,
            error=_("生成文件时出错,请点击“重新生成”;如仍失败,请联系系统管理员。"),
            updated_at=timezone.now(),
        )
        raise
    now = timezone.now()
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.DONE, file=job.file.name, filename=prepared.filename, total=rows, done=rows,
        finished_at=now, updated_at=now,
    )
    job.refresh_from_db()
    return job


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete jobs (and their files) older than EXPORT_KEEP_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    count = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count


def _refreshing_key(key: str) -> str:
    return f"{key}:refreshing"


def report_refresh_request(*, user, filters: ReportFilters, key: str) -> None:
    """Queue one recount of a report whose kept figures are behind the data (once, however many views ask)."""
    from reports.tasks import refresh_report

    try:
        if not cache.add(_refreshing_key(key), 1, timeout=max(settings.REPORT_STALE_SECONDS, 1)):
            return  # already queued
    except Exception:  # noqa: BLE001 — no cache: report_snapshot counts in the request anyway
        return
    query, language = urlencode(filters.querystring_items()), translation.get_language()

    def send() -> None:
        if not enqueue(refresh_report, user.pk, query, language):
            cache.delete(_refreshing_key(key))  # the next view tries again

    transaction.on_commit(send)


def report_refresh(*, user_id: int, query: str, language: str) -> ReportSnapshot | None:
    """Count a report again for this user, filter and label language, and keep it for his next view."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    with translation.override(language), reading_replica():
        form = ReportFilterForm(QueryDict(query), user=user)
        if not form.is_valid():
            return None
        filters = form.report_filters()
        try:
            return store_snapshot(user=user, filters=filters)
        finally:
            cache.delete(_refreshing_key(snapshot_key(user=user, filters=filters, language=language)))
