"""What the Start Up Hub does: reserve a desk, admit a visitor, see them out, release no-shows.

Each action checks the current state, changes it, writes a ``ReservationEvent``
(who, in which role, when, why) and queues the citizen's email in the same
transaction. Refusals are ``BookingRefused`` and ``ScanRefused`` with a code;
``coworking.messages`` turns them into sentences in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reservations import calendar
from reservations.codes import new_code, normalise_code
from reservations.dates import clock, long_date
from reservations.models import Notification, Service
from reservations.notifications import queue_email
from reservations.privacy import PRIVACY_NOTICE_VERSION
from reservations.signals import service_delivered
from reservations.text import clean_name

from . import tickets
from .hours import day_facts
from .models import CheckInMethod, Desk, Reservation, ReservationEvent, ScanNonce, Status

SYSTEM = ReservationEvent.SYSTEM
CITIZEN = ReservationEvent.CITIZEN
CODE_PREFIX = "PCW"


# ---------------------------------------------------------------- refusals


@dataclass
class Alternatives:
    """What to offer instead: free desks for the same time, or the same time on other days."""

    desks: list[Desk] = field(default_factory=list)
    days: list[dt.date] = field(default_factory=list)

    def __bool__(self):
        return bool(self.desks or self.days)


class BookingRefused(Exception):
    """A reservation that cannot be made; ``reason`` is set when the calendar said why."""

    def __init__(
        self,
        code: str,
        reason: str = "",
        *,
        alternatives: Alternatives | None = None,
        existing: Reservation | None = None,
    ):
        super().__init__(code)
        self.code = code
        self.reason = reason
        self.alternatives = alternatives or Alternatives()
        self.existing = existing  # the person's booking of that day, for "already_booked"


class ScanRefused(Exception):
    """A scan (or a check-out) that lets nobody in or out, with what is known about why."""

    def __init__(self, code: str, reservation: Reservation | None = None):
        super().__init__(code)
        self.code = code
        self.reservation = reservation


# ---------------------------------------------------------------- reads


def desks_holding(
    start: dt.datetime, end: dt.datetime, *, now: dt.datetime, ignore: int | None = None
) -> set[int]:
    """Desks held during some of [start, end); ``ignore``: a reservation being changed."""
    holding = Reservation.objects.holding(start, end, now=now)
    if ignore is not None:
        holding = holding.exclude(pk=ignore)
    return set(holding.values_list("desk_id", flat=True))


def desk_map(
    start: dt.datetime,
    end: dt.datetime,
    *,
    now: dt.datetime | None = None,
    ignore: int | None = None,
):
    """Every desk with its state for the slot: 'free', 'taken' or 'inactive' (two queries)."""
    now = now or timezone.now()
    taken = desks_holding(start, end, now=now, ignore=ignore)
    states = []
    for desk in Desk.objects.order_by("map_row", "map_column"):
        if not desk.is_active:
            state = "inactive"
        elif desk.pk in taken:
            state = "taken"
        else:
            state = "free"
        states.append((desk, state))
    return states


def slot_map(
    start: dt.datetime | None,
    end: dt.datetime | None,
    *,
    now: dt.datetime,
    reason="",
    ignore: int | None = None,
):
    """The desk map as the reservation form would answer it: the calendar's verdict on the
    slot and every desk's state. When the slot cannot be booked (closed, too soon, end
    before start: ``start`` None and ``reason`` said why) no desk is free, all say so."""
    verdict = (
        check_slot(start, end, now=now)
        if start is not None
        else calendar.SlotVerdict(False, "invalid", reason)
    )
    if verdict:
        return verdict, desk_map(start, end, now=now, ignore=ignore)
    states = [
        (desk, "closed" if desk.is_active else "inactive")
        for desk in Desk.objects.order_by("map_row", "map_column")
    ]
    return verdict, states


def free_desks(start: dt.datetime, end: dt.datetime, *, now: dt.datetime | None = None):
    return [desk for desk, state in desk_map(start, end, now=now) if state == "free"]


def alternatives_for(
    start: dt.datetime, end: dt.datetime, *, now: dt.datetime, walk_in: bool = False
) -> Alternatives:
    """Free desks for the same slot; when none, the next days with a desk free at those hours."""
    desks = sorted(free_desks(start, end, now=now), key=lambda d: d.number)[:6]
    if desks or walk_in:
        return Alternatives(desks=desks)
    days = []
    day = timezone.localtime(start).date()
    for _attempt in range(20):
        day = calendar.next_service_day(Service.COWORKING, day + dt.timedelta(days=1))
        if day is None:
            break
        shift = dt.timedelta(days=(day - timezone.localtime(start).date()).days)
        if check_slot(start + shift, end + shift, now=now) and (
            free_desks(start + shift, end + shift, now=now)
        ):
            days.append(day)
            if len(days) == 3:
                break
    return Alternatives(days=days)


# ---------------------------------------------------------------- booking


def booking_horizon(now: dt.datetime) -> dt.date:
    """The last day a citizen may reserve: the last service day within the office's setting
    (60 days ahead by default), so the page never names a Saturday or a holiday."""
    last = timezone.localdate(now) + dt.timedelta(days=settings.PONTIVE["COWORKING_DAYS_AHEAD"])
    for back in range(14):
        day = last - dt.timedelta(days=back)
        if calendar.is_service_day(day, Service.COWORKING):
            return day
    return last


def check_slot(start: dt.datetime, end: dt.datetime, *, now: dt.datetime):
    """The calendar's verdict on a citizen's slot, and no further ahead than the horizon."""
    last = booking_horizon(now)
    if timezone.localtime(start).date() > last:
        return calendar.SlotVerdict(
            False,
            "too_far",
            _("Desks can be reserved up to %(date)s.") % {"date": calendar.local_date_str(last)},
        )
    return calendar.check_slot(Service.COWORKING, start, end, now=now)


def reserve_desk(
    *,
    desk: Desk | None,
    name: str,
    email: str,
    phone: str,
    institution: str = "",
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime | None = None,
) -> Reservation:
    """A citizen reserves a desk (or any free desk) on the public page."""
    now = now or timezone.now()
    verdict = check_slot(start, end, now=now)
    if not verdict:
        raise BookingRefused(verdict.code, verdict.reason)
    with transaction.atomic():
        reservation = _create(
            desk=desk,
            name=name,
            email=email,
            phone=phone,
            institution=institution,
            start=start,
            end=end,
            now=now,
            walk_in=False,
            actor=None,
            role=CITIZEN,
        )
        _email_confirmation(reservation)
    return reservation


def book_walk_in(
    *,
    desk: Desk | None,
    name: str,
    phone: str,
    email: str = "",
    institution: str = "",
    end: dt.datetime,
    actor,
    role: str,
    now: dt.datetime | None = None,
) -> Reservation:
    """The admin books a desk for someone standing at the front desk and lets them in.

    The lead time does not apply (every other calendar rule does); the booking
    starts now and is recorded as a walk-in made by this admin.
    """
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    # Desks of no-shows and of sessions past their limit are free for walk-ins,
    # so write what the periodic jobs may not have written yet.
    release_no_shows(now=now)
    close_overdue_sessions(now=now)
    verdict = calendar.check_slot(Service.COWORKING, now, end, now=now, override_lead_time=True)
    if not verdict:
        raise BookingRefused(verdict.code, verdict.reason)
    with transaction.atomic():
        reservation = _create(
            desk=desk,
            name=name,
            email=email,
            phone=phone,
            institution=institution,
            start=now,
            end=end,
            now=now,
            walk_in=True,
            actor=actor,
            role=role,
        )
        reservation.next_start = (
            Reservation.objects.active()
            .filter(desk=reservation.desk, start__gte=reservation.end)
            .order_by("start")
            .values_list("start", flat=True)
            .first()
        )
        refusal = _admit(reservation, now=now, actor=actor, role=role, method=CheckInMethod.MANUAL)
        if refusal:  # cannot happen for a slot that starts now; never half-book
            raise BookingRefused(refusal)
        if reservation.email:
            _email_confirmation(reservation)
    return reservation


def _create(
    *,
    desk: Desk | None,
    name: str,
    email: str,
    phone: str,
    institution: str,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
    walk_in: bool,
    actor,
    role: str,
) -> Reservation:
    day = timezone.localtime(start).date()
    existing = _their_booking(day, email=email, phone=phone)
    if existing is not None:
        raise BookingRefused("already_booked", existing=existing)
    if desk is not None and not desk.is_active:
        raise BookingRefused(
            "desk_inactive", alternatives=alternatives_for(start, end, now=now, walk_in=walk_in)
        )
    tried: set[int] = set()
    while True:
        busy = desks_holding(start, end, now=now)
        if desk is not None:
            candidates = [desk] if desk.pk not in busy and desk.pk not in tried else []
        else:
            # Any free desk: every one of them, in random order, so that people
            # booking at the same moment seldom reach for the same desk.
            candidates = list(
                Desk.objects.filter(is_active=True).exclude(pk__in=busy | tried).order_by("?")
            )
        if not candidates:
            raise BookingRefused(
                "desk_taken" if desk is not None else "no_free_desk",
                alternatives=alternatives_for(start, end, now=now, walk_in=walk_in),
            )
        for candidate in candidates:
            tried.add(candidate.pk)
            reservation = Reservation(
                code=new_code(CODE_PREFIX),
                manage_token=new_code("M"),
                desk=candidate,
                name=clean_name(name),
                email=email.strip(),
                phone=phone,
                institution=clean_name(institution),
                start=start,
                end=end,
                held_until=end,
                walk_in=walk_in,
                booked_by=actor if walk_in else None,
                privacy_version=PRIVACY_NOTICE_VERSION,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
            try:
                # Two people submitting the same desk at once: on PostgreSQL the
                # exclusion constraint lets one insert through and fails the other
                # (or, when both inserted at the same instant, fails one of them
                # as a deadlock).
                with transaction.atomic():
                    reservation.save()
            except IntegrityError as exc:
                if _violated(exc, "one_per_"):
                    raise BookingRefused(
                        "already_booked", existing=_their_booking(day, email=email, phone=phone)
                    ) from None
                if not _violated(exc, "no_double_booking"):
                    raise
                continue  # that desk went a moment ago; try the next free one
            except OperationalError as exc:
                if not _deadlock(exc):
                    raise
                continue
            _record(
                reservation,
                "",
                Status.RESERVED,
                actor=actor,
                role=role,
                at=now,
                note=_("walk-in at the front desk") if walk_in else "",
            )
            return reservation
        # Every desk we saw free went to someone else meanwhile; look again (a
        # booking we lost to may have been rolled back, and the desk is free).


def _their_booking(day: dt.date, *, email: str, phone: str) -> Reservation | None:
    """The person's active reservation of that day, if they hold one (one a day each)."""
    return (
        Reservation.objects.active()
        .filter(day=day)
        .of_person(email=email, phone=phone)
        .select_related("desk")
        .first()
    )


