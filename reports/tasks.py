"""Celery tasks of the reports app: thin adapters that take ids and call the real work."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import actions
from .models import JobStatus, ReportJob

logger = logging.getLogger(__name__)


@shared_task
def prepare_monthly_recap() -> str | None:
    """Daily: on the first service day of a month, prepare last month's co-working recap."""
    recap = actions.prepare_due_recap()
    return recap.slug if recap else None


@shared_task(bind=True, max_retries=2, default_retry_delay=30)
def render_report_job(self, job_id: str) -> str:
    """Make the file of a long report, writing its progress where the page can read it."""
    with transaction.atomic():
        # Two workers given the same job (a redelivered message): only one makes the file.
        job = ReportJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
            return "skipped"
        job.status = JobStatus.RUNNING
        job.save(update_fields=["status"])
    return run_job(job)


def run_job(job: ReportJob) -> str:
    from django.utils import translation

    from .document import FORMATS
    from .views import build_for_job

    def progress(percent: int, stage: str) -> None:
        ReportJob.objects.filter(pk=job.pk).update(progress=min(percent, 99), stage=stage[:100])

    try:
        with translation.override(job.language or "id"):
            progress(5, _("Collecting the figures"))
            report = build_for_job(job)
            renderer = FORMATS[job.fmt][1]
            data = renderer(report, progress) if job.fmt == "pdf" else renderer(report)
    except Exception:
        logger.exception("Report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), error="see the worker's log"
        )
        return "failed"
    job.filename = report.filename_stem
    job.file.save(f"{job.pk}.{job.fmt}", ContentFile(data), save=False)
    job.status = JobStatus.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["filename", "file", "status", "progress", "finished_at"])
    return "done"


@shared_task
def delete_old_report_files(hours: int = 24) -> int:
    """Hourly: report files made by workers name citizens; keep them only a day."""
    cutoff = timezone.now() - dt.timedelta(hours=hours)
    deleted = 0
    for job in ReportJob.objects.filter(created_at__lt=cutoff).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        deleted += 1
    return deleted
