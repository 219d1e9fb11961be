"""The inbox panel on the admin's front page: what waits for the signed-in role, oldest first."""

from django import template
from django.utils import timezone

from reservations.models import ServiceRequest
from reservations.roles import Role

register = template.Library()


@register.inclusion_tag("admin/reservations/inbox_panel.html", takes_context=True)
def request_inbox(context, limit: int = 8):
    from reservations.request_admin import user_roles

    request = context.get("request")
    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else []
    if not roles:
        return {"roles": []}
    now = timezone.now()
    counts = ServiceRequest.objects.inbox_counts(roles, now=now)
    oldest = list(ServiceRequest.objects.waiting_for(*roles, now=now).for_list()[:limit])
    return {
        "roles": [(role, Role(role).label, counts[role]) for role in roles],
        "total": sum(counts.values()),
        "oldest": oldest,
    }