def _deadlock(exc: OperationalError) -> bool:
    cause = exc.__cause__
    return (getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)) == "40P01"


def _violated(exc: IntegrityError, name_part: str) -> bool:
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None) or str(exc)
    return name_part in name


def cancel_reservation(
    *, reservation_id: int, actor=None, role: str = CITIZEN, now: dt.datetime | None = None
) -> Reservation:
    """The citizen (through the emailed link) or the admin cancels a reservation not yet used."""
    now = now or timezone.now()
    with transaction.atomic():
        # A cancel racing a scan: the lock lets one of them see the other's result.
        reservation = Reservation.objects.select_for_update().get(pk=reservation_id)
        shown = reservation.shown_status(now)
        if shown != Status.RESERVED:
            raise ScanRefused(REFUSAL_BY_STATUS[shown], reservation)
        _set_status(reservation, Status.CANCELLED, actor=actor, role=role, at=now)
        reservation.held_until = reservation.end
        reservation.save(update_fields=["status", "held_until", "updated_at"])
        if reservation.email:
            with translation.override(reservation.language):
                queue_email(
                    key=f"cw-cancelled-{reservation.pk}",
                    to=reservation.email,
                    subject=_("Your co-working reservation is cancelled"),
                    template="coworking/email/cancelled",
                    context={"reservation": reservation},
                )
    return reservation


