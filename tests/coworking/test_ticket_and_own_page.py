"""What the citizen carries and where they see or cancel it: QR, PDF, .ics, the emailed link."""

import io

import pytest
import zxingcpp
from django.core import mail
from icalendar import Calendar
from PIL import Image
from pypdf import PdfReader

from coworking import services, tickets
from coworking.models import Reservation, ReservationEvent, Status
from reservations.roles import Role

from .conftest import MONDAY, TUESDAY, at

pytestmark = pytest.mark.django_db


def decode(png: bytes) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def own_page(reservation):
    return f"/coworking/r/{reservation.manage_token}/"


def test_the_qr_code_decodes_back_to_the_code(book):
    reservation = book()
    assert decode(tickets.qr_png(reservation.code)) == [reservation.code]


def test_the_qr_code_is_small_enough_to_scan_fast(book):
    reservation = book()
    image = Image.open(io.BytesIO(tickets.qr_png(reservation.code)))
    modules = image.width // 10 - 2 * 4  # box size 10, quiet zone of 4
    assert modules <= 25  # version 2


def test_the_emailed_qr_code_and_ticket_carry_the_code(book, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reservation = book()
    [email] = mail.outbox
    png = next(content for name, content, mimetype in email.attachments if mimetype == "image/png")
    assert decode(png) == [reservation.code]
    assert reservation.code in email.body


def test_the_pdf_ticket_is_one_page_with_the_desk_the_date_and_a_scannable_code(client, book):
    reservation = book(start=(9, 0), end=(13, 0))
    response = client.get(own_page(reservation) + "ticket.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    pdf = PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "Meja 1" in text
    assert "Selasa, 1 Desember 2026" in text
    assert "09.00 WIB" in text and "13.00 WIB" in text
    [image] = pdf.pages[0].images
    assert decode(_png(image.image)) == [reservation.code]


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_calendar_entry_holds_the_slot_and_the_place(client, book):
    reservation = book(start=(9, 0), end=(13, 0))
    response = client.get(own_page(reservation) + "ticket.ics")
    assert response["Content-Type"] == "text/calendar"
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == at(TUESDAY, 9)
    assert event.decoded("dtend") == at(TUESDAY, 13)
    assert "Rahadi Osman" in str(event["location"])
    assert reservation.code in str(event["description"])


def test_the_own_page_shows_the_reservation_without_an_account(client, book, clock):
    reservation = book(start=(9, 0), end=(13, 0))
    clock(at(MONDAY, 12))
    response = client.get(own_page(reservation))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    assert "<svg" in html and reservation.code in html
    assert "Selasa, 1 Desember 2026" in html
    assert "09.00 WIB – 13.00 WIB" in html
    assert "7 jam" in html and "rapikan meja" in html
    assert "Batalkan reservasi" in html


def test_an_unknown_link_finds_nothing(client, book):
    book()
    assert client.get("/coworking/r/M-NOTATOKEN/").status_code == 404
    assert client.get("/coworking/r/M-NOTATOKEN/ticket.pdf").status_code == 404
    assert client.post("/coworking/r/M-NOTATOKEN/cancel/").status_code == 404


def test_the_code_alone_does_not_open_the_own_page(client, book):
    reservation = book()
    assert client.get(f"/coworking/r/{reservation.code}/").status_code == 404


def test_the_citizen_cancels_through_the_link(
    client, book, clock, django_capture_on_commit_callbacks
):
    reservation = book()
    clock(at(MONDAY, 15))
    confirm = client.get(own_page(reservation) + "cancel/")
    assert "Ya, batalkan" in confirm.content.decode()
    assert Reservation.objects.get(pk=reservation.pk).status == Status.RESERVED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(own_page(reservation) + "cancel/", follow=True)
    assert "Reservasi Anda dibatalkan" in response.content.decode()
    reservation.refresh_from_db()
    assert reservation.status == Status.CANCELLED
    event = reservation.events.last()
    assert event.role == ReservationEvent.CITIZEN and event.actor is None
    assert event.at == at(MONDAY, 15)
    assert mail.outbox[-1].subject == "Reservasi co-working Anda dibatalkan"
    again = client.post(own_page(reservation) + "cancel/", follow=True)
    assert "sudah tidak aktif" in again.content.decode()
    assert reservation.events.count() == 2


def test_after_check_in_the_reservation_cannot_be_cancelled(client, book, admin_user, clock):
    reservation = book()
    services.check_in(
        code=reservation.code, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 8, 5)
    )
    clock(at(TUESDAY, 9))
    response = client.post(own_page(reservation) + "cancel/", follow=True)
    assert "sudah check-in" in response.content.decode()
    assert Reservation.objects.get(pk=reservation.pk).status == Status.CHECKED_IN


def test_the_own_page_rejects_other_methods(client, book):
    reservation = book()
    assert client.post(own_page(reservation)).status_code == 405
    assert client.put(own_page(reservation) + "cancel/").status_code == 405


def test_the_calendar_entry_is_complete_and_keeps_the_link_out_of_its_uid(client, book):
    from ical.calendar_stream import IcsCalendarStream

    from reservations import ics

    reservation = book(start=(9, 0), end=(13, 0))
    content = client.get(own_page(reservation) + "ticket.ics").content.decode()
    calendar = IcsCalendarStream.calendar_from_ics(content)  # a strict RFC 5545 parser
    [event] = calendar.events
    assert [tz.tz_id for tz in calendar.timezones] == ["Asia/Pontianak"]
    assert calendar.prodid == ics.PRODID
    assert reservation.manage_token not in event.uid and reservation.code not in event.uid
    again = client.get(own_page(reservation) + "ticket.ics").content.decode()
    assert IcsCalendarStream.calendar_from_ics(again).events[0].uid == event.uid
