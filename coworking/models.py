"""The co-working space (Start Up Hub): desks, reservations and their history.

A reservation holds a desk for a slot of one service day (``start``–``end``, at
most 7 hours). While it is *reserved* or *checked in* it occupies its desk: on
PostgreSQL an exclusion constraint over the desk and the time range makes a
double booking impossible (migration 0002); on SQLite bookings are serialised
by IMMEDIATE transactions and the action's own overlap check.

Status changes go through ``coworking.services`` only, which writes a
``ReservationEvent`` for each one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.postgres.fields import DateTimeRangeField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reservations.phones import display_phone


class Desk(models.Model):
    """A numbered desk of the Start Up Hub, placed on the room map by row and column."""

    number = models.PositiveSmallIntegerField(_("desk number"), unique=True)
    zone = models.CharField(
        _("zone"), max_length=60, blank=True, help_text=_("For example: Window, Middle, Quiet.")
    )
    has_locker = models.BooleanField(_("has a locker"), default=False)
    locker = models.CharField(
        _("locker label"), max_length=20, blank=True, help_text=_("The label on the locker key.")
    )
    has_computer = models.BooleanField(_("has a computer"), default=False)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Untick to take the desk out of booking (repairs, moved furniture)."),
    )
    map_row = models.PositiveSmallIntegerField(
        _("row on the room map"), default=1, help_text=_("1 is the row nearest the entrance.")
    )
    map_column = models.PositiveSmallIntegerField(_("column on the room map"), default=1)

    class Meta:
        ordering = ["number"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        constraints = [
            models.UniqueConstraint(
                fields=["map_row", "map_column"], name="coworking_desk_one_per_map_cell"
            )
        ]

    def __str__(self):
        return _("Desk %(number)s") % {"number": self.number}

    @property
    def label(self) -> str:
        return str(self)


class Status(models.TextChoices):
    RESERVED = "reserved", _("Reserved")
    CHECKED_IN = "checked_in", _("Present")
    FINISHED = "finished", _("Finished")
    NO_SHOW = "no_show", _("No-show (released)")
    CANCELLED = "cancelled", _("Cancelled")


# A reservation in one of these states holds its desk and counts as the
# person's one booking of the day.
ACTIVE = [Status.RESERVED, Status.CHECKED_IN]


NO_DOUBLE_BOOKING = "coworking_res_no_double_booking"


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class CheckInMethod(models.TextChoices):
    SCAN = "scan", _("QR code scanned")
    MANUAL = "manual", _("Checked in by hand")


class ReservationQuerySet(models.QuerySet):
    def for_day(self, day: dt.date):
        """The reservations of one service day, with their desk."""
        return self.filter(day=day).select_related("desk")

    def in_period(self, start_date: dt.date, end_date: dt.date):
        """The reservations whose day lies from ``start_date`` to ``end_date`` inclusive."""
        return self.filter(day__gte=start_date, day__lte=end_date).select_related("desk")

    def active(self):
        return self.filter(status__in=ACTIVE)

    def holding(self, start: dt.datetime, end: dt.datetime, *, now: dt.datetime):
        """Reservations that hold their desk during some of [start, end).

        A session past its limit or a reservation past its no-show time holds
        nothing, even before the periodic job has written so.
        """
        minutes = settings.PONTIVE["COWORKING_NO_SHOW_MINUTES"]
        return (
            self.active()
            .filter(start__lt=end, held_until__gt=start)
            .exclude(status=Status.CHECKED_IN, session_ends_at__lte=now)
            .exclude(status=Status.RESERVED, start__lte=now - dt.timedelta(minutes=minutes))
        )

    def of_person(self, *, email: str, phone: str):
        """Reservations made with this email or this phone number."""
        match = Q()
        if email:
            match |= Q(email__iexact=email)
        if phone:
            match |= Q(phone=phone)
        return self.filter(match) if match else self.none()

    def overdue_sessions(self, now: dt.datetime):
        """Sessions still marked present after their limit (the periodic job closes them)."""
        return self.filter(status=Status.CHECKED_IN, session_ends_at__lte=now)

    def due_no_shows(self, now: dt.datetime):
        """Reserved but not checked in within the grace time after the start."""
        minutes = settings.PONTIVE["COWORKING_NO_SHOW_MINUTES"]
        return self.filter(status=Status.RESERVED, start__lte=now - dt.timedelta(minutes=minutes))

    def search(self, text: str):
        """Today's list filtered by what the admin typed: a name, phone, email or code."""
        text = (text or "").strip()
        if not text:
            return self
        match = Q(name__icontains=text) | Q(email__icontains=text) | Q(code__iexact=text)
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 4:
            # '0812…' as typed matches the stored '+62812…'
            match |= Q(phone__contains=digits.removeprefix("0").removeprefix("62"))
        return self.filter(match)


