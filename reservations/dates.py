"""Dates and times as Indonesians write them: "Selasa, 24 November 2026, 09.00 WIB"."""

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format, time_format


def long_date(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return date_format(value, "DATE_FORMAT")


def clock(value: dt.time | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return f"{time_format(value, 'TIME_FORMAT')} WIB"


def long_datetime(value: dt.datetime) -> str:
    value = timezone.localtime(value)
    return f"{long_date(value)}, {clock(value)}"
