from django import template

from reservations import dates, phones

register = template.Library()


@register.filter
def long_date(value):
    return dates.long_date(value) if value else ""


@register.filter
def clock(value):
    return dates.clock(value) if value else ""


@register.filter
def long_datetime(value):
    return dates.long_datetime(value) if value else ""


@register.filter
def phone(value):
    return phones.display_phone(value)


@register.filter
def whatsapp(value):
    return phones.whatsapp_link(value) if value else ""
