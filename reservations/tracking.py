"""How an applicant reaches their request without an account: the code plus their email.

The status page's address carries the tracking code and a keyed hash of code
and email, so the link in the applicant's email opens it directly, while
someone holding only the code (read over a shoulder) must still know the email.
Codes carry 130 random bits and lookups are rate-limited, so they cannot be
enumerated.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from .codes import normalise_code
from .models import ServiceRequest

_SALT = "pontive.request-status"
PREFIXES = {"visit": "KJG", "meetingroom": "PRR"}


def status_token(code: str, email: str) -> str:
    return salted_hmac(_SALT, f"{code}|{email.strip().lower()}").hexdigest()[:32]


def status_path(service_request: ServiceRequest) -> str:
    return reverse(
        "requests:status",
        args=[service_request.code, status_token(service_request.code, service_request.email)],
    )


def status_url(service_request: ServiceRequest) -> str:
    return settings.SITE_URL + status_path(service_request)


def find(code: str, email: str) -> ServiceRequest | None:
    """The request with this code, if the email is the one it was sent with; else None."""
    code = normalise_code(code)
    found = ServiceRequest.objects.filter(code=code).select_related("resource").first()
    if found is None or found.email.strip().lower() != (email or "").strip().lower():
        return None
    return found


def from_link(code: str, token: str) -> ServiceRequest | None:
    found = (
        ServiceRequest.objects.filter(code=normalise_code(code)).select_related("resource").first()
    )
    if found is None or not constant_time_compare(status_token(found.code, found.email), token):
        return None
    return found
