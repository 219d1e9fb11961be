"""Forms: they read and tidy what people typed; the rules live in ``services``."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reservations.phones import IndonesianPhoneField
from reservations.privacy import ConsentField
from reservations.text import NameField

from .models import Desk

TIME_STEP = 15 * 60  # quarter hours


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_widget():
    return forms.TimeInput(attrs={"type": "time", "step": TIME_STEP}, format="%H:%M")


class SlotForm(forms.Form):
    """Date, arrival and leaving time: enough to draw the desk map."""

    date = forms.DateField(label=_("Date"), widget=_date_widget())
    start = forms.TimeField(label=_("Arrival"), widget=_time_widget())
    end = forms.TimeField(label=_("Leaving"), widget=_time_widget())

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end:
            data["start_at"] = timezone.make_aware(dt.datetime.combine(day, start))
            data["end_at"] = timezone.make_aware(dt.datetime.combine(day, end))
            if data["end_at"] <= data["start_at"]:
                self.add_error("end", _("The leaving time must be after the arrival time."))
        return data


class DeskChoiceField(forms.ModelChoiceField):
    """A desk number from the map, or nothing for "any free desk"."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Desk.objects.all(),
            required=False,
            empty_label=_("Any free desk"),
            label=_("Desk"),
            error_messages={"invalid_choice": _("Choose a desk from the map.")},
            **kwargs,
        )


class ReservationForm(SlotForm):
    desk = DeskChoiceField()
    name = NameField(label=_("Full name"), max_length=120)
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("Your QR code and ticket are sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = IndonesianPhoneField(label=_("Phone / WhatsApp"))
    institution = NameField(
        label=_("Institution or start-up (optional)"), max_length=160, required=False
    )
    consent = ConsentField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["institution"].widget.attrs["autocomplete"] = "organization"


class ChangeForm(SlotForm):
    """The citizen's new time or desk for a booking they hold."""

    desk = DeskChoiceField()


class WalkInForm(forms.Form):
    """One short form for someone standing at the front desk without a valid code."""

    name = NameField(label=_("Full name"), max_length=120)
    phone = IndonesianPhoneField(label=_("Phone / WhatsApp"))
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("If given, the QR code and ticket are sent there."),
    )
    institution = NameField(
        label=_("Institution or start-up (optional)"), max_length=160, required=False
    )
    end = forms.TimeField(label=_("Leaving at"), widget=_time_widget())
    desk = DeskChoiceField()
    consent = forms.BooleanField(
        label=_("The visitor agrees to the privacy notice (read it to them if needed)."),
        error_messages={"required": _("Ask the visitor to agree to the privacy notice first.")},
    )

    def __init__(self, *args, now: dt.datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = timezone.localtime(now or timezone.now())

    def clean(self):
        data = super().clean()
        if data.get("end"):
            data["end_at"] = timezone.make_aware(dt.datetime.combine(self.now.date(), data["end"]))
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name, phone, email or code"), max_length=100, required=False)
