"""Public pages of the request engine: the request page both services use, and the status page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import actions, availability, calendar, tracking, workflow
from .errors import RequestRefused
from .models import RequestState, Service
from .ratelimit import rate_limited
from .request_forms import AnswerForm, LookupForm

MONTHS_AHEAD = 6


def _month_param(raw: str | None, service: str) -> tuple[int, int]:
    """?bulan=2026-12 within the months one can request; else the first bookable month."""
    today = timezone.localdate()
    earliest = calendar.earliest_bookable_date(service)
    try:
        year, month = (int(part) for part in (raw or "").split("-", 1))
        chosen = dt.date(year, month, 1)
    except (TypeError, ValueError):
        chosen = earliest.replace(day=1)
    first = today.replace(day=1)
    last = _add_months(first, MONTHS_AHEAD)
    chosen = min(max(chosen, first), last)
    return chosen.year, chosen.month


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _date_param(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return None


def request_page(request, *, service: str, form_class, template: str):
    """The month view of the room, then the form; a valid form becomes a request."""
    resource = availability.resource_for(service)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, resource=resource)
        if form.is_valid():
            data = form.cleaned_data
            try:
                req = actions.submit_request(
                    service=service,
                    institution=data["institution"],
                    institution_kind=data["institution_kind"],
                    contact_name=data["contact_name"],
                    email=data["email"],
                    phone=data["phone"],
                    participants=data["participants"],
                    start=data["start"],
                    end=data["end"],
                    purpose=data["purpose"],
                    letter=data["letter"],
                    language=translation.get_language() or "id",
                    **form.submit_kwargs(data),
                )
            except RequestRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    _(
                        "Your request has been sent. We emailed your tracking code %(code)s "
                        "to %(email)s; this page shows where your request is."
                    )
                    % {"code": req.code, "email": req.email},
                )
                return redirect(tracking.status_path(req))
    else:
        initial = {}
        chosen = _date_param(request.GET.get("tanggal"))
        if chosen:
            initial["date"] = chosen
        form = form_class(initial=initial, resource=resource)
    year, month = _month_param(request.GET.get("bulan"), service)
    first = dt.date(year, month, 1)
    today = timezone.localdate().replace(day=1)
    context = {
        "form": form,
        "resource": resource,
        "service": service,
        "weeks": availability.month_view(service, resource, year, month) if resource else [],
        "month": first,
        "previous_month": _add_months(first, -1) if first > today else None,
        "next_month": (_add_months(first, 1) if first < _add_months(today, MONTHS_AHEAD) else None),
        "earliest": calendar.earliest_bookable_date(service),
    }
    return render(request, template, context, status=400 if form.errors else 200)


# ---------------------------------------------------------------- status page


@never_cache
@rate_limited("request-lookup", limit=10, per_seconds=60)
@require_http_methods(["GET", "POST"])
def lookup(request):
    """The applicant types their code and email; the pair opens their status page."""
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        req = tracking.find(form.cleaned_data["code"], form.cleaned_data["email"])
        if req is not None:
            return redirect(tracking.status_path(req))
        form.add_error(
            None,
            _(
                "No request matches this code and email. Check both against the email we "
                "sent you when you submitted the request."
            ),
        )
    return render(
        request, "reservations/lookup.html", {"form": form}, status=400 if form.errors else 200
    )


def _from_link(code: str, token: str):
    req = tracking.from_link(code, token)
    if req is None:
        raise Http404(_("No request matches this link."))
    return req


@never_cache
@rate_limited("request-status", limit=60, per_seconds=60, methods=("GET", "POST"))
def status(request, code: str, token: str):
    req = _from_link(code, token)
    history = list(req.history.all())
    shortfall = (
        availability.equipment_shortfall(req) if req.state == RequestState.EQUIPMENT_SHORT else []
    )
    lines = (
        list(req.equipment_lines.select_related("equipment"))
        if req.service == Service.MEETING_ROOM
        else []
    )
    context = {
        "req": req,
        "timeline": [
            {
                "label": workflow.STEPS[row.action].label,
                "role": workflow.ROLE_LABELS.get(row.role, row.role),
                "at": row.at,
                "note": row.public_note,
                "state": row.get_to_state_display(),
            }
            for row in history
        ],
        "next": workflow.NEXT.get(req.state, ""),
        "shortfall": shortfall,
        "equipment_lines": lines,
        "can_cancel": req.state in workflow.STEPS["cancel_request"].sources
        and not (req.state == RequestState.SCHEDULED and timezone.now() >= req.start),
        "answer_url": reverse("requests:answer", args=[code, token]),
    }
    return render(request, "reservations/status.html", context)


@never_cache
@require_POST
@rate_limited("request-status", limit=60, per_seconds=60)
def answer(request, code: str, token: str):
    """Cancel, or answer the office's question (a new time, missing equipment)."""
    req = _from_link(code, token)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose one of the answers."))
        return redirect(tracking.status_path(req))
    choice, reason = form.cleaned_data["answer"], form.cleaned_data["reason"]
    try:
        if choice == "cancel":
            actions.cancel_request(service_request=req, reason=reason)
            done = _("Your request is cancelled.")
        elif choice == "accept":
            req = actions.accept_reschedule(service_request=req)
            done = _("Thank you, we received your answer.")
        elif choice == "decline":
            actions.decline_reschedule(service_request=req, reason=reason)
            done = _("Thank you; the office will look for another time with you.")
        else:
            req = actions.accept_equipment_shortfall(service_request=req)
            done = _("Thank you, we received your answer.")
    except RequestRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect(tracking.status_path(req))
