"""The staff dashboard, and long reports made by a worker behind a progress bar."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from reports import actions
from reports.models import JobStatus, ReportJob
from reports.periods import month

pytestmark = pytest.mark.django_db

NOVEMBER_2 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def test_the_dashboard_shows_the_months_figures_and_links_to_the_reports(
    october, client_as, kabid_user
):
    with time_machine.travel(NOVEMBER_2, tick=False):
        page = client_as(kabid_user).get(reverse("reports:dashboard") + "?bulan=2026-10")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-figure="sessions">4<' in html
    assert "<svg" in html and "Sesi co-working per hari" in html
    assert "/laporan/tahunan/2026/" in html and "/laporan/kunjungan/2026-Q4/" in html
    assert reverse("reports:recaps") in html
    assert "no-store" in page["Cache-Control"]


def test_the_dashboard_points_each_role_to_the_recap_waiting_for_it(
    october, client_as, admin_user, kasi_user, kabid_user
):
    with time_machine.travel(NOVEMBER_2, tick=False):
        recap = actions.prepare_recap(period=month(2026, 10))
        link = reverse("reports:recap", args=[recap.slug])
        assert link in client_as(admin_user).get(reverse("reports:dashboard")).content.decode()
        assert link not in client_as(kasi_user).get(reverse("reports:dashboard")).content.decode()
        actions.submit_recap(recap=recap, by=admin_user)
        assert link in client_as(kasi_user).get(reverse("reports:dashboard")).content.decode()
        assert link not in client_as(kabid_user).get(reverse("reports:dashboard")).content.decode()


def test_kasi_and_kabid_start_on_the_dashboard(client_as, kasi_user, kabid_user):
    for user in (kasi_user, kabid_user):
        response = client_as(user).get(reverse("staff-home"))
        assert response.status_code == 302 and response.url == reverse("reports:dashboard")


def test_the_dashboard_is_for_report_readers_only(
    client, client_as, sekretariat_user, outsider_user
):
    for user in (sekretariat_user, outsider_user):
        assert client_as(user).get(reverse("reports:dashboard")).status_code == 403
    client.logout()
    assert client.get(reverse("reports:dashboard")).status_code == 302


@pytest.fixture
def small_limit(settings):
    settings.PONTIVE = {**settings.PONTIVE, "REPORT_SYNC_MAX_ROWS": 3}


def test_a_long_pdf_is_made_by_a_worker_and_shows_its_progress(
    october, small_limit, client_as, kasi_user, kabid_user, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOVEMBER_2, tick=False):
        recap = actions.prepare_recap(period=month(2026, 10))
    staff = client_as(kabid_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff.get(reverse("reports:recap-download", args=[recap.slug, 1, "pdf"]))
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:job", args=[job.pk])
    page = staff.get(response.url)
    assert b"<progress" in page.content
    assert staff.get(reverse("reports:job-progress", args=[job.pk])).json()["status"] == "pending"
    assert staff.get(reverse("reports:job-file", args=[job.pk])).status_code == 404
    for callback in callbacks:  # the worker picks the job up
        callback()
    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.DONE, 100)
    state = staff.get(reverse("reports:job-progress", args=[job.pk])).json()
    assert state["download"] == reverse("reports:job-file", args=[job.pk])
    file = staff.get(state["download"])
    assert file.status_code == 200 and file.content.startswith(b"%PDF")
    assert "no-store" in file["Cache-Control"]
    # Someone else cannot see the job or its file.
    assert client_as(kasi_user).get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client_as(kasi_user).get(state["download"]).status_code == 404


def test_running_a_job_twice_makes_one_file(october, small_limit, kabid_user):
    from reports.tasks import render_report_job

    with time_machine.travel(NOVEMBER_2, tick=False):
        recap = actions.prepare_recap(period=month(2026, 10))
    job = ReportJob.objects.create(
        report="recap", period=f"{recap.slug}:1", fmt="pdf", requested_by=kabid_user
    )
    assert render_report_job.delay(str(job.pk)).get() == "done"
    assert render_report_job.delay(str(job.pk)).get() == "skipped"


def test_small_files_and_spreadsheets_come_at_once(october, small_limit, client_as, kabid_user):
    with time_machine.travel(NOVEMBER_2, tick=False):
        recap = actions.prepare_recap(period=month(2026, 10))
    response = client_as(kabid_user).get(
        reverse("reports:recap-download", args=[recap.slug, 1, "xlsx"])
    )
    assert response.status_code == 200 and not ReportJob.objects.exists()


def test_report_files_made_by_workers_are_deleted_after_a_day(october, small_limit, kabid_user):
    from reports.tasks import delete_old_report_files, render_report_job

    with time_machine.travel(NOVEMBER_2, tick=False):
        recap = actions.prepare_recap(period=month(2026, 10))
        job = ReportJob.objects.create(
            report="recap", period=f"{recap.slug}:1", fmt="pdf", requested_by=kabid_user
        )
        render_report_job.delay(str(job.pk)).get()
    job.refresh_from_db()
    path = job.file.path
    with time_machine.travel(NOVEMBER_2 + dt.timedelta(hours=23), tick=False):
        assert delete_old_report_files.delay().get() == 0
    with time_machine.travel(NOVEMBER_2 + dt.timedelta(hours=25), tick=False):
        assert delete_old_report_files.delay().get() == 1
    assert not ReportJob.objects.exists()
    import os

    assert not os.path.exists(path)


def test_upcoming_reservations_are_not_counted_as_no_shows(client_as, kabid_user):
    from coworking.models import Status

    from .conftest import add_reservation, make_desks

    desk = make_desks((1,))[1]
    add_reservation(desk, dt.date(2026, 11, 20), "08:00", "10:00", status=Status.RESERVED)
    add_reservation(desk, dt.date(2026, 11, 2), "08:00", "10:00", status=Status.NO_SHOW)
    with time_machine.travel(NOVEMBER_2 + dt.timedelta(hours=3), tick=False):
        html = client_as(kabid_user).get(reverse("reports:dashboard")).content.decode()
    assert "0,0 jam · 1 tidak hadir" in html