class Reservation(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, editable=False)
    manage_token = models.CharField(max_length=40, unique=True, editable=False)
    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("desk")
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone / WhatsApp"), max_length=20, help_text="E.164, +62…")
    institution = models.CharField(_("institution or start-up"), max_length=160, blank=True)
    day = models.DateField(_("date"), editable=False)
    start = models.DateTimeField(_("arrives"))
    end = models.DateTimeField(_("leaves"))
    held_until = models.DateTimeField(
        _("desk held until"),
        help_text=_(
            "The end of the booking; once checked in, the end of the session if that is later."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RESERVED
    )
    walk_in = models.BooleanField(_("walk-in"), default=False)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked by (staff)"),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    check_in_method = models.CharField(
        _("check-in"), max_length=10, choices=CheckInMethod.choices, blank=True
    )
    session_ends_at = models.DateTimeField(
        _("session limit"),
        null=True,
        blank=True,
        help_text=_("The earlier of check-in + 420 minutes and closing time."),
    )
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    auto_closed = models.BooleanField(_("closed automatically"), default=False)
    left_tidy = models.BooleanField(_("desk left tidy"), null=True, blank=True)
    privacy_version = models.CharField(_("privacy notice version"), max_length=20)
    anonymised_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)
    language = models.CharField(
        _("language of the emails"), max_length=8, default="id", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReservationQuerySet.as_manager()

    class Meta:
        ordering = ["start", "desk__number"]
        verbose_name = _("desk reservation")
        verbose_name_plural = _("desk reservations")
        indexes = [
            models.Index(fields=["day", "status"], name="coworking_res_day_status"),
            models.Index(fields=["status", "session_ends_at"], name="coworking_res_session_end"),
            models.Index(fields=["status", "start"], name="coworking_res_status_start"),
            # the next booking of a desk, which caps a session at check-in
            models.Index(fields=["desk", "start"], name="coworking_res_desk_start"),
        ]
        constraints = [
            # The notice the person agreed to is part of the record (UU PDP).
            models.CheckConstraint(
                condition=~Q(privacy_version=""), name="coworking_res_privacy_version_set"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="coworking_res_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(held_until__gte=models.F("end")), name="coworking_res_held_to_the_end"
            ),
            # One person holds at most one active reservation per day (the
            # form says so first; this settles two tabs submitting at once).
            models.UniqueConstraint(
                Lower("email"),
                "day",
                condition=Q(status__in=ACTIVE) & ~Q(email=""),
                name="coworking_res_one_per_email_per_day",
            ),
            models.UniqueConstraint(
                "phone",
                "day",
                condition=Q(status__in=ACTIVE),
                name="coworking_res_one_per_phone_per_day",
            ),
            # No desk is ever booked twice for overlapping times, counting a
            # session that runs past its booking: the exclusion constraint
            # NO_DOUBLE_BOOKING over (desk, [start, held_until)) for active
            # reservations, PostgreSQL only. It lives in migrations 0002/0003
            # (coworking.dbops), not here: SQLite rebuilds tables from the
            # declared constraints and cannot express it; there IMMEDIATE
            # transactions serialise the bookings instead.
        ]

    def __str__(self):
        return f"{self.code} · {self.desk} · {self.day:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        self.day = timezone.localtime(self.start).date()
        if self.held_until is None:
            self.held_until = self.end
        super().save(*args, **kwargs)

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)

    def shown_status(self, now: dt.datetime | None = None) -> str:
        """The status a page shows: a session past its limit, or a reservation past its
        no-show time, is shown closed even before the periodic job has written it."""
        now = now or timezone.now()
        ends = self.session_ends_at
        if self.status == Status.CHECKED_IN and ends and ends <= now:
            return Status.FINISHED
        if self.status == Status.RESERVED and now >= self.release_at:
            return Status.NO_SHOW
        return self.status

    def shown_status_label(self, now: dt.datetime | None = None) -> str:
        return Status(self.shown_status(now)).label

    @property
    def release_at(self) -> dt.datetime:
        """When an unused reservation is released as a no-show."""
        return self.start + dt.timedelta(minutes=settings.PONTIVE["COWORKING_NO_SHOW_MINUTES"])

    def is_present(self, now: dt.datetime | None = None) -> bool:
        return self.shown_status(now) == Status.CHECKED_IN

    def minutes_left(self, now: dt.datetime | None = None) -> int:
        now = now or timezone.now()
        if not self.is_present(now):
            return 0
        return max(0, int((self.session_ends_at - now).total_seconds() // 60))

    @property
    def can_be_cancelled(self) -> bool:
        return self.shown_status() == Status.RESERVED


class ReservationEvent(models.Model):
    """One status change of a reservation: who, in which role, when, why."""

    SYSTEM = "system"
    CITIZEN = "citizen"

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    role = models.CharField(
        _("role"), max_length=40, help_text=_("The staff role, or 'citizen' or 'system'.")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("reservation history")
        verbose_name_plural = _("reservation history")

    def __str__(self):
        return f"{self.reservation_id}: {self.from_status or '–'} → {self.to_status}"


class ScanNonce(models.Model):
    """A scan the browser made while the portal could not be reached, sent again and again
    until an answer comes back: its nonce makes the server apply it once and then repeat
    the first answer."""

    nonce = models.CharField(_("nonce"), max_length=64)
    reservation = models.ForeignKey(
        Reservation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=24)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("scan nonce")
        verbose_name_plural = _("scan nonces")
        constraints = [
            # Two deliveries of one scan at once: the second insert waits for the
            # first and fails, and the scan is answered as a repeat.
            models.UniqueConstraint(fields=["nonce"], name="coworking_scannonce_once"),
        ]

    def __str__(self):
        return f"{self.nonce}: {self.outcome}"
