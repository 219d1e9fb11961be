"""The bar of work lists at the top of every staff page (see ``reservations.worklists``)."""

from django import template

from reservations import worklists

register = template.Library()


@register.inclusion_tag("includes/staff_worklists.html", takes_context=True)
def staff_worklists(context, in_admin: bool = False):
    request = context.get("request")
    user = getattr(request, "user", None)
    links = worklists.for_user(user) if user is not None else []
    return {
        "links": links,
        "current": request.path if request is not None else "",
        "in_admin": in_admin,
    }
