from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe

from reports.document import show as show_value

register = template.Library()


@register.filter
def show(value):
    return show_value(value)


@register.filter
def is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def css_string(value):
    """Text safe inside a double-quoted CSS string (the PDF's running footer)."""
    text = " ".join(str(value).split())
    # Escaped for CSS, and "<" can never close the <style> element, so it is safe as is.
    return mark_safe(text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C "))


@register.filter
def role_label(value):
    """A stored role as people read it ("Kasi PK&AI" → its label; "system" → nothing)."""
    from reservations.roles import Role

    if value in Role.values:
        return Role(value).label
    return ""


@register.filter
def iso_date(value):
    """A snapshot's ISO date ("2026-10-01") as a date, for the date filters."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@register.filter
def hm(value):
    """'08:05' as Indonesians write a time: '08.05'."""
    return str(value or "–").replace(":", ".")
