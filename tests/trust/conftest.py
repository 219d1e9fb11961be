"""Helpers for the staff-access tests: authenticator apps and the security log."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from reservations.models import AuditEvent


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """What the person's authenticator app shows now (or ``steps_ahead`` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, steps_ahead=s) for s in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # These tests log in hundreds of times; the real hasher's slowness is its point.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def app_of():
    """Gives a user an authenticator app they already set up."""

    def make(user) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="Pontive Center", confirmed=True)

    return make


def events(kind: str | None = None):
    qs = AuditEvent.objects.order_by("at", "id")
    return list(qs.filter(kind=kind) if kind else qs)


@pytest.fixture
def require_2fa(settings):
    settings.PONTIVE = {**settings.PONTIVE, "REQUIRE_2FA": True}
