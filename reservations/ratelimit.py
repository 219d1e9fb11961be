"""Rate limits for anonymous forms and code lookups, counted in the cache (Redis if set)."""

from __future__ import annotations

import time
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render

from .http import client_ip


def hit(scope: str, ident: str, *, limit: int, per_seconds: int) -> bool:
    """Count one attempt; False once ``limit`` attempts were made in the current window."""
    window = int(time.time() // per_seconds)
    key = f"rl:{scope}:{ident}:{window}"
    try:
        added = cache.add(key, 1, timeout=per_seconds + 5)
        count = 1 if added else cache.incr(key)
    except Exception:  # a cache outage must not lock citizens out
        return True
    return count <= limit


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