REFUSAL_BY_STATUS = {
    Status.CHECKED_IN: "already_checked_in",
    Status.FINISHED: "finished",
    Status.NO_SHOW: "cancelled",
    Status.CANCELLED: "cancelled",
}


def change_reservation(
    *,
    reservation_id: int,
    desk: Desk | None,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime | None = None,
) -> Reservation:
    """The citizen moves their booking to another time or desk, under the rules of a new one.

    The code and the link stay the same (the QR code in hand still works); the
    change is one history row and a new confirmation with the new ticket.
    """
    now = now or timezone.now()
    verdict = check_slot(start, end, now=now)
    if not verdict:
        raise BookingRefused(verdict.code, verdict.reason)
    with transaction.atomic():
        # A change racing the front desk's scan or a cancel: one of them sees the other.
        reservation = (
            Reservation.objects.select_for_update(of=("self",))
            .select_related("desk")
            .get(pk=reservation_id)
        )
        shown = reservation.shown_status(now)
        if shown != Status.RESERVED:
            raise ScanRefused(REFUSAL_BY_STATUS[shown], reservation)
        day = timezone.localtime(start).date()
        other = _their_booking(day, email=reservation.email, phone=reservation.phone)
        if other is not None and other.pk != reservation.pk:
            raise BookingRefused("already_booked", existing=other)
        if desk is not None and not desk.is_active:
            raise BookingRefused(
                "desk_inactive", alternatives=alternatives_for(start, end, now=now)
            )
        busy = desks_holding(start, end, now=now, ignore=reservation.pk)
        if desk is None:
            # Any free desk: the one they had if it is still free at the new time.
            free = Desk.objects.filter(is_active=True).exclude(pk__in=busy)
            desk = free.filter(pk=reservation.desk_id).first() or free.order_by("?").first()
            if desk is None:
                raise BookingRefused(
                    "no_free_desk", alternatives=alternatives_for(start, end, now=now)
                )
        elif desk.pk in busy:
            raise BookingRefused("desk_taken", alternatives=alternatives_for(start, end, now=now))
        before = (
            f"{reservation.desk.label}, {long_date(reservation.start)}, "
            f"{clock(reservation.start)}–{clock(reservation.end)}"
        )
        reservation.desk, reservation.start, reservation.end = desk, start, end
        reservation.held_until = end
        try:
            # Someone took that desk a moment ago: PostgreSQL's exclusion constraint says so.
            with transaction.atomic():
                reservation.save(
                    update_fields=["desk", "start", "end", "held_until", "day", "updated_at"]
                )
        except IntegrityError as exc:
            if not _violated(exc, "no_double_booking"):
                raise
            raise BookingRefused(
                "desk_taken", alternatives=alternatives_for(start, end, now=now)
            ) from None
        _record(
            reservation,
            Status.RESERVED,
            Status.RESERVED,
            actor=None,
            role=CITIZEN,
            at=now,
            note=_("changed from %(before)s") % {"before": before},
        )
        changes = reservation.events.filter(from_status=Status.RESERVED, to_status=Status.RESERVED)
        with translation.override(reservation.language):
            _email_confirmation(reservation, key=f"cw-changed-{reservation.pk}-{changes.count()}")
    return reservation


