"""Public pages where a person asks for, downloads and erases their personal data."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import audit, data_requests, personal_data
from .models import AuditKind
from .ratelimit import rate_limited


class AskForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=254,
        help_text=gettext_lazy("The address you gave when you reserved or sent a request."),
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand: upcoming reservations and requests are cancelled, and my name, "
            "email and phone number are removed from the others. This cannot be undone."
        ),
        error_messages={"required": gettext_lazy("Please tick the box to confirm the erasure.")},
    )


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@rate_limited("data-request", limit=5, per_seconds=3600)
@require_http_methods(["GET", "POST"])
def ask(request):
    """Type an email; a link to see and erase one's data goes to that address."""
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Known or not, the answer is the same: nobody learns who uses the centre.
        data_requests.ask_for_data(
            email=form.cleaned_data["email"], language=translation.get_language() or "id"
        )
        return render(request, "privacy/data_link_sent.html")
    return render(request, "privacy/data_ask.html", {"form": form})


def _expired(request):
    return _no_store(render(request, "privacy/data_link_expired.html", status=404))


@never_cache
@rate_limited("data-link", limit=30, per_seconds=60, methods=("GET", "POST"))
@require_GET
def page(request, token: str):
    data_request = data_requests.from_link(token)
    if data_request is None:
        return _expired(request)
    now = timezone.now()
    found = personal_data.find(data_request.email)
    kinds = [
        (holder.label, len(found.records.get(holder.key, []))) for holder in personal_data.holders()
    ]
    upcoming = sum(
        1
        for holder in personal_data.holders()
        for record in found.records.get(holder.key, [])
        if holder.stage(record, now) is personal_data.Stage.UPCOMING
    )
    context = {
        "token": token,
        "kinds": kinds,
        "total": found.total,
        # The email that brought the link is not news to the person.
        "emails_held": personal_data.outbox_to(data_request.email)
        .exclude(key__startswith="data-link-")
        .count(),
        "upcoming": upcoming,
        "elsewhere": found.elsewhere,
        "erased": data_request.erased_at is not None,
        "form": EraseForm(),
    }
    return _no_store(render(request, "privacy/data_page.html", context))


@never_cache
@rate_limited("data-link", limit=30, per_seconds=60, methods=("GET", "POST"))
@require_GET
def download(request, token: str):
    data_request = data_requests.from_link(token)
    if data_request is None:
        return _expired(request)
    data = data_requests.export_for(data_request)
    audit.record(
        request,
        AuditKind.DOWNLOAD,
        target=f"personal-data-request:{data_request.pk}",
        detail="personal data export (JSON)",
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{stamp}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@never_cache
@rate_limited("data-link", limit=30, per_seconds=60, methods=("GET", "POST"))
@require_POST
def erase(request, token: str):
    data_request = data_requests.from_link(token)
    if data_request is None:
        return _expired(request)
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect("personal-data", token)
    result = data_requests.erase_for(data_request)
    audit.record(
        request,
        AuditKind.DATA_ERASED,
        target=f"personal-data-request:{data_request.pk}",
        detail=(
            f"cancelled {result.cancelled}, anonymised {result.anonymised}, "
            f"in progress {result.kept_ongoing}, emails purged {result.emails_purged}"
        ),
    )
    messages.success(
        request,
        _(
            "Done. Cancelled: %(cancelled)d. Personal data removed from: %(anonymised)d. "
            "Emails deleted: %(emails)d."
        )
        % {
            "cancelled": result.cancelled,
            "anonymised": result.anonymised,
            "emails": result.emails_purged,
        },
    )
    if result.kept_ongoing:
        messages.warning(
            request,
            _(
                "%(count)d reservation(s) or request(s) are being served right now; "
                "we keep them until the service is over. Ask again afterwards."
            )
            % {"count": result.kept_ongoing},
        )
    return redirect("personal-data", token)
