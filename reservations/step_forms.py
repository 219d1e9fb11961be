"""The short form of each staff step: what the admin asks before it calls the action.

``STAFF_STEPS`` maps an action to its form, its button and the call; the admin
renders these and nothing else changes a request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import Instruction, SecurityClass, Service, Urgency
from .request_forms import DateInput, TimeInput
from .uploads import validate_image

NOTE_HELP = _("Only staff see this note.")
PUBLIC_HELP = _("The applicant reads this on their status page and in the email.")


def _note(label=None):
    return forms.CharField(
        label=label or _("Internal note"),
        required=False,
        max_length=2000,
        help_text=NOTE_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _public(required=False, label=None):
    return forms.CharField(
        label=label or _("Note for the applicant"),
        required=required,
        max_length=2000,
        help_text=PUBLIC_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StepForm(forms.Form):
    def __init__(self, *args, service_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.service_request = service_request

    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


class NoteForm(StepForm):
    note = _note()


class RegisterLetterForm(StepForm):
    letter_number = forms.CharField(label=_("Letter number"), max_length=100)
    letter_date = forms.DateField(label=_("Letter date"), widget=DateInput())
    srikandi_ref = forms.CharField(
        label=_("SRIKANDI reference (if any)"), max_length=100, required=False
    )
    note = _note()

    def clean_letter_date(self):
        day = self.cleaned_data["letter_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The letter cannot be dated in the future."))
        return day


class DispositionForm(StepForm):
    instructions = forms.MultipleChoiceField(
        label=_("Instructions"),
        choices=Instruction.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one instruction.")},
    )
    security_class = forms.ChoiceField(
        label=_("Security class (sifat)"), choices=SecurityClass.choices, initial="biasa"
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="biasa")
    due_date = forms.DateField(
        label=_("Deadline (batas waktu)"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: 2×24 hours for Segera, 24 hours for Amat Segera, none for Biasa."),
    )
    note = forms.CharField(
        label=_("Note (catatan)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed on the disposition sheet."),
    )
    signer_nip = forms.CharField(label=_("Your NIP"), max_length=30, required=False)

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        if previous is not None:  # the Kabid starts from the Kadis's sifat
            self.fields["security_class"].initial = previous.security_class
            self.fields["urgency"].initial = previous.urgency


class ConfirmForm(StepForm):
    no_buffet_checked = forms.BooleanField(
        label=_("I confirmed with the borrower that no buffet (prasmanan) will be served."),
        required=False,
    )
    public_note = _public()
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.service_request and self.service_request.service != Service.MEETING_ROOM:
            del self.fields["no_buffet_checked"]
        else:
            self.fields["no_buffet_checked"].required = True


class ProposeForm(StepForm):
    date = forms.DateField(label=_("New date"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    public_note = _public(required=True, label=_("Why, for the applicant"))
    note = _note()

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start_time") and data.get("end_time"):
            data["start"] = timezone.make_aware(
                dt.datetime.combine(data["date"], data["start_time"])
            )
            data["end"] = timezone.make_aware(dt.datetime.combine(data["date"], data["end_time"]))
        return data

    def kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "start": data["start"],
            "end": data["end"],
            "public_note": data["public_note"],
            "note": data["note"],
        }


class RejectForm(StepForm):
    reason = _public(required=True, label=_("Reason"))
    note = _note()


class CancelForm(StepForm):
    reason = _public(required=True, label=_("How the applicant asked to cancel, and why"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultiplePhotoField, self).clean(item, initial) for item in files]
        for item in cleaned:
            validate_image(item)
        if len(cleaned) > 20:
            raise forms.ValidationError(_("At most 20 photos at a time."))
        return cleaned


class EventReportForm(StepForm):
    note = forms.CharField(
        label=_("Short report of the event"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultiplePhotoField(label=_("Photos (JPEG, PNG or WebP)"), required=False)


@dataclass(frozen=True)
class StaffStep:
    form: type[StepForm]
    button: object
    call: object
    style: str = "default"


STAFF_STEPS: dict[str, StaffStep] = {
    "receive_request": StaffStep(
        NoteForm, _("Receive and forward to the Sekretariat"), actions.receive_request
    ),
    "register_letter": StaffStep(
        RegisterLetterForm, _("Register and forward to the Kadis"), actions.register_letter
    ),
    "dispose_to_kabid": StaffStep(
        DispositionForm, _("Dispose to the Kabid TKPBET"), actions.dispose_to_kabid
    ),
    "dispose_to_kasi": StaffStep(
        DispositionForm, _("Dispose to the Kasi PK&AI"), actions.dispose_to_kasi
    ),
    "withdraw_disposition": StaffStep(
        NoteForm, _("Withdraw my disposition (not read yet)"), actions.withdraw_disposition
    ),
    "confirm_schedule": StaffStep(ConfirmForm, _("Confirm the schedule"), actions.confirm_schedule),
    "propose_reschedule": StaffStep(
        ProposeForm, _("Propose another time"), actions.propose_reschedule
    ),
    "schedule_request": StaffStep(
        NoteForm, _("Enter into the agenda and tell the applicant"), actions.schedule_request
    ),
    "complete_request": StaffStep(NoteForm, _("It took place"), actions.complete_request),
    "record_no_show": StaffStep(NoteForm, _("Nobody came"), actions.record_no_show),
    "record_event_report": StaffStep(
        EventReportForm, _("Save the event report"), actions.record_event_report
    ),
    "reject_request": StaffStep(RejectForm, _("Reject"), actions.reject_request, "danger"),
    "cancel_request": StaffStep(
        CancelForm, _("Cancel at the applicant's request"), actions.cancel_request, "danger"
    ),
}
