"""Small HTTP helpers shared by the services' views."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address; behind the office's reverse proxy, the address it reported.

    Only the last TRUSTED_PROXY_COUNT hops of X-Forwarded-For are trusted, so a
    client cannot pick its own address by sending the header itself.
    """
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR", "")
