"""Two-factor login for staff: a one-time code from an authenticator app (TOTP).

Anyone on the staff may set it up. When the office turns on
``PONTIVE_REQUIRE_2FA``, the Kadis, the Kabid and the Kasi (and superusers, who
can do what they can) must: their login asks for the code, or has them set up an
app first. The password step never logs anyone in by itself when a code is due;
it leaves a short-lived "pending" mark in the session that only the code step
turns into a login.
"""

from __future__ import annotations

import base64
import io
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .models import AuditKind
from .roles import Role

REQUIRED_ROLES = (Role.KADIS, Role.KABID, Role.KASI)
PENDING_KEY = "pontive_2fa_pending"
ENROL_KEY = "pontive_2fa_enrolling"
PENDING_SECONDS = 300  # the code step must follow the password within five minutes
DEVICE_NAME = "Pontive Center"


class TwoFactorError(Exception):
    """A refused step; ``code`` is what tests and the edge check."""

    def __init__(self, code: str, *, wait_seconds: int = 0):
        super().__init__(code)
        self.code = code
        self.wait_seconds = wait_seconds


def is_required(user) -> bool:
    """Whether this user may not log in without a one-time code."""
    if not settings.PONTIVE.get("REQUIRE_2FA"):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    names = set(user.groups.values_list("name", flat=True))
    return any(role in names for role in REQUIRED_ROLES)


def device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def is_satisfied(request) -> bool:
    """Whether the logged-in user has given the second factor the office asks of them."""
    if not settings.PONTIVE.get("REQUIRE_2FA"):
        return True
    user = request.user
    if not is_required(user):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


# The step between password and code -------------------------------------------


@dataclass
class Pending:
    user: object
    next_url: str
    has_device: bool


def begin(request, user, *, next_url: str) -> None:
    """The password was right and a code is due: remember who, not yet logged in."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url,
        "since": time.time(),
    }
    request.session.pop(ENROL_KEY, None)


def pending(request) -> Pending | None:
    state = request.session.get(PENDING_KEY)
    if not state or time.time() - state.get("since", 0) > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=state["user"], is_active=True).first()
    if user is None:
        return None
    user.backend = state["backend"]
    return Pending(user=user, next_url=state["next"], has_device=device_of(user) is not None)


def fresh_login(request, user) -> None:
    """Log ``user`` in under a new session key, every time.

    Django's ``login()`` changes the key only when someone else (or nobody) was
    logged in; the same person logging in again kept their old key, so a key
    seen before the login (a shared computer, a planted cookie) stayed valid.
    """
    if request.session.session_key:
        request.session.cycle_key()
    auth_login(request, user)


def finish(request, user, device: TOTPDevice, *, method: str) -> None:
    """Log the user in, marking the session as verified by ``device``."""
    state = request.session.pop(PENDING_KEY, None) or {}
    request.session.pop(ENROL_KEY, None)
    user.backend = state.get("backend", getattr(user, "backend", None))
    user.otp_device = device  # django-otp stores it in the session on login
    request.pontive_login_method = method
    fresh_login(request, user)


# Actions ---------------------------------------------------------------------------


def verify_code(*, user, token: str) -> TOTPDevice:
    """Check a code against the user's app; raises TwoFactorError("wrong_code" | "throttled")."""
    device = device_of(user)
    if device is None:
        raise TwoFactorError("no_device")
    return _check(device, token)


def _check(device: TOTPDevice, token: str) -> TOTPDevice:
    token = "".join(ch for ch in (token or "") if ch.isdigit())
    # Two tries at once must not both pass the throttle: the row is locked. The
    # refusal is raised after commit, so the failure count it added is kept.
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, info = device.verify_is_allowed()
        verified = allowed and device.verify_token(token)
    if not allowed:
        locked_until = (info or {}).get("locked_until")
        wait = 1
        if locked_until is not None:
            wait = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
        raise TwoFactorError("throttled", wait_seconds=wait)
    if not verified:
        raise TwoFactorError("wrong_code")
    return device


def start_enrolment(request, *, user) -> TOTPDevice:
    """An unconfirmed device with a fresh secret, reused while the same setup page is open."""
    device_id = request.session.get(ENROL_KEY)
    device = None
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        request.session[ENROL_KEY] = device.pk
    return device


def confirm_enrolment(request, *, user, token: str) -> TOTPDevice:
    """The first code from the new app proves it holds the secret; it replaces any older app."""
    device_id = request.session.get(ENROL_KEY)
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        raise TwoFactorError("setup_expired")
    device = _check(device, token)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(request, AuditKind.TWO_FACTOR_ON, user=user, target=user.get_username())
    request.session.pop(ENROL_KEY, None)
    return device


def remove(request, *, user, by_admin: bool = False) -> None:
    """Turn two-factor login off: someone who opted in and out, or (by_admin) a lost phone.

    A user the office requires it of cannot turn it off themselves; after an
    administrator removes a lost phone, their next login sets up the new one.
    """
    if not by_admin and is_required(user):
        raise TwoFactorError("required")
    with transaction.atomic():
        deleted, _ = TOTPDevice.objects.filter(user=user).delete()
        if deleted:
            audit.record(
                request,
                AuditKind.TWO_FACTOR_OFF,
                target=user.get_username(),
                detail="removed by an administrator" if by_admin else "",
            )


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as an SVG QR code, inline (no request to anyone else)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for an app that cannot scan."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
