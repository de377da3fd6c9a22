from celery import shared_task

from reports import services


@shared_task
def run_export_job(job_id: int) -> None:
    """Write one queued export's file (see services.export_job_run)."""
    services.export_job_run(job_id=job_id)


@shared_task
def purge_export_jobs() -> int:
    """Daily: delete old export files."""
    return services.export_jobs_purge()


@shared_task
def refresh_report(user_id: int, query: str, language: str) -> None:
    """Count one report again after a change, so its next view is exact (see reports.snapshot)."""
    services.report_refresh(user_id=user_id, query=query, language=language)
