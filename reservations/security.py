"""Staff sessions end the moment they should, not at the next login."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from . import audit, twofactor
from .models import AuditKind


class StaffSessionMiddleware:
    """Ends a session whose account was deactivated, or that owes a one-time code.

    Idle sessions need nothing here: SESSION_SAVE_EVERY_REQUEST renews the expiry
    on each request, so a session unused for SESSION_IDLE_SECONDS has expired.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY in request.session and not request.user.is_authenticated:
            # Django no longer accepts the account (deactivated, deleted, or its
            # password changed elsewhere); drop what the session still holds.
            user_id = request.session.get(SESSION_KEY)
            request.session.flush()
            audit.record(
                request,
                AuditKind.SESSION_ENDED,
                target=f"user id {user_id}",
                detail="account deactivated, deleted or its password changed",
            )
        elif (
            settings.PONTIVE.get("REQUIRE_2FA")
            and request.user.is_authenticated
            and not twofactor.is_satisfied(request)
        ):
            # Logged in before the office required a code: log in again, with one.
            audit.record(
                request,
                AuditKind.SESSION_ENDED,
                target=request.user.get_username(),
                detail="two-factor login now required",
            )
            request.session.flush()
            from django.contrib.auth.models import AnonymousUser

            request.user = AnonymousUser()
            if request.path != reverse("login"):
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
