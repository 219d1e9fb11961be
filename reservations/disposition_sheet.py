"""The disposition sheet (lembar disposisi) of a registered letter, as a PDF (WeasyPrint).

An official form of the office, so it is always printed in Bahasa Indonesia,
whatever language the member of staff reads the portal in.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .models import Instruction, ServiceRequest
from .roles import Role

POSITIONS = {
    Role.KADIS: "Kepala Dinas Komunikasi dan Informatika Kota Pontianak",
    Role.KABID: "Kepala Bidang Tata Kelola Pemerintahan Berbasis Elektronik dan Telematika",
    Role.KASI: "Kepala Seksi Pengembangan Kebijakan dan Aplikasi Informatika",
}
RECIPIENTS = {
    Role.KABID: "Kabid TKPBET (Tata Kelola Pemerintahan Berbasis Elektronik dan Telematika)",
    Role.KASI: "Kasi PK&AI (Pengembangan Kebijakan dan Aplikasi Informatika)",
}


def sheet_context(req: ServiceRequest) -> dict:
    dispositions = [
        {
            "d": d,
            "to": RECIPIENTS.get(d.to_role, d.to_role),
            "position": POSITIONS.get(d.from_role, d.from_role),
            "ticks": [(label, value in d.instructions) for value, label in Instruction.choices],
        }
        for d in req.dispositions.filter(withdrawn_at__isnull=True).order_by("signed_at", "pk")
    ]
    first = dispositions[0]["d"] if dispositions else None
    blank = [(label, False) for _value, label in Instruction.choices]
    return {"req": req, "dispositions": dispositions, "first": first, "blank_ticks": blank}


def render_sheet(req: ServiceRequest) -> bytes:
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string("reservations/disposition_sheet.html", sheet_context(req))
    return HTML(string=html).write_pdf()
