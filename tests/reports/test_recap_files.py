"""A seeded month gives a recap whose totals are right in the PDF, the XLSX and the CSV."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import actions
from reports.periods import month

pytestmark = pytest.mark.django_db

NOVEMBER_2 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def recap(october, admin_user, kasi_user, kabid_user):
    with time_machine.travel(NOVEMBER_2, tick=False):
        recap = actions.prepare_recap(period=month(2026, 10))
        actions.submit_recap(recap=recap, by=admin_user)
        actions.forward_recap(recap=recap, by=kasi_user)
        actions.acknowledge_recap(recap=recap, by=kabid_user)
    return recap


def download(client, recap, fmt, number=1):
    response = client.get(reverse("reports:recap-download", args=[recap.slug, number, fmt]))
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    return response


def test_the_pdf_shows_the_totals_names_letterhead_signatures_and_page_numbers(
    recap, client_as, kasi_user, kabid_user
):
    kasi_user.first_name, kasi_user.last_name = "Dewi", "Kartika"
    kasi_user.save()
    pdf = PdfReader(io.BytesIO(download(client_as(kabid_user), recap, "pdf").content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    flat = re.sub(r"\s+", " ", text)
    assert "DINAS KOMUNIKASI DAN INFORMATIKA" in text
    assert "Oktober 2026" in text
    assert re.search(r"Jumlah sesi 4\b", flat)
    assert re.search(r"Jam pemakaian 15,3\b", flat)  # 915 minutes
    assert re.search(r"Tidak hadir 2\b", flat)
    assert re.search(r"Reservasi dibatalkan 1\b", flat)
    assert re.search(r"Walk-in 1\b", flat)
    for name in ("Ayu Lestari", "Budi Santoso", "Citra Dewi", "Dedi Kurniawan", "Eka Putri"):
        assert name in text
    assert "Hadi September" not in text and "Indah November" not in text
    assert "Dewi Kartika" in text and kabid_user.first_name in text  # the signature block
    assert f"Halaman 1 dari {len(pdf.pages)}" in text


def test_the_xlsx_cells_hold_the_totals_and_every_session(recap, client_as, kasi_user):
    book = load_workbook(io.BytesIO(download(client_as(kasi_user), recap, "xlsx").content))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if row}
    assert summary["Jumlah sesi"] == 4
    assert float(summary["Jam pemakaian"]) == 15.3
    assert summary["Tidak hadir"] == 2
    sessions = book["Sesi"]
    rows = list(sessions.iter_rows(values_only=True))
    assert rows[1][2] == "Nama"
    data = rows[2:]
    assert [r[2] for r in data] == ["Ayu Lestari", "Budi Santoso", "Citra Dewi", "Dedi Kurniawan"]
    assert sum(r[7] for r in data) == 915
    per_day = list(book["Pemakaian per hari"].iter_rows(values_only=True))
    assert per_day[-1][:2] == ("Jumlah", 4)


def test_the_csv_lists_every_session(recap, client_as, admin_user):
    text = download(client_as(admin_user), recap, "csv").content.decode("utf-8-sig")
    assert "Jumlah sesi,4" in text
    assert text.count("Universitas Tanjungpura") == 3  # two sessions + the institutions table


def test_a_corrected_version_shows_in_its_own_files(october, client_as, admin_user, kasi_user):
    with time_machine.travel(NOVEMBER_2, tick=False):
        recap = actions.prepare_recap(period=month(2026, 10))
    actions.submit_recap(recap=recap, by=admin_user)
    actions.correct_recap(recap=recap, by=kasi_user, row=2, field="remove", reason="Uji coba")
    kasi = client_as(kasi_user)
    first = load_workbook(io.BytesIO(download(kasi, recap, "xlsx", 1).content)).worksheets[0]
    second = load_workbook(io.BytesIO(download(kasi, recap, "xlsx", 2).content)).worksheets[0]
    assert {r[0]: r[1] for r in first.iter_rows(values_only=True) if r}["Jumlah sesi"] == 4
    assert {r[0]: r[1] for r in second.iter_rows(values_only=True) if r}["Jumlah sesi"] == 3
    flat = re.sub(
        r"\s+",
        " ",
        "\n".join(
            p.extract_text()
            for p in PdfReader(io.BytesIO(download(kasi, recap, "pdf", 2).content)).pages
        ),
    )
    assert "Uji coba" in flat  # the correction, with who and when, is in the report


def test_files_are_for_staff_who_read_reports_only(
    recap, client, client_as, sekretariat_user, outsider_user
):
    url = reverse("reports:recap-download", args=[recap.slug, 1, "pdf"])
    assert client_as(sekretariat_user).get(url).status_code == 403
    assert client_as(outsider_user).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert (
        client_as(outsider_user).get(reverse("reports:recap", args=[recap.slug])).status_code == 403
    )


def test_the_recap_page_is_never_cached(recap, client_as, kabid_user):
    response = client_as(kabid_user).get(reverse("reports:recap", args=[recap.slug]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Ayu Lestari" in response.content.decode()