def _email_confirmation(reservation: Reservation, *, key: str = "") -> None:
    if not reservation.email:
        return
    queue_email(
        key=key or f"cw-confirmation-{reservation.pk}",
        to=reservation.email,
        subject=(
            _("Your co-working reservation is changed: %(code)s")
            if key
            else _("Your co-working desk at the Pontive Center: %(code)s")
        )
        % {"code": reservation.code},
        template="coworking/email/confirmation",
        context={
            "reservation": reservation,
            "manage_url": tickets.manage_url(reservation),
            "no_show_minutes": settings.PONTIVE["COWORKING_NO_SHOW_MINUTES"],
        },
        attachments=tickets.attachments(reservation),
    )


# ---------------------------------------------------------------- front desk


def session_end(
    *, booked_end: dt.datetime | None, checked_in_at: dt.datetime, facts
) -> dt.datetime:
    """When a session ends: at the end of the booked slot, never later than the service's
    limit (420 minutes) after check-in nor the closing time of the day.

    The one answer to "until when may this visitor stay": check-in, walk-ins, the
    extension the front desk grants (``booked_end`` is then the next booking of the
    desk, or None) and the demo data all ask it.
    """
    ends = [checked_in_at + dt.timedelta(minutes=facts.max_minutes), facts.closing()]
    if booked_end is not None:
        ends.append(booked_end)
    return min(ends)


