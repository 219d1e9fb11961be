"""The lembar disposisi prints as a PDF with the fields of REFERENCE.md."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from reservations import actions

from .conftest import submit

pytestmark = pytest.mark.django_db


def sheet_text(client, req) -> str:
    response = client.get(f"/admin/reservations/servicerequest/{req.pk}/disposition-sheet/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_sheet_carries_the_letter_the_dispositions_and_their_signers(
    clock, walk, client_as, admin_user, sekretariat_user, kadis_user, kabid_user
):
    req = submit(institution="SMA Negeri 1 Pontianak")
    actions.receive_request(service_request=req, actor=admin_user)
    actions.register_letter(
        service_request=req, actor=sekretariat_user, letter_number="421/017/SMAN1/2026",
        letter_date=dt.date(2026, 11, 20),
    )  # fmt: skip
    actions.dispose_to_kabid(
        service_request=req, actor=kadis_user, instructions=["proses", "koordinasi"],
        security_class="terbatas", urgency="amat_segera", note="Segera jadwalkan",
        signer_nip="197001011990031001",
    )  # fmt: skip
    actions.dispose_to_kasi(
        service_request=req, actor=kabid_user, instructions=["tindaklanjut"],
        urgency="segera", due_date=dt.date(2026, 11, 25), note="Hubungi pemohon",
    )  # fmt: skip
    text = sheet_text(client_as(kadis_user), req)

    assert "LEMBAR DISPOSISI" in text
    for expected in [
        "Surat dari SMA Negeri 1 Pontianak",
        "No. surat 421/017/SMAN1/2026",
        "Tgl. surat Jumat, 20 November 2026",
        "Diterima tgl Selasa, 24 November 2026",
        "No. agenda 0001/SM/2026",
        "Terbatas",
        "Amat Segera",
        "Permohonan kunjungan ke Pontive Center",
        "Diteruskan kepada Kabid TKPBET",
        "Diteruskan kepada Kasi PK&AI",
        "Segera jadwalkan",
        "Hubungi pemohon",
        # Amat Segera: within 24 hours of signing.
        "Batas waktu Rabu, 25 November 2026, 08.00 WIB",
        "Kepala Dinas Komunikasi dan Informatika Kota Pontianak",
        "NIP 197001011990031001",
        "Budi",
        "Hendra",
    ]:
        assert expected in text, expected
    # The ticked instructions carry an X; the others are empty boxes.
    assert "X Proses lebih lanjut" in text and "X Koordinasikan/konfirmasikan" in text
    assert "X Tanggapan dan saran" not in text


def test_a_registered_letter_prints_a_blank_sheet_for_the_kadis(
    clock, walk, client_as, sekretariat_user
):
    req = walk(submit(), until="register_letter")
    text = sheet_text(client_as(sekretariat_user), req)
    assert "No. agenda 0001/SM/2026" in text and "Diteruskan kepada" in text


def test_outsiders_do_not_get_the_sheet(clock, client, client_as, outsider_user):
    req = submit()
    url = f"/admin/reservations/servicerequest/{req.pk}/disposition-sheet/"
    assert client.get(url).status_code == 302
    outsider_user.is_staff = True
    outsider_user.save()
    assert client_as(outsider_user).get(url).status_code == 403
