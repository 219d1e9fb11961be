"""Rate limits for anonymous forms and code lookups, counted in the cache (Redis if set)."""

from __future__ import annotations

import time
from datetime import timedelta
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render

from .http import client_ip


def hit(scope: str, ident: str, *, limit: int, per_seconds: int) -> bool:
    """Count one attempt; False once ``limit`` attempts were made in the current window.

    Counted in Redis; while Redis is down, in the database, so the limit holds
    across every web process during an outage too (a per-process count would let
    each gunicorn worker accept the whole limit).
    """
    window = int(time.time() // per_seconds)
    key = f"rl:{scope}:{ident}:{window}"
    try:
        added = cache.add(key, 1, timeout=per_seconds + 5)
        count = 1 if added else cache.incr(key)
    except Exception:
        count = _count_in_database(key, per_seconds)
    return count <= limit


def _count_in_database(key: str, per_seconds: int) -> int:
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from .models import RateLimitCount

    now = timezone.now()
    with transaction.atomic():
        # The row lock makes two processes counting the same key wait for each other.
        row, created = RateLimitCount.objects.select_for_update().get_or_create(
            key=key[:200],
            defaults={"count": 1, "expires_at": now + timedelta(seconds=per_seconds + 5)},
        )
        if created:
            RateLimitCount.objects.filter(expires_at__lt=now).delete()  # past windows
            return 1
        RateLimitCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
        return row.count + 1


def rate_limited(scope: str, *, limit: int, per_seconds: int = 60, methods=("POST",)):
    """Answer 429 with a readable page once a client exceeds ``limit`` requests per window."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and not hit(
                scope, client_ip(request), limit=limit, per_seconds=per_seconds
            ):
                response = render(request, "429.html", {"retry_after": per_seconds}, status=429)
                response["Retry-After"] = str(per_seconds)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