def extension_end(
    reservation: Reservation, *, next_start: dt.datetime | None, facts
) -> dt.datetime | None:
    """How far the front desk may extend a present visitor's session, or None if not at all:
    up to the next booking of the desk (``next_start``), within the session rule."""
    if reservation.checked_in_at is None or reservation.session_ends_at is None:
        return None
    if not facts.serves:
        return None
    longest = session_end(
        booked_end=next_start, checked_in_at=reservation.checked_in_at, facts=facts
    )
    return longest if longest > reservation.session_ends_at else None


def _next_start_after(reservation: Reservation, *, now: dt.datetime) -> dt.datetime | None:
    """The start of the next booking that holds the same desk after this session."""
    day_end = timezone.make_aware(dt.datetime.combine(reservation.day, dt.time.max))
    return (
        Reservation.objects.holding(reservation.session_ends_at, day_end, now=now)
        .filter(desk_id=reservation.desk_id)
        .exclude(pk=reservation.pk)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )


def extend_session(
    *, reservation_id: int, actor, role: str, now: dt.datetime | None = None
) -> Reservation:
    """The front desk lets a present visitor stay longer, as far as the desk is free."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # An extension racing a check-out or the auto-close job: one of them wins.
            reservation = (
                Reservation.objects.select_for_update(of=("self",))
                .select_related("desk")
                .filter(pk=reservation_id)
                .first()
            )
            refusal = _extend(reservation, actor=actor, role=role, now=now)
    except IntegrityError:
        # Someone booked the desk after this session while we extended it
        # (PostgreSQL's exclusion constraint): the booking wins.
        reservation = Reservation.objects.select_related("desk").filter(pk=reservation_id).first()
        refusal = "cannot_extend"
    if refusal:
        raise ScanRefused(refusal, reservation)
    return reservation


def _extend(reservation: Reservation | None, *, actor, role: str, now: dt.datetime) -> str | None:
    if reservation is None:
        return "unknown"
    if reservation.status == Status.RESERVED and now < reservation.release_at:
        return "not_checked_in"
    if reservation.status != Status.CHECKED_IN or reservation.session_ends_at <= now:
        return _refusal_for_closed(reservation, now)
    facts = day_facts(reservation.day)
    until = extension_end(
        reservation, next_start=_next_start_after(reservation, now=now), facts=facts
    )
    if until is None:
        return "cannot_extend"
    before = reservation.session_ends_at
    reservation.session_ends_at = until
    reservation.held_until = max(reservation.end, until)
    reservation.save(update_fields=["session_ends_at", "held_until", "updated_at"])
    _record(
        reservation,
        Status.CHECKED_IN,
        Status.CHECKED_IN,
        actor=actor,
        role=role,
        at=now,
        note=_("session extended from %(before)s to %(after)s")
        % {"before": clock(before), "after": clock(until)},
    )
    return None


def check_in(
    *, code: str, actor, role: str, now: dt.datetime | None = None, nonce: str = ""
) -> Reservation:
    """Admit the holder of a scanned code (three queries on success, one more with a nonce).

    A scan sent with a ``nonce`` (the scan page's offline queue) is applied once:
    sent again, it changes nothing and gets the first answer again.
    """
    return _admit_with_lock(
        lookup={"code": normalise_code(code)},
        actor=actor,
        role=role,
        now=now,
        method=CheckInMethod.SCAN,
        nonce=_valid_nonce(nonce),
    )


def _valid_nonce(nonce: str | None) -> str:
    """A nonce as the scan page makes them (a UUID); anything else counts as none."""
    nonce = (nonce or "").strip()
    if 8 <= len(nonce) <= 64 and all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in nonce):
        return nonce
    return ""


def _spend_nonce(nonce: str, reservation: Reservation | None, outcome: str) -> None:
    """Note that this scan was applied; an IntegrityError if it was already."""
    if nonce:
        ScanNonce.objects.create(nonce=nonce, reservation=reservation, outcome=outcome)


def _spent(exc: IntegrityError, nonce: str) -> bool:
    return bool(nonce) and _violated(exc, "scannonce")


def _first_answer(nonce: str) -> Reservation:
    """The answer a scan got the first time it was applied, given again (nothing changes)."""
    spent = ScanNonce.objects.select_related("reservation__desk").get(nonce=nonce)
    if spent.outcome in ("checked_in", "checked_out"):
        spent.reservation.repeat = True
        return spent.reservation
    refused = ScanRefused(spent.outcome, spent.reservation)
    refused.repeat = True
    raise refused


def check_in_by_hand(
    *, reservation_id: int, actor, role: str, now: dt.datetime | None = None
) -> Reservation:
    """Admit someone found in today's list when their code does not scan."""
    return _admit_with_lock(
        lookup={"pk": reservation_id},
        actor=actor,
        role=role,
        now=now,
        method=CheckInMethod.MANUAL,
    )


def _locked(**lookup) -> Reservation | None:
    # The next booking of the same desk caps a session that would run into it.
    next_start = (
        Reservation.objects.active()
        .filter(desk=OuterRef("desk"), start__gte=OuterRef("end"))
        .exclude(pk=OuterRef("pk"))
        .order_by("start")
        .values("start")[:1]
    )
    return (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("desk")
        .annotate(next_start=Subquery(next_start))
        .filter(**lookup)
        .first()
    )


def _admit_with_lock(*, lookup, actor, role, now, method, nonce: str = "") -> Reservation:
    now = now or timezone.now()
    if "code" in lookup and not lookup["code"]:
        raise ScanRefused("unknown")
    extend = True
    while True:
        try:
            with transaction.atomic():
                # Two scans of one code at once (a double-beep): the row lock
                # makes the second wait and then answer "already checked in".
                reservation = _locked(**lookup)
                refusal = _admit(
                    reservation, now=now, actor=actor, role=role, method=method, extend=extend
                )
                _spend_nonce(nonce, reservation, refusal or "checked_in")
        except IntegrityError as exc:
            if _spent(exc, nonce):  # this scan was applied before: undo, answer as then
                return _first_answer(nonce)
            if not extend:
                raise
            # Someone booked the desk right after this booking while we
            # computed the session limit; keep the session to the booking.
            extend = False
            continue
        break
    if refusal:
        raise ScanRefused(refusal, reservation)
    return reservation


def _admit(
    reservation: Reservation | None,
    *,
    now: dt.datetime,
    actor,
    role: str,
    method: str,
    extend: bool = True,
) -> str | None:
    """Check a locked reservation in, or say why not (the refusal code)."""
    if reservation is None:
        return "unknown"
    if reservation.status != Status.RESERVED:
        return _refusal_for_closed(reservation, now, actor=actor, role=role)
    today = timezone.localdate(now)
    if reservation.day < today:
        return "ended"
    if reservation.day > today:
        return "wrong_day"
    facts = day_facts(today)
    if not facts.open_at(now):
        return "closed"
    early = dt.timedelta(minutes=settings.PONTIVE["COWORKING_EARLY_CHECKIN_MINUTES"])
    if now < reservation.start - early:
        return "too_early"
    if now >= reservation.end:
        return "ended"
    if now >= reservation.release_at:
        _release(reservation, now=now)
        return "cancelled"
    limit = session_end(booked_end=reservation.end, checked_in_at=now, facts=facts)
    next_start = getattr(reservation, "next_start", None)
    if next_start is not None:
        limit = min(limit, next_start)
    reservation.checked_in_at = now
    reservation.check_in_method = method
    reservation.session_ends_at = limit
    reservation.held_until = max(reservation.end, limit)
    _set_status(
        reservation,
        Status.CHECKED_IN,
        actor=actor,
        role=role,
        at=now,
        note=_("checked in by hand") if method == CheckInMethod.MANUAL else "",
    )
    reservation.save(
        update_fields=[
            "status",
            "checked_in_at",
            "check_in_method",
            "session_ends_at",
            "held_until",
            "updated_at",
        ]
    )
    return None


def _refusal_for_closed(reservation: Reservation, now: dt.datetime, *, actor=None, role="") -> str:
    """Why a reservation that is not 'reserved' lets nobody in (closing it if it is overdue)."""
    if reservation.status == Status.CHECKED_IN:
        if reservation.session_ends_at <= now:
            _close_session(reservation, now=now, auto=True)
            return "finished"
        return "already_checked_in"
    if reservation.status == Status.FINISHED:
        return "finished"
    if reservation.status == Status.RESERVED and now >= reservation.release_at:
        _release(reservation, now=now)
    return "cancelled"  # cancelled, or released as a no-show


def check_out(
    *,
    actor,
    role: str,
    left_tidy: bool,
    code: str | None = None,
    reservation_id: int | None = None,
    now: dt.datetime | None = None,
    nonce: str = "",
) -> Reservation:
    """See a visitor out: the session ends now, and whether the desk was left tidy is noted.

    With a ``nonce``, a check-out sent again changes nothing (see ``check_in``)."""
    now = now or timezone.now()
    nonce = _valid_nonce(nonce)
    lookup = {"code": normalise_code(code)} if code is not None else {"pk": reservation_id}
    if not any(lookup.values()):
        raise ScanRefused("unknown")
    try:
        reservation, refusal = _see_out(
            lookup, now=now, left_tidy=left_tidy, actor=actor, role=role, nonce=nonce
        )
    except IntegrityError as exc:
        if not _spent(exc, nonce):
            raise
        return _first_answer(nonce)
    if refusal:
        raise ScanRefused(refusal, reservation)
    return reservation


def _see_out(lookup, *, now, left_tidy, actor, role, nonce):
    with transaction.atomic():
        # A check-out racing the auto-close job: the lock lets one of them close it.
        reservation = (
            Reservation.objects.select_for_update(of=("self",))
            .select_related("desk")
            .filter(**lookup)
            .first()
        )
        if reservation is None:
            refusal = "unknown"
        elif reservation.status == Status.CHECKED_IN and reservation.session_ends_at > now:
            _close_session(
                reservation, now=now, auto=False, left_tidy=left_tidy, actor=actor, role=role
            )
            refusal = None
        elif reservation.status == Status.RESERVED and now < reservation.release_at:
            refusal = "not_checked_in"
        else:
            refusal = _refusal_for_closed(reservation, now)
            if (
                refusal == "finished"
                and tidiness_pending(reservation, now)
                and left_tidy is not None
            ):
                # Closed at its limit before the visitor reported: the front desk
                # still records how the desk was left (``auto_closed`` tells the caller).
                _record_tidiness(reservation, left_tidy, actor=actor, role=role, now=now)
                refusal = None
        _spend_nonce(nonce, reservation, refusal or "checked_out")
    return reservation, refusal


def tidiness_pending(reservation: Reservation, now: dt.datetime) -> bool:
    """A session of today closed at its limit (or about to be) whose desk nobody has
    looked at yet: the front desk may still record whether it was left tidy."""
    return (
        reservation.shown_status(now) == Status.FINISHED
        and reservation.left_tidy is None
        and (reservation.auto_closed or reservation.status == Status.CHECKED_IN)
        and reservation.day == timezone.localdate(now)
    )


def _record_tidiness(reservation: Reservation, left_tidy: bool, *, actor, role, now) -> None:
    reservation.left_tidy = left_tidy
    reservation.save(update_fields=["left_tidy", "updated_at"])
    _record(
        reservation,
        Status.FINISHED,
        Status.FINISHED,
        actor=actor,
        role=role,
        at=now,
        note=(_("desk left tidy") if left_tidy else _("desk NOT left tidy"))
        + " "
        + _("(recorded after the automatic close)"),
    )


def _close_session(
    reservation: Reservation,
    *,
    now: dt.datetime,
    auto: bool,
    left_tidy: bool | None = None,
    actor=None,
    role: str = SYSTEM,
) -> None:
    if auto:
        # Closed at its limit, whenever the job (or a page) got to it.
        reservation.checked_out_at = reservation.session_ends_at
        reservation.auto_closed = True
        reservation.left_tidy = None
        note = _("closed automatically at the session limit (%(limit)s)") % {
            "limit": timezone.localtime(reservation.session_ends_at).strftime("%H.%M")
        }
        actor, role = None, SYSTEM
    else:
        reservation.checked_out_at = now
        reservation.left_tidy = left_tidy
        note = _("desk left tidy") if left_tidy else _("desk NOT left tidy")
    _set_status(reservation, Status.FINISHED, actor=actor, role=role, at=now, note=note)
    reservation.save(
        update_fields=["status", "checked_out_at", "auto_closed", "left_tidy", "updated_at"]
    )
    service_delivered.send(
        sender=Reservation,
        service=Service.COWORKING,
        subject=f"coworking.reservation:{reservation.pk}",
        email=reservation.email,
        delivered_on=reservation.day,
    )


def _release(reservation: Reservation, *, now: dt.datetime) -> None:
    minutes = settings.PONTIVE["COWORKING_NO_SHOW_MINUTES"]
    _set_status(
        reservation,
        Status.NO_SHOW,
        actor=None,
        role=SYSTEM,
        at=now,
        note=_("not checked in within %(minutes)d minutes of the start") % {"minutes": minutes},
    )
    reservation.save(update_fields=["status", "updated_at"])
    if reservation.email:
        with translation.override(reservation.language):
            queue_email(
                key=f"cw-no-show-{reservation.pk}",
                to=reservation.email,
                subject=_("Your co-working desk was released"),
                template="coworking/email/no_show",
                context={"reservation": reservation, "minutes": minutes},
            )


# ---------------------------------------------------------------- periodic jobs


def close_overdue_sessions(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Close every session past its limit (420 minutes or closing time), marked auto-closed."""
    now = now or timezone.now()
    closed = 0
    for pk in Reservation.objects.overdue_sessions(now).values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            # Two workers, or a worker and a check-out: skip a row another holds.
            reservation = (
                Reservation.objects.select_for_update(skip_locked=True)
                .overdue_sessions(now)
                .filter(pk=pk)
                .first()
            )
            if reservation is not None:
                _close_session(reservation, now=now, auto=True)
                closed += 1
    return closed


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind each citizen the day before (H-1) of tomorrow's desk, with the QR code, once.

    A booking made today for tomorrow is not reminded: its confirmation has just
    arrived. The outbox key makes a second run (or a second worker) queue nothing.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    tomorrow = today + dt.timedelta(days=1)
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    due = list(
        Reservation.objects.filter(
            day=tomorrow, status=Status.RESERVED, created_at__lt=start_of_today
        )
        .exclude(email="")
        .select_related("desk")
    )
    keys = {r.pk: f"cw-reminder-{r.pk}-{tomorrow.isoformat()}" for r in due}
    sent = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    queued = 0
    for reservation in due:
        if keys[reservation.pk] in sent:
            continue
        with transaction.atomic(), translation.override(reservation.language):
            stem = f"pontive-coworking-{tomorrow:%Y%m%d}"
            queued += (
                queue_email(
                    key=keys[reservation.pk],
                    to=reservation.email,
                    subject=_("Reminder: your co-working desk tomorrow, %(date)s")
                    % {"date": long_date(reservation.start)},
                    template="coworking/email/reminder",
                    context={
                        "reservation": reservation,
                        "manage_url": tickets.manage_url(reservation),
                        "no_show_minutes": settings.PONTIVE["COWORKING_NO_SHOW_MINUTES"],
                    },
                    attachments=[(f"{stem}-qr.png", tickets.qr_png(reservation.code), "image/png")],
                )
                is not None
            )
    return queued


def release_no_shows(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Release reservations nobody checked in for within the set time (default 60 minutes)."""
    now = now or timezone.now()
    released = 0
    for pk in Reservation.objects.due_no_shows(now).values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            # A late scan racing the job: skip a row the scan holds.
            reservation = (
                Reservation.objects.select_for_update(skip_locked=True)
                .due_no_shows(now)
                .filter(pk=pk)
                .first()
            )
            if reservation is not None:
                _release(reservation, now=now)
                released += 1
    return released


# ---------------------------------------------------------------- history


def _set_status(reservation: Reservation, to: str, *, actor, role: str, at, note: str = "") -> None:
    before = reservation.status
    reservation.status = to
    _record(reservation, before, to, actor=actor, role=role, at=at, note=note)


def _record(reservation, before: str, after: str, *, actor, role: str, at, note: str = "") -> None:
    ReservationEvent.objects.create(
        reservation=reservation,
        from_status=before,
        to_status=after,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        role=role,
        at=at,
        note=str(note)[:255],
    )
