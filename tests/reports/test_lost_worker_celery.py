"""The lost-worker drill with a real Celery worker: SIGKILLed in the middle of a render.

A worker of its own (its own redis-server as the broker, the test's PostgreSQL database)
starts on the Kabid's PDF and is killed while it renders. The job stays "running" (what
the office saw for 13 minutes); once its heartbeat has been silent long enough the
periodic rescue hands it to a worker again and the file comes.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from reports import actions, tasks
from reports.models import JobStatus, ReportJob
from reports.periods import month
from tests.trust.redis_drill import OwnRedis

pytestmark = [
    pytest.mark.postgres(reason="the worker and the test share the test's database"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

NOVEMBER_2 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def test_a_worker_killed_mid_render_leaves_a_job_that_is_made_again(
    october, kabid_user, tmp_path, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOVEMBER_2, tick=False):
        recap = actions.prepare_recap(period=month(2026, 10))
    job = ReportJob.objects.create(
        report="recap", period=f"{recap.slug}:1", fmt="pdf", requested_by=kabid_user
    )
    broker = OwnRedis(tmp_path)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": broker.url,
        "CACHE_KEY_PREFIX": "drill",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pontive", "worker", "--pool=solo"]
        + ["--without-heartbeat", "--without-gossip", "--without-mingle", "-Q", "celery"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("w"),
    )
    try:
        app = tasks.render_report_job.app
        with app.connection_for_write(broker.url) as conn:
            # send_task always goes through the broker (this test's tasks run eagerly).
            app.send_task(tasks.render_report_job.name, args=[str(job.pk)], connection=conn)

        def started():
            job.refresh_from_db()
            return job.status == JobStatus.RUNNING

        wait_for(started, 120, "the worker to start on the job")
        os.kill(worker.pid, signal.SIGKILL)  # the whole worker dies mid-render
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
        broker.stop()

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not job.file and job.attempts == 1
    killed_at = job.heartbeat_at

    # Nobody is making the file; a minute and a half of silence later, the rescue sees it.
    with time_machine.travel(killed_at + dt.timedelta(seconds=30), tick=False):
        assert tasks.rescue_stuck_report_jobs() == {}
    with (
        time_machine.travel(killed_at + dt.timedelta(minutes=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.rescue_stuck_report_jobs() == {"retried": 1}
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    with job.file.open("rb") as made:
        assert made.read(5) == b"%PDF-"
