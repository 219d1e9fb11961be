"""Quarters, years and the recap that the first working day of a month prepares."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import periods
from reports.models import Complaint, MonthlyRecap, SurveyAnswer, SurveyResponse
from reports.tasks import prepare_monthly_recap

from .conftest import add_session, aware, make_desks

WIB = dt.timezone(dt.timedelta(hours=7))


def at(y, m, d, h=8):
    return dt.datetime(y, m, d, h, 0, tzinfo=WIB)


def test_the_fourth_quarter_runs_from_october_to_december():
    q4 = periods.parse("2026-Q4", "quarter")
    assert (q4.start, q4.end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert q4.label == "Triwulan IV 2026 (Oktober–Desember)"
    assert [m.slug for m in q4.months()] == ["2026-10", "2026-11", "2026-12"]
    assert periods.quarter_before(dt.date(2027, 1, 4)) == q4
    assert periods.month_before(dt.date(2027, 1, 4)) == periods.month(2026, 12)
    for bad in ("2026-Q5", "2026-13", "26", "2026-11-01", ""):
        with pytest.raises(periods.BadPeriod):
            periods.parse(bad)
    with pytest.raises(periods.BadPeriod):
        periods.parse("2026-11", "quarter")


def test_the_beat_runs_the_recap_job_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["prepare-monthly-recap"]
    assert entry["task"] == "reports.tasks.prepare_monthly_recap"


@pytest.mark.django_db
def test_decembers_recap_is_made_on_the_first_working_day_of_january():
    desks = make_desks((1,))
    add_session(desks[1], dt.date(2026, 12, 30), "08:00", "11:00", name="Akhir Tahun")
    add_session(desks[1], dt.date(2027, 1, 4), "08:00", "09:00", name="Awal Tahun")
    # 1 January is a public holiday and the 2nd and 3rd a weekend: nothing yet.
    for day in (1, 2, 3):
        with time_machine.travel(at(2027, 1, day, 7), tick=False):
            assert prepare_monthly_recap.delay().get() is None
    assert not MonthlyRecap.objects.exists()
    with time_machine.travel(at(2027, 1, 4, 7), tick=False):
        assert prepare_monthly_recap.delay().get() == "2026-12"
        assert prepare_monthly_recap.delay().get() is None  # safe to run twice
    recap = MonthlyRecap.objects.get()
    assert recap.month == dt.date(2026, 12, 1)
    names = [s["name"] for s in recap.current_version.content["sessions"]]
    assert names == ["Akhir Tahun"]
    event = recap.events.get()
    assert (event.action, event.role, event.actor) == ("prepare", "system", None)


@pytest.mark.django_db
def test_a_missed_first_day_is_caught_up_the_next_working_day_but_not_earlier_in_the_month():
    with time_machine.travel(at(2026, 11, 1, 7), tick=False):  # a Sunday
        assert prepare_monthly_recap.delay().get() is None
    with time_machine.travel(at(2026, 11, 3, 7), tick=False):  # the worker was down on the 2nd
        assert prepare_monthly_recap.delay().get() == "2026-10"


@pytest.fixture
def fourth_quarter(db):
    desks = make_desks((1, 2))
    for month, count in ((10, 2), (11, 3), (12, 1)):
        for n in range(count):
            add_session(
                desks[1 + n % 2],
                dt.date(2026, month, 2 + n),
                "08:00",
                "10:00",
                name=f"Orang {month}-{n}",
            )
    add_session(desks[1], dt.date(2027, 1, 4), "08:00", "10:00", name="Tahun Depan")
    Complaint.objects.create(
        code="ADU-1",
        service="coworking",
        name="A",
        message="Bising",
        received_on=dt.date(2026, 11, 5),
    )
    Complaint.objects.create(
        code="ADU-2", service="visit", name="B", message="Lama", received_on=dt.date(2026, 11, 6)
    )
    return desks


def test_the_quarterly_coworking_report_counts_each_month_of_q4(
    fourth_quarter, client_as, kabid_user
):
    response = client_as(kabid_user).get("/laporan/coworking/2026-Q4.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    months = list(book["Co-working per bulan"].iter_rows(values_only=True))
    assert [(r[0], r[1]) for r in months[2:5]] == [
        ("Oktober 2026", 2),
        ("November 2026", 3),
        ("Desember 2026", 1),
    ]
    assert months[5][:2] == ("Jumlah", 6)
    summary = {r[0]: r[1] for r in book.worksheets[0].iter_rows(values_only=True) if r}
    assert summary["Pengaduan diterima"] == 1  # only the co-working one
    page = client_as(kabid_user).get(reverse("reports:report", args=["coworking", "2026-Q4"]))
    assert page.status_code == 200 and "Triwulan IV 2026" in page.content.decode()


@pytest.fixture
def year_of_requests(fourth_quarter, admin_user):
    from meetingroom.models import DamageReport, Equipment
    from reservations.models import RequestState, RequestTransition, Resource, ServiceRequest

    room = Resource.objects.create(name="Ruang Rapat Pontive", service="meetingroom")
    hall = Resource.objects.create(name="Command Center", service="visit")

    def request(service, resource, day, state, n):
        return ServiceRequest.objects.create(
            service=service,
            code=f"REQ-{service}-{n}",
            state=state,
            state_since=aware(day, "08:00"),
            resource=resource,
            institution=f"SMA Negeri {n} Pontianak",
            contact_name="Guru",
            email=f"guru{n}@example.id",
            phone="+6281234500000",
            participants=30,
            start=aware(day, "09:00"),
            end=aware(day, "11:00"),
            purpose="Belajar smart city",
            event_title="Rapat koordinasi" if service == "meetingroom" else "",
            privacy_version="2026-11",
        )

    visit = request("visit", hall, dt.date(2026, 3, 10), RequestState.COMPLETED, 1)
    request("visit", hall, dt.date(2026, 5, 12), RequestState.REJECTED, 2)
    loan = request("meetingroom", room, dt.date(2026, 11, 10), RequestState.COMPLETED, 3)
    for req, took in ((visit, 8), (loan, 25)):
        RequestTransition.objects.create(
            request=req,
            action="receive_request",
            from_state="submitted",
            to_state="received",
            role="Admin Pontive Center",
            at=req.start - dt.timedelta(days=5),
            standard_minutes=10,
            office_minutes=took,
        )
    projector = Equipment.objects.create(resource=room, name="Proyektor", quantity=2)
    DamageReport.objects.create(
        equipment=projector,
        description="Lampu mati",
        reported_by=admin_user,
        reported_at=aware(dt.date(2026, 11, 10), "12:00"),
        repaired_at=aware(dt.date(2026, 11, 13), "12:00"),
        repaired_by=admin_user,
        repair_note="Lampu diganti",
    )
    response = SurveyResponse.objects.create(
        ballot="b1",
        service="meetingroom",
        service_date=dt.date(2026, 11, 10),
        submitted_on=dt.date(2026, 11, 11),
        sex="L",
        age=45,
        education="S2",
        occupation="pns",
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, element=f"U{i}", score=4) for i in range(1, 10)
    )


def test_the_annual_report_covers_every_part_of_the_operation(
    year_of_requests, client_as, kasi_user
):
    response = client_as(kasi_user).get("/laporan/tahunan/2026.pdf")
    assert response.status_code == 200
    flat = re.sub(
        r"\s+",
        " ",
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages),
    )
    assert "LAPORAN OPERASIONAL TAHUNAN PONTIVE CENTER" in flat
    assert re.search(r"Peminjaman ruang rapat terlaksana 1\b", flat)
    assert re.search(r"Kunjungan terlaksana 1\b", flat)
    assert re.search(r"Sesi co-working 6\b", flat)  # January 2027 is not in 2026
    assert "Proyektor" in flat and "Lampu diganti" in flat
    assert re.search(r"Kerusakan dilaporkan 1\b", flat)
    assert re.search(r"Pengaduan diterima 2\b", flat)
    assert re.search(r"Langkah yang memenuhi waktu baku 50,0\b", flat)  # 1 of 2 within 10 min
    assert "100,00" in flat and "Sangat Baik" in flat  # the one questionnaire gave 4 everywhere


def test_the_monthly_meeting_room_report_lists_the_loans_and_the_damage(
    year_of_requests, client_as, admin_user
):
    response = client_as(admin_user).get("/laporan/ruang-rapat/2026-11.csv")
    text = response.content.decode("utf-8-sig")
    assert "SMA Negeri 3 Pontianak" in text and "Rapat koordinasi" in text
    assert "Lampu mati" in text
    assert "SMA Negeri 1 Pontianak" not in text  # a visit, in March


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/laporan/tahunan/1999.pdf",
        "/laporan/kunjungan/2026-11.pdf",
        "/laporan/tidak-ada/2026.pdf",
        "/laporan/coworking/2026-Q4.doc/",
    ],
)
def test_unknown_reports_and_periods_are_not_found(client_as, kabid_user, url):
    assert client_as(kabid_user).get(url).status_code == 404


@pytest.mark.django_db
def test_reports_are_for_the_roles_that_read_them(
    client,
    client_as,
    admin_user,
    kasi_user,
    kabid_user,
    kadis_user,
    sekretariat_user,
    outsider_user,
):
    url = "/laporan/kunjungan/2026-Q4/"
    for user in (admin_user, kasi_user, kabid_user, kadis_user):
        assert client_as(user).get(url).status_code == 200
    for user in (sekretariat_user, outsider_user):
        assert client_as(user).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert client_as(kabid_user).post(url).status_code == 405
