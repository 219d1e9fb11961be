"""What the reports app holds about a person, for reservations.personal_data.

Complaints: kept after anonymisation are the code, service, channel, received
date and time, status, answer date and the staff member who answered, so the
complaint counts per period (``reports.content.complaint_counts``) stay right.
Removed: name, email, phone, the complaint text and the answer (both free text
that may name the person). The answer becomes ``REMOVED`` rather than empty
because an answered complaint must carry one (a database constraint).

Survey invitations: kept are the service, delivery date, sending date, expiry
and whether it was answered; removed is the address. The answers themselves
(``SurveyResponse``) never held an identity and are not touched.

Frozen recap versions are not touched either: a database trigger forbids it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reservations.personal_data import Holder, Stage

from .models import Complaint, SurveyInvitation

REMOVED = "-"  # what an anonymised answer reads; a stored value, not shown as a sentence


def _match(emails: set[str], phones: set[str], *, with_phone: bool) -> Q:
    match = Q()
    for email in emails:
        match |= Q(email__iexact=email)
    if with_phone and phones:
        match |= Q(phone__in=phones)
    return match


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


class ComplaintHolder(Holder):
    key = "reports.complaint"
    label = _("Complaints")

    def records_of(self, *, emails: set[str], phones: set[str]):
        match = _match({e for e in emails if e}, phones, with_phone=True)
        if not match:
            return Complaint.objects.none()
        return Complaint.objects.filter(match, anonymised_at__isnull=True).order_by("created_at")

    def phones_on(self, records) -> set[str]:
        return {record.phone for record in records if record.phone}

    def export(self, record: Complaint) -> dict:
        return {
            "code": record.code,
            "service": record.service,
            "received_through": record.channel,
            "name": record.name,
            "email": record.email,
            "phone": record.phone,
            "complaint": record.message,
            "privacy_notice_version": record.privacy_version,
            "received_on": record.received_on.isoformat(),
            "received_at": _iso(record.created_at),
            "status": record.status,
            "answer": record.answer,
            "answered_at": _iso(record.answered_at),
        }

    def stage(self, record: Complaint, now: dt.datetime) -> Stage:
        # Nothing to cancel or wait for: the complaint is over once it was received.
        return Stage.ANONYMISED if record.anonymised_at is not None else Stage.OVER

    def cancel(self, record: Complaint, now: dt.datetime) -> bool:
        return False  # never UPCOMING, so never asked

    def anonymise(self, record: Complaint, now: dt.datetime) -> bool:
        with transaction.atomic():
            # The retention job and a person's erasure at once: one of them does it.
            locked = Complaint.objects.select_for_update().filter(pk=record.pk).first()
            if locked is None or locked.anonymised_at is not None:
                return False
            Complaint.objects.filter(pk=record.pk).update(
                name="",
                email="",
                phone="",
                message="",
                answer=REMOVED if locked.answer else "",
                anonymised_at=now,
            )
        return True

    def past_retention(self, cutoff: dt.datetime):
        return Complaint.objects.filter(
            received_on__lt=cutoff.date(), anonymised_at__isnull=True
        ).order_by("pk")


class SurveyInvitationHolder(Holder):
    key = "reports.survey_invitation"
    label = _("Satisfaction survey invitations")

    def records_of(self, *, emails: set[str], phones: set[str]):
        match = _match({e for e in emails if e}, phones, with_phone=False)
        if not match:
            return SurveyInvitation.objects.none()
        return SurveyInvitation.objects.filter(match, anonymised_at__isnull=True).order_by(
            "created_at"
        )

    def phones_on(self, records) -> set[str]:
        return set()  # an invitation holds no phone number

    def export(self, record: SurveyInvitation) -> dict:
        return {
            "service": record.service,
            "service_delivered_on": record.delivered_on.isoformat(),
            "email": record.email,
            "sent_at": _iso(record.created_at),
            "link_valid_until": _iso(record.expires_at),
            "answered_at": _iso(record.answered_at),
        }

    def stage(self, record: SurveyInvitation, now: dt.datetime) -> Stage:
        return Stage.ANONYMISED if record.anonymised_at is not None else Stage.OVER

    def cancel(self, record: SurveyInvitation, now: dt.datetime) -> bool:
        return False  # never UPCOMING, so never asked

    def anonymise(self, record: SurveyInvitation, now: dt.datetime) -> bool:
        changed = SurveyInvitation.objects.filter(pk=record.pk, anonymised_at__isnull=True).update(
            email="", anonymised_at=now
        )
        return bool(changed)

    def past_retention(self, cutoff: dt.datetime):
        return SurveyInvitation.objects.filter(
            created_at__lt=cutoff, anonymised_at__isnull=True
        ).order_by("pk")
