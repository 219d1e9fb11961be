"""What the co-working service holds about a person, for reservations.personal_data.

Kept after anonymisation: code, desk, day and times, status, check-in and
check-out times and method, walk-in flag, tidiness, language, privacy notice
version, the history rows (without their notes). Removed: name, email, phone,
institution or start-up (often the person's own name), history notes.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reservations.personal_data import Holder, Stage

from . import services
from .models import ACTIVE, Reservation, ReservationEvent, Status


class ReservationHolder(Holder):
    key = "coworking.reservation"
    label = _("Co-working desk reservations")

    def records_of(self, *, emails: set[str], phones: set[str]):
        match = Q()
        for email in emails:
            match |= Q(email__iexact=email)
        if phones:
            match |= Q(phone__in=phones)
        if not match:
            return Reservation.objects.none()
        return (
            Reservation.objects.filter(match, anonymised_at__isnull=True)
            .select_related("desk")
            .prefetch_related("events")
            .order_by("start")
        )

    def phones_on(self, records) -> set[str]:
        return {record.phone for record in records if record.phone}

    def export(self, record: Reservation) -> dict:
        return {
            "code": record.code,
            "desk": str(record.desk),
            "date": record.day.isoformat(),
            "start": record.start.isoformat(),
            "end": record.end.isoformat(),
            "status": record.status,
            "name": record.name,
            "email": record.email,
            "phone": record.phone,
            "institution": record.institution,
            "walk_in": record.walk_in,
            "checked_in_at": _iso(record.checked_in_at),
            "checked_out_at": _iso(record.checked_out_at),
            "privacy_notice_version": record.privacy_version,
            "language": record.language,
            "created_at": _iso(record.created_at),
            "history": [
                {
                    "at": event.at.isoformat(),
                    "from": event.from_status,
                    "to": event.to_status,
                    "by_role": event.role,
                    "note": event.note,
                }
                for event in record.events.all()
            ],
        }

    def stage(self, record: Reservation, now: dt.datetime) -> Stage:
        if record.anonymised_at is not None:
            return Stage.ANONYMISED
        shown = record.shown_status(now)
        if shown == Status.RESERVED:
            return Stage.UPCOMING
        if shown == Status.CHECKED_IN or record.status in ACTIVE:
            # Present at a desk now, or closed on screen but not yet in the
            # database (the periodic job will write it within a minute).
            return Stage.ONGOING
        return Stage.OVER

    def cancel(self, record: Reservation, now: dt.datetime) -> bool:
        try:
            services.cancel_reservation(reservation_id=record.pk, now=now)
        except services.ScanRefused:
            return False
        return True

    def anonymise(self, record: Reservation, now: dt.datetime) -> bool:
        with transaction.atomic():
            # The retention job and a person's erasure at once: one of them does it.
            locked = Reservation.objects.select_for_update().filter(pk=record.pk).first()
            if locked is None or locked.anonymised_at is not None or locked.status in ACTIVE:
                return False
            Reservation.objects.filter(pk=record.pk).update(
                name="", email="", phone="", institution="", anonymised_at=now
            )
            ReservationEvent.objects.filter(reservation_id=record.pk).update(note="")
        return True

    def past_retention(self, cutoff: dt.datetime):
        return (
            Reservation.objects.filter(end__lt=cutoff, anonymised_at__isnull=True)
            .exclude(status__in=ACTIVE)
            .order_by("pk")
        )

    def settle(self, now: dt.datetime) -> None:
        services.release_no_shows(now=now)
        services.close_overdue_sessions(now=now)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
