"""A person asks for their data: the emailed link, the download and the erasure.

The link carries one opaque, signed and timestamped token (django.core.signing);
the address it was sent to stays in the database (``DataRequest``), never in the
URL. Whoever asks gets the same answer whether or not we know the address.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import personal_data
from .codes import new_code
from .models import DataRequest
from .notifications import queue_email

SALT = "pontive.personal-data-link"
# One link per address in this window: a form filled in again (or by someone
# else) does not flood a person's mailbox.
RESEND_AFTER = dt.timedelta(minutes=10)


def link_max_age() -> int:
    return settings.PONTIVE["DATA_LINK_HOURS"] * 3600


def signed_token(data_request: DataRequest) -> str:
    return signing.TimestampSigner(salt=SALT).sign(data_request.token)


def link_path(data_request: DataRequest) -> str:
    return reverse("personal-data", args=[signed_token(data_request)])


@transaction.atomic
def ask_for_data(*, email: str, language: str = "id", now: dt.datetime | None = None) -> bool:
    """Email a link to ``email``. False when one went there moments ago (nothing new sent)."""
    now = now or timezone.now()
    email = email.strip()
    if DataRequest.objects.filter(email__iexact=email, created_at__gt=now - RESEND_AFTER).exists():
        return False
    data_request = DataRequest.objects.create(
        token=new_code("PD"), email=email, language=language, created_at=now
    )
    with translation.override(language):
        queue_email(
            key=f"data-link-{data_request.token}",
            to=email,
            subject=_("Your personal data at Pontive Center"),
            template="privacy/email/data_link",
            context={
                "link": settings.SITE_URL.rstrip("/") + link_path(data_request),
                "hours": settings.PONTIVE["DATA_LINK_HOURS"],
            },
        )
    return True


def from_link(token: str) -> DataRequest | None:
    """The request a link names, or None when it is forged, expired or already used up."""
    try:
        raw = signing.TimestampSigner(salt=SALT).unsign(token, max_age=link_max_age())
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return DataRequest.objects.filter(token=raw).exclude(email="").first()


def export_for(data_request: DataRequest, *, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    DataRequest.objects.filter(pk=data_request.pk).update(exported_at=now)
    return personal_data.export(data_request.email, now=now)


def erase_for(
    data_request: DataRequest, *, now: dt.datetime | None = None
) -> personal_data.Erasure:
    """Cancel, anonymise and purge, through each service's own actions."""
    now = now or timezone.now()
    with transaction.atomic():
        # Two clicks on "erase" at once: the second waits and finds it done.
        locked = DataRequest.objects.select_for_update().get(pk=data_request.pk)
        result = personal_data.erase(locked.email, now=now)
        locked.erased_at = now
        locked.save(update_fields=["erased_at"])
    return result
