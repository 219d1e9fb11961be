"""What a citizen carries: the QR code, the one-page PDF ticket, the calendar entry."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reservations import ics

from .models import Reservation

# The office's address as its own documents print it (SOP 003 letterhead).
LOCATION = "Pontive Center, Diskominfo Kota Pontianak, Jalan Rahadi Osman No. 3, Pontianak 78111"


def _qr(code: str) -> qrcode.QRCode:
    # Alphanumeric mode (upper case, digits, '-') keeps the 30-character code at
    # version 2: 25×25 modules, which phone cameras and USB scanners read at once.
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(code)
    qr.make(fit=True)
    return qr


def qr_png(code: str) -> bytes:
    buffer = io.BytesIO()
    _qr(code).make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(code: str) -> str:
    image = _qr(code).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def qr_data_uri(code: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(code)).decode()


def manage_url(reservation: Reservation) -> str:
    return settings.SITE_URL + reverse("coworking:manage", args=[reservation.manage_token])


def ticket_pdf(reservation: Reservation) -> bytes:
    """The one-page ticket: QR code, desk, date, time and the house rules."""
    from weasyprint import HTML

    html = render_to_string(
        "coworking/ticket_pdf.html",
        {
            "reservation": reservation,
            "qr": qr_data_uri(reservation.code),
            "manage_url": manage_url(reservation),
            "location": LOCATION,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def ticket_ics(reservation: Reservation) -> bytes:
    return ics.calendar_entry(
        subject=f"coworking.reservation:{reservation.pk}",
        summary=_("Co-working: %(desk)s, Pontive Center") % {"desk": reservation.desk},
        start=reservation.start,
        end=reservation.end,
        location=LOCATION,
        description="\n".join(
            [
                _("Reservation code: %(code)s") % {"code": reservation.code},
                _("Show the QR code at the front desk when you arrive."),
                _("At most 7 hours; tidy the desk and report to the admin when you leave."),
                _("See or cancel: %(url)s") % {"url": manage_url(reservation)},
            ]
        ),
        url=manage_url(reservation),
    )


def attachments(reservation: Reservation) -> list[tuple[str, bytes, str]]:
    stem = f"pontive-coworking-{timezone.localtime(reservation.start):%Y%m%d}"
    return [
        (f"{stem}-qr.png", qr_png(reservation.code), "image/png"),
        (f"{stem}.pdf", ticket_pdf(reservation), "application/pdf"),
        (f"{stem}.ics", ticket_ics(reservation), "text/calendar"),
    ]
