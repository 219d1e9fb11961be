"""Where the portal keeps a person's data, and how to hand it out, erase it or age it out.

Each app that stores personal data registers one ``Holder`` per model from its
``AppConfig.ready()`` (``register(MyHolder())``); the data-request pages and the
retention job only talk to the registry, so a new app (the reports: survey
answers, complaints) joins by adding its own holder and nothing else.

What a holder must do:

- ``records_of(emails, phones)``: the person's records, found by any of the emails
  (case-insensitive) or phone numbers (E.164);
- ``phones_on(records)``: the phone numbers written on them (exported with
  them; other records carrying those numbers are only counted, see ``Found``);
- ``export(record)``: a JSON-ready dict of everything held about them;
- ``stage(record, now)``: UPCOMING (not yet served: cancel it first), ONGOING
  (being served right now: left alone until it is over), OVER, or ANONYMISED;
- ``cancel(record, now)``: cancel through the service's own action, so history
  and notifications stay right;
- ``anonymise(record, now)``: remove the personal data, keep what counts
  (dates, place, status, kind); must be safe to run twice;
- ``past_retention(cutoff)``: records not yet anonymised whose service ended
  before ``cutoff``.

What stays after anonymisation is listed in the README ("Personal data").
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Notification, NotificationStatus

log = logging.getLogger(__name__)


class Stage(enum.Enum):
    UPCOMING = "upcoming"
    ONGOING = "ongoing"
    OVER = "over"
    ANONYMISED = "anonymised"


class Holder:
    """One kind of record holding personal data; subclass and ``register`` it."""

    key: str = ""  # stable name in the export, e.g. "coworking.reservation"
    label = ""  # what the person sees ("Co-working desk reservations")

    def records_of(self, *, emails: set[str], phones: set[str]):
        raise NotImplementedError

    def phones_on(self, records) -> set[str]:
        raise NotImplementedError

    def export(self, record) -> dict:
        raise NotImplementedError

    def stage(self, record, now: dt.datetime) -> Stage:
        raise NotImplementedError

    def cancel(self, record, now: dt.datetime) -> bool:
        """Cancel an upcoming record; False when the service refuses (it stays as it is)."""
        raise NotImplementedError

    def anonymise(self, record, now: dt.datetime) -> bool:
        """Remove the personal data; False when there was nothing left to remove."""
        raise NotImplementedError

    def past_retention(self, cutoff: dt.datetime):
        raise NotImplementedError

    def settle(self, now: dt.datetime) -> None:
        """Bring stored states up to date before erasing (periodic jobs that may lag)."""


_holders: dict[str, Holder] = {}


def register(holder: Holder) -> Holder:
    if not holder.key:
        raise ValueError("A personal-data holder needs a key.")
    _holders[holder.key] = holder
    return holder


def holders() -> list[Holder]:
    return list(_holders.values())


# ---------------------------------------------------------------- finding


@dataclass
class Found:
    """A person's records across the portal, found from one email address.

    ``records`` hold the email (the emailed link proves the person owns it).
    ``elsewhere`` counts records that carry one of the phone numbers given with
    that email but another address: a phone number proves nothing (anyone can
    type someone else's), so those are neither shown nor erased, only counted.
    """

    email: str
    phones: set[str] = field(default_factory=set)
    records: dict[str, list] = field(default_factory=dict)
    elsewhere: int = 0

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.records.values())


def find(email: str) -> Found:
    """Everything held under ``email``, and how many other records carry its phone numbers."""
    email = email.strip()
    found = Found(email=email)
    if not email:
        return found
    for holder in holders():
        rows = list(holder.records_of(emails={email}, phones=set()))
        found.records[holder.key] = rows
        found.phones |= holder.phones_on(rows)
    found.phones.discard("")
    if found.phones:
        for holder in holders():
            mine = {record.pk for record in found.records[holder.key]}
            found.elsewhere += sum(
                1
                for pk in holder.records_of(emails=set(), phones=found.phones).values_list(
                    "pk", flat=True
                )
                if pk not in mine
            )
    return found


def export(email: str, *, now: dt.datetime | None = None) -> dict:
    """The downloadable copy: what we hold, per kind of record, plus the emails we sent."""
    now = now or timezone.now()
    found = find(email)
    data = {
        "portal": str(settings.SERVICE_NAME),
        "exported_at": now.isoformat(),
        "email": found.email,
        "phones": sorted(found.phones),
        "records_with_these_phones_under_other_emails": found.elsewhere,
    }
    for holder in holders():
        data[holder.key] = [holder.export(record) for record in found.records.get(holder.key, [])]
    data["emails_sent"] = [
        {
            "subject": row.subject,
            "status": row.status,
            "queued_at": _iso(row.created_at),
            "sent_at": _iso(row.sent_at),
        }
        for row in outbox_to(found.email).order_by("created_at")
    ]
    return data


def outbox_to(email: str):
    return Notification.objects.filter(to__iexact=email) if email else Notification.objects.none()


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


# ---------------------------------------------------------------- erasing


@dataclass
class Erasure:
    cancelled: int = 0
    anonymised: int = 0
    kept_ongoing: int = 0
    emails_purged: int = 0


def erase(email: str, *, now: dt.datetime | None = None) -> Erasure:
    """The person asked for deletion: cancel what is upcoming, anonymise what is over.

    Records being served right now are left alone (the office still needs the
    name at the desk); the page says so, and a later request or the retention
    job removes them. The outbox rows to the address go too, except the
    cancellation notices this erasure itself queued: those must still reach
    the person, and the retention job purges them once sent.
    """
    now = now or timezone.now()
    result = Erasure()
    for holder in holders():
        holder.settle(now)
    found = find(email)
    outbox_before = set(outbox_to(found.email).values_list("pk", flat=True))
    for holder in holders():
        for record in found.records.get(holder.key, []):
            stage = holder.stage(record, now)
            if stage is Stage.UPCOMING:
                if not holder.cancel(record, now):
                    result.kept_ongoing += 1
                    continue
                result.cancelled += 1
                stage = Stage.OVER
            if stage is Stage.ONGOING:
                result.kept_ongoing += 1
            elif stage is Stage.OVER and holder.anonymise(record, now):
                result.anonymised += 1
    Notification.objects.filter(pk__in=outbox_before).delete()
    result.emails_purged = len(outbox_before)
    return result


# ---------------------------------------------------------------- retention


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Records whose service ended before this moment are past retention."""
    now = now or timezone.now()
    years = settings.PONTIVE["RETENTION_YEARS"]
    local = timezone.localtime(now)
    try:
        return local.replace(year=local.year - years)
    except ValueError:  # 29 February
        return local.replace(year=local.year - years, day=28)


def anonymise_past_retention(*, now: dt.datetime | None = None, batch: int = 500) -> int:
    """The retention job: anonymise every record past retention, in small transactions.

    Safe to run twice (anonymised records are no longer selected) and to stop
    half-way (each batch commits on its own).
    """
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    done = 0
    for holder in holders():
        while True:
            with transaction.atomic():
                rows = list(holder.past_retention(cutoff)[:batch])
                changed = sum(1 for record in rows if holder.anonymise(record, now))
            done += changed
            if len(rows) < batch or not changed:
                break
    done += _purge_outbox(cutoff, now)
    return done


def _purge_outbox(cutoff: dt.datetime, now: dt.datetime) -> int:
    """Old outbox rows, and what finished data requests left behind."""
    from .models import DataRequest

    purged, _ = Notification.objects.filter(created_at__lt=cutoff).delete()
    link_hours = settings.PONTIVE["DATA_LINK_HOURS"]
    for data_request in DataRequest.objects.filter(
        created_at__lt=now - dt.timedelta(hours=link_hours)
    ):
        rows = outbox_to(data_request.email)
        if data_request.erased_at is not None:
            if rows.filter(status=NotificationStatus.PENDING).exists():
                continue  # a cancellation notice still on its way
            rows.delete()
        else:
            # Only the link email itself belongs to this request.
            rows.filter(key=f"data-link-{data_request.token}").delete()
        data_request.delete()
    return purged
