"""Helpers for the demo data of visits and meeting-room loans: letters and walks down the chain."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import actions
from .models import Notification, ServiceRequest


def letter_pdf(text: str = "Surat Permohonan") -> bytes:
    """A small, valid one-page PDF (what a scanned request letter stands in for)."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 760 Td ({safe}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def letter_upload(text: str = "Surat Permohonan") -> SimpleUploadedFile:
    return SimpleUploadedFile("surat.pdf", letter_pdf(text), content_type="application/pdf")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def staff(username: str):
    return get_user_model().objects.get(username=username)


def walk(req: ServiceRequest, until: str, *, start: dt.datetime, step_minutes: int = 20) -> None:
    """Take the chain's steps, as the demo staff, up to the step named ``until``.

    Each step is taken ``step_minutes`` after the previous one, from ``start``.
    """
    now = start
    chain = [
        ("receive_request", "admin", {}),
        ("register_letter", "sekretariat", {}),
        (
            "dispose_to_kabid",
            "kadis",
            {"instructions": ["proses"], "note": "Mohon ditindaklanjuti"},
        ),
        (
            "dispose_to_kasi",
            "kabid",
            {"instructions": ["koordinasi"], "note": "Koordinasikan jadwal"},
        ),
        ("confirm_schedule", "kasi", {"no_buffet_checked": True}),
        ("schedule_request", "admin", {}),
    ]
    for action, username, extra in chain:
        now += dt.timedelta(minutes=step_minutes)
        kwargs = dict(extra)
        if action == "register_letter":
            kwargs.update(letter_number=f"005/{req.pk:03d}/2026", letter_date=now.date())
        getattr(actions, action)(service_request=req, actor=staff(username), now=now, **kwargs)
        if action == until:
            return


def forget_demo_emails(since_pk: int) -> None:
    """Demo requests write to made-up addresses: drop their emails before anything sends them."""
    Notification.objects.filter(pk__gt=since_pk).delete()


def last_notification_pk() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def service_day(service: str, start: dt.date, *, backwards: bool = False) -> dt.date:
    """The first day the service runs on or after ``start`` (or on or before, backwards)."""
    from . import calendar

    step = dt.timedelta(days=-1 if backwards else 1)
    day = start
    for _ in range(60):
        if calendar.is_service_day(day, service):
            return day
        day += step
    raise RuntimeError("no service day within 60 days")


def backdate(req: ServiceRequest, submitted: dt.datetime) -> None:
    """A demo request submitted in the past says so (``created_at`` is set on insert)."""
    ServiceRequest.objects.filter(pk=req.pk).update(created_at=submitted)
