"""The sentences people read: refusal codes turned into the reader's language.

The codes are what scanner apps and tests check; the sentences are what the
admin and the citizen read. Nothing here touches the database beyond what the
reservation already holds.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from reservations import calendar
from reservations.dates import clock, long_date
from reservations.models import Service

from .models import Reservation, Status

# How the scan page colours an answer: green lets someone in or out, amber is
# harmless (a repeat, a little early), red needs the admin to act.
TONE = {
    "checked_in": "success",
    "checked_out": "success",
    "extended": "success",
    "tidiness_recorded": "success",
    "cannot_extend": "warning",
    "already_checked_in": "warning",
    "too_early": "warning",
    "finished": "warning",
    "not_checked_in": "warning",
}


def tone(code: str) -> str:
    return TONE.get(code, "danger")


def scan_message(code: str, reservation: Reservation | None, *, now: dt.datetime) -> str:
    r = reservation
    if r is None:
        if code == "closed":
            return _closed_sentence(now)
        return _(
            "Unknown code. Check that the whole code was scanned, or find the person "
            "in today's list."
        )
    who = {
        "name": r.name,
        "desk": r.desk.number,
        "date": long_date(r.start),
        "start": clock(r.start),
        "end": clock(r.end),
    }
    if code == "checked_in":
        text = _("Welcome, %(name)s: desk %(desk)s, until %(limit)s at the latest.") % {
            **who,
            "limit": clock(r.session_ends_at),
        }
        if r.desk.locker:
            text += " " + _("Locker %(locker)s.") % {"locker": r.desk.locker}
        return text
    if code == "tidiness_recorded":
        tidy = _("Desk left tidy.") if r.left_tidy else _("Desk NOT left tidy (noted).")
        return (
            _("%(name)s: the session was closed automatically at %(when)s.")
            % {**who, "when": clock(r.checked_out_at)}
            + " "
            + tidy
        )
    if code == "extended":
        return _("%(name)s may stay at desk %(desk)s until %(limit)s.") % {
            **who,
            "limit": clock(r.session_ends_at),
        }
    if code == "cannot_extend":
        return _(
            "The session of %(name)s cannot run past %(limit)s: desk %(desk)s is booked then, "
            "or the 7-hour limit or closing time is reached."
        ) % {**who, "limit": clock(r.session_ends_at)}
    if code == "checked_out":
        tidy = _("Desk left tidy.") if r.left_tidy else _("Desk NOT left tidy (noted).")
        return _("Goodbye, %(name)s: desk %(desk)s is free again.") % who + " " + tidy
    if code == "already_checked_in":
        return _("%(name)s already checked in at %(when)s (desk %(desk)s, until %(limit)s).") % {
            **who,
            "when": clock(r.checked_in_at),
            "limit": clock(r.session_ends_at),
        }
    if code == "wrong_day":
        return _("Reserved for another day: %(name)s, desk %(desk)s on %(date)s.") % who
    if code == "too_early":
        early = dt.timedelta(minutes=settings.PONTIVE["COWORKING_EARLY_CHECKIN_MINUTES"])
        return _(
            "Too early: %(name)s has desk %(desk)s from %(start)s; check-in opens at %(opens)s."
        ) % {**who, "opens": clock(r.start - early)}
    if code == "ended":
        return (
            _("This reservation already ended: %(name)s, desk %(desk)s, %(date)s until %(end)s.")
            % who
        )
    if code == "closed":
        return _closed_sentence(now)
    if code == "cancelled":
        if r.status == Status.NO_SHOW:
            return _(
                "Released as a no-show at %(release)s: %(name)s did not check in. "
                "Make a walk-in reservation if a desk is free."
            ) % {**who, "release": clock(r.release_at)}
        return _("This reservation was cancelled (%(name)s, desk %(desk)s, %(date)s).") % who
    if code == "finished":
        if r.auto_closed:
            return _(
                "Already finished: the session of %(name)s was closed automatically at %(when)s."
            ) % {**who, "when": clock(r.checked_out_at)}
        return _("Already finished: %(name)s checked out at %(when)s.") % {
            **who,
            "when": clock(r.checked_out_at),
        }
    if code == "not_checked_in":
        return (
            _(
                "%(name)s has not checked in yet (desk %(desk)s from %(start)s). "
                "Switch to check-in to let them in."
            )
            % who
        )
    return _(
        "Unknown code. Check that the whole code was scanned, or find the person in today's list."
    )


def _closed_sentence(now: dt.datetime) -> str:
    today = timezone.localdate(now)
    closed = calendar.closed_reason(today, Service.COWORKING)
    if closed:
        return _("Outside service hours. %(reason)s") % {"reason": closed[1]}
    hours = calendar.opening_hours(today)
    return _("Outside service hours: today the centre serves from %(opens)s to %(closes)s.") % {
        "opens": clock(hours[0]),
        "closes": clock(hours[1]),
    }


def booking_message(code: str, reason: str = "") -> str:
    if reason:
        return reason
    messages = {
        "already_booked": _(
            "You already have a reservation on that day; one person may hold one per day. "
            "See or cancel it through the link in your confirmation email."
        ),
        "desk_taken": _("That desk was just taken for this time."),
        "no_free_desk": _("Every desk is taken for this time."),
        "desk_inactive": _("That desk is out of use."),
    }
    return messages.get(code, _("This reservation cannot be made."))


def already_booked_today(reservation: Reservation, *, now: dt.datetime) -> str:
    """For the front desk: the booking that stops a walk-in, named so it can be used instead."""
    return _(
        "%(name)s already has a reservation today: desk %(desk)s, %(start)s–%(end)s, "
        "%(state)s. One person holds one reservation a day; use that one."
    ) % {
        "name": reservation.name,
        "desk": reservation.desk.number,
        "start": clock(reservation.start),
        "end": clock(reservation.end),
        "state": reservation.shown_status_label(now).lower(),
    }


def cancel_refusal(code: str) -> str:
    if code == "already_checked_in":
        return _("You have already checked in, so the reservation cannot be cancelled.")
    if code == "finished":
        return _("This reservation has already been used.")
    return _("This reservation is no longer active.")
