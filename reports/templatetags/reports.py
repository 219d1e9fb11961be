from decimal import Decimal

from django import template

from reports.document import show as show_value

register = template.Library()


@register.filter
def show(value):
    return show_value(value)


@register.filter
def is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
