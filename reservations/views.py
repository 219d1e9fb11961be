"""Pages of the shared layer: home, the staff landing page, and the health check."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .privacy import PRIVACY_NOTICE_VERSION, RETENTION_YEARS
from .redis_outage import ping_redis
from .roles import Role, has_role


@require_GET
def home(request):
    return render(request, "home.html")


@require_GET
def privacy(request):
    return render(
        request,
        "privacy/page.html",
        {
            "notice_template": f"privacy/notice_{PRIVACY_NOTICE_VERSION}.html",
            "version": PRIVACY_NOTICE_VERSION,
            "retention_years": RETENTION_YEARS,
        },
    )


@login_required
def staff_home(request):
    """Where a member of staff lands after login: the front desk or their inbox."""
    if has_role(request.user, Role.ADMIN) and not request.user.is_superuser:
        return redirect("coworking:scan")
    if has_role(request.user, Role.KASI, Role.KABID) and not request.user.is_superuser:
        return redirect("reports:dashboard")  # their reports and the recap waiting for them
    return redirect("admin:index")


@never_cache
@require_GET
def healthz(request):
    """The state of the database, Redis and the broker; 200 whenever the database answers
    (the portal works without Redis, see reservations/redis_outage.py)."""
    state = {"database": "ok", "redis": "ok", "broker": "ok"}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        state["database"] = "down"
        status = 503
    if settings.REDIS_URL:
        # A PING with a half-second timeout: a hung Redis answers "down" at once.
        state["redis"] = "ok" if ping_redis() else "down"
    else:
        state["redis"] = "not used"
    if settings.CELERY_TASK_ALWAYS_EAGER:
        state["broker"] = "eager"
    elif _broker_url() == settings.REDIS_URL:
        state["broker"] = state["redis"]
    else:
        state["broker"] = _broker_state()
    return JsonResponse(state, status=status)


def _broker_url() -> str:
    from pontive.celery import app

    return app.conf.broker_url


def _broker_state() -> str:
    from pontive.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "down"
    return "ok"


# Fields never written back into a page: secrets, and the token that failed.
_NOT_KEPT = ("csrfmiddlewaretoken", "password", "otp", "token")


@never_cache
def csrf_failure(request, reason=""):
    """A form that expired (its security token is stale, e.g. the page stayed open past the
    session) gets a page in the portal's language instead of Django's bare 403.

    Sent from one of our own pages, it keeps what was typed and sends it again with a
    fresh token on one click; from anywhere else it only says to go back and resend
    (never a one-click resubmit of what another site posted). Scanner apps get JSON.
    """
    message = _("The form expired before it was sent. Nothing was saved.")
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        return JsonResponse({"ok": False, "code": "csrf", "message": message}, status=403)
    own_origin = request.build_absolute_uri("/").rstrip("/")
    origin = request.headers.get("Origin") or request.headers.get("Referer", "")
    from_us = bool(origin) and (origin == own_origin or origin.startswith(own_origin + "/"))
    fields = []
    if from_us and request.method == "POST":
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if not any(word in name.lower() for word in _NOT_KEPT)
            for value in values
        ]
    context = {
        "message": message,
        "fields": fields,
        "action": request.get_full_path(),
        "had_files": bool(request.FILES) if from_us else False,
        "back": request.headers.get("Referer", "") if from_us else "",
    }
    return render(request, "403_csrf.html", context, status=403)
