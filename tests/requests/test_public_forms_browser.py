"""The public request forms in a real Chromium on a phone-sized screen."""

import pytest
import time_machine

from meetingroom.models import Equipment
from reservations.demo_requests import letter_pdf
from reservations.models import RequestState, Resource, Service, ServiceRequest

from .conftest import NOW

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("platform_rows"),
]


@pytest.fixture
def running_clock():
    with time_machine.travel(NOW, tick=True):
        yield


def letter():
    return {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": letter_pdf()}


def fill_common(page, email="guru@sman1.example.org"):
    page.get_by_label("Instansi*", exact=True).fill("SMA Negeri 1 Pontianak")
    page.get_by_label("Jenis instansi*", exact=True).select_option("school")
    page.get_by_label("Narahubung*", exact=True).fill("Ibu Ratna")
    page.get_by_label("Email*", exact=True).fill(email)
    page.get_by_label("Telepon / WhatsApp*", exact=True).fill("0812 3456 7890")
    page.locator("#id_start_time").fill("09:00")
    page.locator("#id_end_time").fill("11:00")
    page.locator("#id_letter").set_input_files(files=[letter()])
    page.locator("#id_consent").check()


def test_a_school_picks_a_free_day_and_sends_a_visit_request(running_clock, page):
    page.goto("/kunjungan/?bulan=2026-11")
    # A free day in the month view fills the date into the form.
    with page.expect_navigation():
        page.get_by_role("link", name="Kamis, 26 November 2026: kosong").click()
    assert page.locator("#id_date").input_value() == "2026-11-26"
    fill_common(page)
    page.get_by_label("Jumlah pengunjung*", exact=True).fill("25")
    page.get_by_label("Tujuan kunjungan*", exact=True).fill("Studi wisata kelas XI")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()

    req = ServiceRequest.objects.get()
    assert req.state == RequestState.SUBMITTED and req.participants == 25
    assert page.locator("body").inner_text().count(req.code) >= 1
    assert "Diajukan, menunggu Admin" in page.locator("#state").inner_text()
    # No request leaves the portal (no CDN), and the layout fits a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_wrong_file_is_refused_in_the_applicants_language(running_clock, page):
    page.goto("/kunjungan/?tanggal=2026-11-26")
    fill_common(page)
    page.get_by_label("Jumlah pengunjung*", exact=True).fill("10")
    page.get_by_label("Tujuan kunjungan*", exact=True).fill("Kunjungan")
    page.locator("#id_letter").set_input_files(
        files=[{"name": "surat.pdf", "mimeType": "application/pdf", "buffer": b"<html>x</html>"}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()
    assert "Berkas ini bukan PDF" in page.locator("body").inner_text()
    assert not ServiceRequest.objects.exists()


def test_a_loan_asks_whether_to_go_ahead_without_missing_equipment(running_clock, page):
    room = Resource.objects.get(service=Service.MEETING_ROOM)
    mics = Equipment.objects.create(resource=room, name="Mikrofon nirkabel", quantity=2)
    page.goto("/ruang-rapat/?tanggal=2026-11-26")
    fill_common(page, email="panitia@example.org")
    page.get_by_label("Nama kegiatan*", exact=True).fill("Rapat koordinasi")
    page.get_by_label("Perkiraan jumlah peserta*", exact=True).fill("20")
    page.get_by_label("Tentang kegiatan*", exact=True).fill("Rapat lintas OPD")
    page.get_by_label("Mikrofon nirkabel").fill("3")  # more than the room has
    page.get_by_label("Kami tidak akan menyajikan makanan prasmanan selama kegiatan.").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()
    assert ServiceRequest.objects.count() == 0  # the field refuses more than are owned
    page.get_by_label("Mikrofon nirkabel").fill("2")
    page.locator("#id_letter").set_input_files(files=[letter()])
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()
    req = ServiceRequest.objects.get()
    assert req.equipment_lines.get().equipment == mics
