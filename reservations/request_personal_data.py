"""What a visit or meeting-room request holds about a person, for personal_data.

Kept after anonymisation: code, service, room, state and its history (steps,
roles, times, office minutes), institution and its kind (the office's agenda of
incoming letters names the sending institution), participants, dates, letter
number and agenda number, dispositions (the office's signed orders), equipment
lines, the staff's event report and photos, privacy notice version. Removed:
contact name, email, phone, purpose, event title, the uploaded letter file
(signatures and phone numbers are in it), notes on the history rows.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import actions
from .errors import RequestRefused
from .models import FINAL_STATES, RequestTransition, ServiceRequest
from .personal_data import Holder, Stage


class ServiceRequestHolder(Holder):
    key = "requests.service_request"
    label = _("Visit and meeting-room requests")

    def records_of(self, *, emails: set[str], phones: set[str]):
        match = Q()
        for email in emails:
            match |= Q(email__iexact=email)
        if phones:
            match |= Q(phone__in=phones)
        if not match:
            return ServiceRequest.objects.none()
        return (
            ServiceRequest.objects.filter(match, anonymised_at__isnull=True)
            .select_related("resource")
            .prefetch_related("history", "equipment_lines__equipment")
            .order_by("start")
        )

    def phones_on(self, records) -> set[str]:
        return {record.phone for record in records if record.phone}

    def export(self, record: ServiceRequest) -> dict:
        return {
            "code": record.code,
            "service": record.service,
            "state": record.state,
            "room": record.resource.name,
            "institution": record.institution,
            "institution_kind": record.institution_kind,
            "contact_name": record.contact_name,
            "email": record.email,
            "phone": record.phone,
            "participants": record.participants,
            "start": record.start.isoformat(),
            "end": record.end.isoformat(),
            "purpose": record.purpose,
            "event_title": record.event_title,
            "letter_uploaded": bool(record.letter),
            "letter_number": record.letter_number,
            "privacy_notice_version": record.privacy_version,
            "language": record.language,
            "submitted_at": record.created_at.isoformat(),
            "equipment": [
                {"item": line.equipment.name, "asked_for": line.quantity}
                for line in record.equipment_lines.all()
            ],
            "history": [
                {
                    "at": step.at.isoformat(),
                    "step": step.action,
                    "to": step.to_state,
                    "by_role": step.role,
                    "note_for_you": step.public_note,
                    "internal_note": step.note,
                }
                for step in record.history.all()
            ],
        }

    def stage(self, record: ServiceRequest, now: dt.datetime) -> Stage:
        if record.anonymised_at is not None:
            return Stage.ANONYMISED
        if record.state in FINAL_STATES or record.end <= now:
            return Stage.OVER
        if record.start <= now:
            return Stage.ONGOING
        return Stage.UPCOMING

    def cancel(self, record: ServiceRequest, now: dt.datetime) -> bool:
        try:
            actions.cancel_request(
                service_request=record.pk,
                reason=str(_("Cancelled at the applicant's request to erase their data.")),
                now=now,
            )
        except RequestRefused:
            return False
        return True

    def anonymise(self, record: ServiceRequest, now: dt.datetime) -> bool:
        with transaction.atomic():
            # The retention job and a person's erasure at once: one of them does it.
            locked = (
                ServiceRequest.objects.select_for_update(of=("self",)).filter(pk=record.pk).first()
            )
            if locked is None or locked.anonymised_at is not None:
                return False
            letter = locked.letter
            if letter:
                storage, name = letter.storage, letter.name
                # The file goes only once the database change is committed.
                transaction.on_commit(lambda: storage.delete(name))
            ServiceRequest.objects.filter(pk=record.pk).update(
                contact_name="",
                email="",
                phone="",
                purpose="",
                event_title="",
                letter="",
                anonymised_at=now,
            )
            RequestTransition.objects.filter(request_id=record.pk).strip_notes()
        return True

    def past_retention(self, cutoff: dt.datetime):
        return ServiceRequest.objects.filter(end__lt=cutoff, anonymised_at__isnull=True).order_by(
            "pk"
        )
