"""Pages of the Start Up Hub: the public reservation, the citizen's own page, the front desk."""

from __future__ import annotations

import datetime as dt
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reservations import calendar
from reservations.codes import normalise_code
from reservations.models import Service
from reservations.ratelimit import rate_limited
from reservations.roles import Role, has_role

from . import messages as texts
from . import services, tickets
from .forms import ChangeForm, ReservationForm, SearchForm, SlotForm, WalkInForm
from .hours import day_facts
from .models import Desk, Reservation, Status

# ---------------------------------------------------------------- helpers


def _wants_json(request) -> bool:
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def front_desk_required(view):
    """The Admin Pontive Center role (or a superuser); scanner apps get JSON, not a login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if _wants_json(request):
                return JsonResponse(
                    {"ok": False, "code": "login_required", "message": _("Please log in again.")},
                    status=401,
                )
            return redirect_to_login(request.get_full_path())
        if not has_role(request.user, Role.ADMIN):
            if _wants_json(request):
                return JsonResponse(
                    {
                        "ok": False,
                        "code": "forbidden",
                        "message": _("Only the Admin Pontive Center may do this."),
                    },
                    status=403,
                )
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _acting_role(user) -> str:
    return "superuser" if user.is_superuser else Role.ADMIN


def _private(response):
    """Pages reached through a personal link: never cached, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _duration(minutes: int) -> str:
    """'2 hours 49 minutes' in words, as people say it ('2 jam 49 menit')."""
    hours, rest = divmod(max(0, minutes), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if rest or not hours:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", rest) % {"count": rest})
    return " ".join(parts)


def _default_slot(now: dt.datetime) -> tuple[dt.date, dt.time, dt.time]:
    earliest = calendar.earliest_bookable_date(Service.COWORKING, now)
    day = calendar.next_service_day(Service.COWORKING, earliest) or earliest
    return day, dt.time(8, 0), dt.time(15, 0)


# ---------------------------------------------------------------- citizens


@rate_limited("cw-reserve", limit=10, per_seconds=60)
@require_http_methods(["GET", "POST"])
def reserve(request):
    """The public reservation page: slot, desk map, contact details, consent."""
    now = timezone.now()
    refusal = None
    if request.method == "POST" and "check" not in request.POST:
        form = ReservationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reservation = services.reserve_desk(
                    desk=data["desk"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    institution=data["institution"],
                    start=data["start_at"],
                    end=data["end_at"],
                    now=now,
                )
            except services.BookingRefused as exc:
                refusal = exc
                form.add_error(None, texts.booking_message(exc.code, exc.reason))
            else:
                messages.success(
                    request,
                    _("Your desk is reserved. We sent the QR code to %(email)s.")
                    % {"email": reservation.email},
                )
                return redirect("coworking:manage", token=reservation.manage_token)
    elif request.method == "POST":
        # "Show free desks" without JavaScript: redraw the map, keep what was typed.
        form = ReservationForm(initial=request.POST.dict())
    else:
        day, start, end = _default_slot(now)
        form = ReservationForm(initial={"date": day, "start": start, "end": end})
    form.fields["date"].widget.attrs.update(
        {
            "min": calendar.earliest_bookable_date(Service.COWORKING, now).isoformat(),
            "max": services.booking_horizon(now).isoformat(),
        }
    )
    slot = SlotForm(request.POST if request.method == "POST" else None, initial=form.initial)
    context = {"form": form, "refusal": refusal, **_map_context(slot, form, now)}
    return render(request, "coworking/reserve.html", context, status=200)


def _map_context(slot: SlotForm, form, now: dt.datetime, ignore: int | None = None) -> dict:
    """The desk map for the slot in ``slot`` (bound) or in its initial values."""
    if slot.is_bound:
        start, end, reason = _slot_or_reason(slot)
    else:
        day, start_t, end_t = (slot.initial.get(k) for k in ("date", "start", "end"))
        start = timezone.make_aware(dt.datetime.combine(day, start_t))
        end = timezone.make_aware(dt.datetime.combine(day, end_t))
        reason = ""
    verdict, states = services.slot_map(start, end, now=now, reason=reason, ignore=ignore)
    chosen = form["desk"].value() if form.is_bound else form.initial.get("desk")
    return {
        "desks": states,
        "free_count": sum(1 for _d, s in states if s == "free"),
        "slot_reason": "" if verdict else verdict.reason,
        "chosen_desk": str(chosen or ""),
        "map_columns": max((d.map_column for d, _s in states), default=1),
    }


def _slot_or_reason(slot: SlotForm):
    """The slot typed in, or (None, None, why it is not one) in the words the form uses."""
    if slot.is_valid():
        return slot.cleaned_data["start_at"], slot.cleaned_data["end_at"], ""
    if all(slot.data.get(name) for name in ("date", "start", "end")):
        errors = [str(e) for field_errors in slot.errors.values() for e in field_errors]
        return None, None, " ".join(errors)
    return None, None, _("Choose a date, an arrival and a leaving time.")


@require_GET
@rate_limited("cw-availability", limit=120, per_seconds=60, methods=("GET",))
def availability(request):
    """The desk map as JSON, for the page to redraw when the date or times change."""
    start, end, reason = _slot_or_reason(SlotForm(request.GET))
    # On the page that changes a booking, the booking's own desk is not taken by itself.
    token = normalise_code(request.GET.get("r", ""))
    ignore = None
    if token:
        ignore = Reservation.objects.filter(manage_token=token).values_list("pk", flat=True).first()
    verdict, states = services.slot_map(
        start, end, now=timezone.now(), reason=reason, ignore=ignore
    )
    return JsonResponse(
        {
            "ok": bool(verdict),
            "reason": verdict.reason,
            "desks": {str(desk.pk): state for desk, state in states},
            "free": sum(1 for _d, s in states if s == "free"),
        }
    )


def _by_token(token: str) -> Reservation:
    # Tokens are codes: normalised, whatever was pasted (a NUL byte would be a 500).
    return get_object_or_404(
        Reservation.objects.select_related("desk"), manage_token=normalise_code(token)
    )


@never_cache
@require_GET
@rate_limited("cw-manage", limit=60, per_seconds=60, methods=("GET",))
def manage(request, token):
    """The citizen's own page, reached through the link in the email: no account needed."""
    reservation = _by_token(token)
    now = timezone.now()
    shown = reservation.shown_status(now)
    context = {
        "reservation": reservation,
        "shown_status": shown,
        "shown_status_label": Status(shown).label,
        "qr_svg": mark_safe(tickets.qr_svg(reservation.code)),  # our own generated SVG
        "no_show_minutes": settings.PONTIVE["COWORKING_NO_SHOW_MINUTES"],
        "is_reserved": shown == Status.RESERVED,
    }
    return _private(render(request, "coworking/manage.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("cw-cancel", limit=20, per_seconds=60)
def cancel(request, token):
    reservation = _by_token(token)
    if request.method == "POST":
        try:
            services.cancel_reservation(reservation_id=reservation.pk)
        except services.ScanRefused as exc:
            messages.error(request, texts.cancel_refusal(exc.code))
        else:
            messages.success(request, _("Your reservation is cancelled; the desk is free again."))
        return redirect("coworking:manage", token=token)
    # The page offers only what the action would do: a reservation that can no
    # longer be cancelled shows its state instead of the question.
    now = timezone.now()
    context = {
        "reservation": reservation,
        "can_be_cancelled": reservation.can_be_cancelled,
        "shown_status": reservation.shown_status(now),
        "shown_status_label": reservation.shown_status_label(now),
    }
    return _private(render(request, "coworking/cancel.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("cw-change", limit=20, per_seconds=60)
def change(request, token):
    """The citizen changes the time or the desk of their booking, in one step."""
    reservation = _by_token(token)
    now = timezone.now()
    refusal = None
    if not reservation.can_be_cancelled:  # the same rule: only a booking not yet used
        messages.error(request, _("This reservation can no longer be changed."))
        return redirect("coworking:manage", token=token)
    if request.method == "POST" and "check" not in request.POST:
        form = ChangeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.change_reservation(
                    reservation_id=reservation.pk,
                    desk=data["desk"],
                    start=data["start_at"],
                    end=data["end_at"],
                    now=now,
                )
            except services.BookingRefused as exc:
                refusal = exc
                message = (
                    _("You already have another reservation on that day.")
                    if exc.code == "already_booked"
                    else texts.booking_message(exc.code, exc.reason)
                )
                form.add_error(None, message)
            except services.ScanRefused as exc:
                messages.error(request, texts.cancel_refusal(exc.code))
                return redirect("coworking:manage", token=token)
            else:
                messages.success(
                    request, _("Your reservation is changed. We sent the new ticket by email.")
                )
                return redirect("coworking:manage", token=token)
    elif request.method == "POST":
        form = ChangeForm(initial=request.POST.dict())
    else:
        local = timezone.localtime(reservation.start)
        form = ChangeForm(
            initial={
                "date": local.date(),
                "start": local.time(),
                "end": timezone.localtime(reservation.end).time(),
                "desk": reservation.desk_id,
            }
        )
    form.fields["date"].widget.attrs.update(
        {
            "min": calendar.earliest_bookable_date(Service.COWORKING, now).isoformat(),
            "max": services.booking_horizon(now).isoformat(),
        }
    )
    slot = SlotForm(request.POST if request.method == "POST" else None, initial=form.initial)
    context = {
        "form": form,
        "reservation": reservation,
        "refusal": refusal,
        **_map_context(slot, form, now, ignore=reservation.pk),
    }
    return _private(render(request, "coworking/change.html", context))


@require_GET
@rate_limited("cw-files", limit=60, per_seconds=60, methods=("GET",))
def qr_image(request, token):
    reservation = _by_token(token)
    return _private(HttpResponse(tickets.qr_png(reservation.code), content_type="image/png"))


@require_GET
@rate_limited("cw-files", limit=60, per_seconds=60, methods=("GET",))
def ticket_pdf(request, token):
    reservation = _by_token(token)
    response = HttpResponse(tickets.ticket_pdf(reservation), content_type="application/pdf")
    name = f"pontive-coworking-{timezone.localtime(reservation.start):%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)


@require_GET
@rate_limited("cw-files", limit=60, per_seconds=60, methods=("GET",))
def ticket_ics(request, token):
    reservation = _by_token(token)
    response = HttpResponse(tickets.ticket_ics(reservation), content_type="text/calendar")
    name = f"pontive-coworking-{timezone.localtime(reservation.start):%Y%m%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)


# ---------------------------------------------------------------- front desk


@never_cache
@front_desk_required
@require_http_methods(["GET", "POST"])
def scan(request):
    """The check-in page: one field a USB scanner types into, or a phone camera fills.

    A POST with ``Accept: application/json`` answers scanner apps with
    ``{"ok", "code", "message"}`` plus the name, desk and times when known.
    """
    mode = "out" if (request.POST.get("mode") or request.GET.get("mode")) == "out" else "in"
    if request.method == "GET":
        return render(request, "coworking/scan.html", {"mode": mode, "result": None})
    now = timezone.now()
    code = request.POST.get("code", "")
    # The offline queue's nonce: a scan sent again is applied once.
    nonce = request.POST.get("nonce", "")
    reservation = None
    try:
        if mode == "out":
            tidy = {"1": True, "0": False}.get(request.POST.get("tidy", ""))
            reservation = services.check_out(
                code=code,
                left_tidy=tidy,
                actor=request.user,
                role=_acting_role(request.user),
                now=now,
                nonce=nonce,
            )
            outcome, ok = _checked_out_outcome(reservation), True
        else:
            reservation = services.check_in(
                code=code,
                actor=request.user,
                role=_acting_role(request.user),
                now=now,
                nonce=nonce,
            )
            outcome, ok = "checked_in", True
        repeat = getattr(reservation, "repeat", False)
    except services.ScanRefused as exc:
        reservation, outcome, ok = exc.reservation, exc.code, False
        repeat = getattr(exc, "repeat", False)
    result = _scan_payload(ok, outcome, reservation, now=now)
    if repeat:
        result["repeat"] = True
    if _wants_json(request):
        return JsonResponse(result)
    return render(request, "coworking/scan.html", {"mode": mode, "result": result})


def _checked_out_outcome(reservation) -> str:
    # A session closed at its limit is not checked out again: only its tidiness is noted.
    return "tidiness_recorded" if reservation.auto_closed else "checked_out"


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _scan_payload(ok: bool, outcome: str, reservation, *, now) -> dict:
    payload = {
        "ok": ok,
        "code": outcome,
        "message": texts.scan_message(outcome, reservation, now=now),
        "tone": texts.tone(outcome),
    }
    if reservation is not None:
        payload.update(
            {
                "name": reservation.name,
                "desk": reservation.desk.number,
                "locker": reservation.desk.locker,
                "start": _iso(reservation.start),
                "end": _iso(reservation.end),
                "checked_in_at": _iso(reservation.checked_in_at),
                "session_ends_at": _iso(reservation.session_ends_at),
                "checked_out_at": _iso(reservation.checked_out_at),
            }
        )
    return payload


@never_cache
@front_desk_required
@require_GET
def board(request):
    """Today's board: expected, present (with time left), finished, no-shows, free desks."""
    now = timezone.now()
    today = timezone.localdate(now)
    search = SearchForm(request.GET)
    facts = day_facts(today)
    todays = list(Reservation.objects.for_day(today).order_by("start", "desk__number"))
    groups = {status: [] for status in Status.values}
    for reservation in todays:
        reservation.shown = reservation.shown_status(now)
    for reservation in todays:
        _annotate_for_board(reservation, todays, now=now, facts=facts)
        groups[reservation.shown].append(reservation)
    matches = None
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    if query:
        # The rows found are today's rows: show them exactly as the lists below do.
        found = set(Reservation.objects.for_day(today).search(query).values_list("pk", flat=True))
        matches = [r for r in todays if r.pk in found]
    desks = list(Desk.objects.filter(is_active=True).order_by("number"))
    context = {
        "today": today,
        "now": now,
        "search": search,
        "query": query,
        "matches": matches,
        "present": groups[Status.CHECKED_IN],
        "expected": groups[Status.RESERVED],
        "finished": groups[Status.FINISHED],
        "no_shows": groups[Status.NO_SHOW],
        "cancelled": groups[Status.CANCELLED],
        "free_desks": _free_now(desks, todays, now),
        "facts": facts,
    }
    return render(request, "coworking/board.html", context)


def _annotate_for_board(reservation, todays, *, now, facts) -> None:
    """What a board row shows of a present visitor: the time left and how far the front
    desk may extend the session (up to the next booking of the desk among ``todays``)."""
    reservation.time_left = reservation.extend_until = None
    reservation.tidiness_pending = services.tidiness_pending(reservation, now)
    if reservation.shown != Status.CHECKED_IN:
        return
    reservation.time_left = _duration(reservation.minutes_left(now))
    next_start = min(
        (
            r.start
            for r in todays
            if r.desk_id == reservation.desk_id
            and r.pk != reservation.pk
            and r.shown in (Status.RESERVED, Status.CHECKED_IN)
            and r.start >= reservation.session_ends_at
        ),
        default=None,
    )
    reservation.extend_until = services.extension_end(
        reservation, next_start=next_start, facts=facts
    )


def _free_now(desks, todays, now):
    """Active desks nobody holds now, each with the start of its next booking today."""
    held, next_start = set(), {}
    for r in todays:
        if r.shown == Status.CHECKED_IN or (r.shown == Status.RESERVED and r.start <= now):
            held.add(r.desk_id)
        elif r.shown == Status.RESERVED and r.start > now:
            next_start.setdefault(r.desk_id, r.start)
    return [(desk, next_start.get(desk.pk)) for desk in desks if desk.pk not in held]


def _back_to_board(request):
    url = reverse("coworking:board")
    query = request.POST.get("q", "").strip()
    if query:
        url += "?" + urlencode({"q": query})
    return redirect(url)


def _report(request, ok: bool, outcome: str, reservation, now) -> None:
    text = texts.scan_message(outcome, reservation, now=now)
    (messages.success if ok else messages.error)(request, text)


@front_desk_required
@require_POST
def manual_check_in(request, pk):
    now = timezone.now()
    get_object_or_404(Reservation, pk=pk)
    try:
        reservation = services.check_in_by_hand(
            reservation_id=pk, actor=request.user, role=_acting_role(request.user), now=now
        )
    except services.ScanRefused as exc:
        _report(request, False, exc.code, exc.reservation, now)
    else:
        _report(request, True, "checked_in", reservation, now)
    return _back_to_board(request)


@front_desk_required
@require_POST
def manual_check_out(request, pk):
    now = timezone.now()
    get_object_or_404(Reservation, pk=pk)
    tidy = {"1": True, "0": False}.get(request.POST.get("tidy", ""))
    try:
        reservation = services.check_out(
            reservation_id=pk,
            left_tidy=tidy,
            actor=request.user,
            role=_acting_role(request.user),
            now=now,
        )
    except services.ScanRefused as exc:
        _report(request, False, exc.code, exc.reservation, now)
    else:
        _report(request, True, _checked_out_outcome(reservation), reservation, now)
    return _back_to_board(request)


@front_desk_required
@require_POST
def extend(request, pk):
    """One click on the board: the present visitor may stay as long as the desk is free."""
    now = timezone.now()
    get_object_or_404(Reservation, pk=pk)
    try:
        reservation = services.extend_session(
            reservation_id=pk, actor=request.user, role=_acting_role(request.user), now=now
        )
    except services.ScanRefused as exc:
        _report(request, False, exc.code, exc.reservation, now)
    else:
        _report(request, True, "extended", reservation, now)
    return _back_to_board(request)


@front_desk_required
@require_POST
def staff_cancel(request, pk):
    now = timezone.now()
    reservation = get_object_or_404(Reservation.objects.select_related("desk"), pk=pk)
    try:
        services.cancel_reservation(
            reservation_id=pk, actor=request.user, role=_acting_role(request.user), now=now
        )
    except services.ScanRefused as exc:
        messages.error(request, texts.cancel_refusal(exc.code))
    else:
        messages.success(
            request,
            _("Cancelled: %(name)s, desk %(desk)s.")
            % {"name": reservation.name, "desk": reservation.desk.number},
        )
    return _back_to_board(request)


@never_cache
@front_desk_required
@require_http_methods(["GET", "POST"])
def walk_in(request):
    """A desk for someone at the front desk now; the lead time does not apply."""
    now = timezone.now()
    facts = day_facts(timezone.localdate(now))
    default_end = _walk_in_default_end(now, facts)
    refusal = existing = None
    if request.method == "POST":
        form = WalkInForm(request.POST, now=now)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reservation = services.book_walk_in(
                    desk=data["desk"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    institution=data["institution"],
                    end=data["end_at"],
                    actor=request.user,
                    role=_acting_role(request.user),
                    now=now,
                )
            except services.BookingRefused as exc:
                if exc.existing is not None:
                    # Someone booked today: name the booking and offer to check it in.
                    existing = exc.existing
                    existing.shown = existing.shown_status(now)
                    form.add_error(None, texts.already_booked_today(existing, now=now))
                else:
                    refusal = exc
                    form.add_error(None, texts.booking_message(exc.code, exc.reason))
            else:
                messages.success(
                    request,
                    format_html(
                        "{} {}",
                        _("Walk-in booked."),
                        texts.scan_message("checked_in", reservation, now=now),
                    ),
                )
                return redirect("coworking:board")
    else:
        form = WalkInForm(initial={"end": default_end.time() if default_end else None}, now=now)
    end_for_map = (
        form.cleaned_data.get("end_at") if form.is_bound and form.is_valid() else default_end
    )
    states = []
    if end_for_map and end_for_map > now:
        states = services.desk_map(now, end_for_map, now=now)
    context = {
        "form": form,
        "refusal": refusal,
        "existing": existing,
        "desks": states,
        "chosen_desk": str(form["desk"].value() or ""),
        "facts": facts,
        "map_columns": max((d.map_column for d, _s in states), default=1),
    }
    return render(request, "coworking/walk_in.html", context)


def _walk_in_default_end(now: dt.datetime, facts) -> dt.datetime | None:
    closing = facts.closing()
    if closing is None:
        return None
    latest = timezone.localtime(now) + dt.timedelta(minutes=facts.max_minutes)
    end = min(latest, closing)
    return end.replace(minute=end.minute - end.minute % 15, second=0, microsecond=0)
