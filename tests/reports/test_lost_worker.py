"""A report job whose worker died is made again, or the person is told, within minutes.

A worker killed mid-render (SIGKILL, out of memory) leaves its job "running 20 %" with
nobody working on it: the row as the dead worker left it is where these drills start.
"""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from reports import actions, tasks
from reports.models import JobStatus, ReportJob
from reports.periods import month

pytestmark = pytest.mark.django_db

NOVEMBER_2 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def small_limit(settings):
    settings.PONTIVE = {**settings.PONTIVE, "REPORT_SYNC_MAX_ROWS": 3}


@pytest.fixture
def asked_for(october, small_limit, client_as, kabid_user):
    """The Kabid asks for October's recap as a PDF; a worker starts on it and is killed."""
    with time_machine.travel(NOVEMBER_2, tick=False):
        recap = actions.prepare_recap(period=month(2026, 10))
        staff = client_as(kabid_user)
        response = staff.get(reverse("reports:recap-download", args=[recap.slug, 1, "pdf"]))
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"{job.pk}/")
    return staff, job


def killed_worker_left(job, *, attempts: int, at: dt.datetime) -> None:
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=attempts,
        progress=20,
        stage="Menata halaman",
        heartbeat_at=at,
    )


def rescue(at: dt.datetime, capture) -> dict:
    with time_machine.travel(at, tick=False), capture(execute=True):
        return tasks.rescue_stuck_report_jobs.delay().get()


def test_a_job_whose_worker_died_is_made_again_and_the_file_comes(
    asked_for, django_capture_on_commit_callbacks
):
    staff, job = asked_for
    killed_worker_left(job, attempts=1, at=NOVEMBER_2)

    # A minute later the job may still be rendering: it is left alone.
    assert rescue(NOVEMBER_2 + dt.timedelta(seconds=60), django_capture_on_commit_callbacks) == {}
    # Its heartbeat has been silent too long: another worker makes the file.
    assert rescue(NOVEMBER_2 + dt.timedelta(minutes=2), django_capture_on_commit_callbacks) == {
        "retried": 1
    }
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == (JobStatus.DONE, 100, 2)
    with time_machine.travel(NOVEMBER_2 + dt.timedelta(minutes=3), tick=False):
        state = staff.get(reverse("reports:job-progress", args=[job.pk])).json()
        assert state["download"] and not state["error"]
        assert staff.get(state["download"]).content.startswith(b"%PDF")


def test_a_job_that_lost_its_worker_twice_tells_the_person_to_ask_again(
    asked_for, django_capture_on_commit_callbacks
):
    staff, job = asked_for
    killed_worker_left(job, attempts=2, at=NOVEMBER_2)

    assert rescue(NOVEMBER_2 + dt.timedelta(minutes=2), django_capture_on_commit_callbacks) == {
        "failed": 1
    }
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file
    with time_machine.travel(NOVEMBER_2 + dt.timedelta(minutes=3), tick=False):
        state = staff.get(reverse("reports:job-progress", args=[job.pk])).json()
        page = staff.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert state["error"] is True and state["download"] is None
    assert "Pekerja yang membuat berkas ini berhenti." in page
    assert 'id="job-failed" class="alert alert-danger mt-3" role="alert" >' in page
    assert "coba lagi" in page.lower()


def test_a_job_never_handed_to_a_worker_is_handed_again(
    asked_for, django_capture_on_commit_callbacks
):
    """The broker was down when the Kabid asked: nothing ever started the job."""
    _staff, job = asked_for
    assert job.status == JobStatus.PENDING
    assert rescue(NOVEMBER_2 + dt.timedelta(minutes=1), django_capture_on_commit_callbacks) == {}
    assert rescue(NOVEMBER_2 + dt.timedelta(minutes=3), django_capture_on_commit_callbacks) == {
        "retried": 1
    }
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_the_broker_redelivers_only_after_the_longest_task_and_the_beat_rescues_every_minute():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_TIME_LIMIT >= tasks.RENDER_TIME_LIMIT
    assert tasks.render_report_job.time_limit == tasks.RENDER_TIME_LIMIT
    entry = settings.CELERY_BEAT_SCHEDULE["rescue-stuck-report-jobs"]
    assert entry["task"] == "reports.tasks.rescue_stuck_report_jobs"
    assert entry["schedule"] <= 60
