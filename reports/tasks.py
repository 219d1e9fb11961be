"""Celery tasks of the reports app: thin adapters that take ids and call the real work."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from contextlib import contextmanager, nullcontext

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
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


# The longest a report render may take before Celery kills it; the broker's visibility
# timeout (settings) is longer, so a message is redelivered only when its worker died.
RENDER_TIME_LIMIT = 300
# While it renders, the worker marks the job alive this often; a running job silent for
# LOST_AFTER seconds lost its worker (killed, out of memory, the machine restarted).
HEARTBEAT_SECONDS = 15
LOST_AFTER = 90
# A job still waiting this long was never picked up (the broker was down when it was
# asked for, or lost the message): it is handed to the broker again.
UNCLAIMED_AFTER = 120
MAX_ATTEMPTS = 2


@shared_task(
    bind=True,
    max_retries=2,
    default_retry_delay=30,
    time_limit=RENDER_TIME_LIMIT,
    soft_time_limit=RENDER_TIME_LIMIT - 30,
)
def render_report_job(self, job_id: str) -> str:
    """Make the file of a long report, writing its progress where the page can read it."""
    with transaction.atomic():
        # Two workers given the same job (a redelivered message): only one makes the file.
        job = ReportJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
            return "skipped"
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "attempts", "heartbeat_at"])
    # In-process (no broker) nobody else could take over the job: no heartbeat needed.
    return run_job(job, heartbeat=not self.request.is_eager)


@contextmanager
def _heartbeat(job_id):
    """Touch the job every HEARTBEAT_SECONDS from a thread while the render blocks."""
    from django.db import connection

    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                try:
                    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # a missed beat; the render goes on
                    logger.warning("heartbeat of report job %s missed", job_id, exc_info=True)
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_job(job: ReportJob, *, heartbeat: bool = False) -> str:
    from django.utils import translation

    from .document import FORMATS
    from .views import build_for_job

    def progress(percent: int, stage: str) -> None:
        ReportJob.objects.filter(pk=job.pk).update(
            progress=min(percent, 99), stage=stage[:100], heartbeat_at=timezone.now()
        )

    try:
        alive = _heartbeat(job.pk) if heartbeat else nullcontext()
        with translation.override(job.language or "id"), alive:
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
def rescue_stuck_report_jobs() -> dict[str, int]:
    """Every minute: a job whose worker died is tried again once, then marked failed.

    A worker killed mid-render (SIGKILL, out of memory) leaves its job "running" with
    no one working on it; a job asked for while the broker was down was never handed
    to it. Either way the person watching the progress bar is told within minutes:
    the file comes after all, or the page says it could not be made and to ask again.
    """
    from reservations.queue import enqueue_on_commit

    now = timezone.now()
    retried = failed = 0
    lost = Q(status=JobStatus.RUNNING, heartbeat_at__lt=now - dt.timedelta(seconds=LOST_AFTER))
    unclaimed = Q(
        status=JobStatus.PENDING, created_at__lt=now - dt.timedelta(seconds=UNCLAIMED_AFTER)
    )
    with transaction.atomic():
        # Two beats at once (beat restarted): each stuck job is handled by one of them.
        stuck = list(ReportJob.objects.select_for_update(skip_locked=True).filter(lost | unclaimed))
        for job in stuck:
            if job.attempts >= MAX_ATTEMPTS:
                job.status = JobStatus.FAILED
                job.stage = _("The worker making this file stopped.")[:100]
                job.error = "worker lost"
                job.finished_at = now
                failed += 1
            else:
                job.status = JobStatus.PENDING
                job.progress = 0
                job.stage = _("Trying again")
                job.created_at = now  # waits afresh for a worker
                enqueue_on_commit(render_report_job, str(job.pk))
                retried += 1
            job.save(
                update_fields=["status", "progress", "stage", "error", "finished_at", "created_at"]
            )
    if retried or failed:
        logger.warning("Report jobs: %d tried again, %d failed (worker lost)", retried, failed)
    # Only what was done, so a run with nothing to do answers {} (falsy).
    return {k: v for k, v in {"retried": retried, "failed": failed}.items() if v}


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
