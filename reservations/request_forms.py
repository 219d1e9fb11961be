"""The public request form both services share, and the short forms of the status page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import availability
from .models import InstitutionKind, Resource
from .phones import IndonesianPhoneField
from .privacy import ConsentField
from .text import NameField
from .uploads import max_upload_bytes, validate_pdf


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__({"step": 300, **(attrs or {})}, format="%H:%M")


class RequestForm(forms.Form):
    """Who asks, when, why, and the letter; the slot is checked against calendar and room."""

    service: str = ""

    institution = NameField(
        label=_("Institution"),
        max_length=200,
        help_text=_("School, campus, office (OPD), company or organisation."),
    )
    institution_kind = forms.ChoiceField(
        label=_("Kind of institution"), choices=InstitutionKind.choices
    )
    contact_name = NameField(
        label=_("Contact person"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("The tracking code and every answer from the office are sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = IndonesianPhoneField(label=_("Phone / WhatsApp"))
    participants = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=1000)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    letter = forms.FileField(
        label=_("Request letter (Surat Permohonan), PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    consent = ConsentField()

    def __init__(self, *args, resource: Resource | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource
        limit_mb = max_upload_bytes() // (1024 * 1024)
        self.fields["letter"].help_text = _(
            "A signed letter addressed to the Head of Diskominfo Kota Pontianak; "
            "PDF only, at most %(mb)s MB."
        ) % {"mb": limit_mb}
        if resource and resource.capacity:
            self.fields["participants"].max_value = resource.capacity
            self.fields["participants"].widget.attrs["max"] = resource.capacity
            self.fields["participants"].help_text = _("At most %(capacity)s people.") % {
                "capacity": resource.capacity
            }

    def submit_kwargs(self, data) -> dict:
        """What a service adds to ``actions.submit_request`` beyond the shared fields."""
        return {}

    def clean_letter(self):
        letter = self.cleaned_data["letter"]
        validate_pdf(letter)
        return letter

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["start"] = timezone.make_aware(dt.datetime.combine(day, start))
            data["end"] = timezone.make_aware(dt.datetime.combine(day, end))
            if self.resource is None:
                raise forms.ValidationError(
                    _("This service is not open for requests at the moment.")
                )
            problem = availability.slot_problem(
                self.service, self.resource, data["start"], data["end"]
            )
            if problem:
                self.add_error("date" if problem.code == "slot_invalid" else None, problem.message)
        return data


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    email = forms.EmailField(
        label=_("Email you sent the request with"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class AnswerForm(forms.Form):
    ANSWERS = ["cancel", "accept", "decline", "go_ahead"]

    answer = forms.ChoiceField(choices=[(a, a) for a in ANSWERS])
    reason = forms.CharField(
        label=_("Message to the office (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
