"""Why a step on a request was refused: a code for code and tests, a sentence for people.

The actions raise ``RequestRefused(code, **params)``; views, the admin and the
status page show ``error.message``, translated in the language of whoever
reads it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "wrong_role": _("Your role cannot take this step; it belongs to the %(role)s."),
    "not_waiting": _(
        "This request is no longer waiting for this step; it is now: %(state)s. "
        "Someone may have taken the step a moment ago."
    ),
    "not_due_yet": _(
        "This request has not reached this step yet; it is now: %(state)s. "
        "The steps before it come first."
    ),
    "unknown_step": _("This step does not exist."),
    "slot_taken": _(
        "%(resource)s is already booked from %(start)s to %(end)s by an approved request "
        "(%(institution)s). Propose another time."
    ),
    "blocked": _(
        "%(resource)s is reserved for the leadership from %(start)s to %(end)s (%(reason)s). "
        "Propose another time."
    ),
    "slot_invalid": _("%(reason)s"),
    "over_capacity": _("%(resource)s holds at most %(capacity)s people."),
    "not_over_yet": _("This can be recorded only after the event has ended."),
    "not_started_yet": _("A no-show can be recorded only once the start time has passed."),
    "already_started": _("The event has already started and can no longer be cancelled."),
    "deadline_too_late": _(
        "With the urgency %(urgency)s the deadline can be no later than %(latest)s."
    ),
    "deadline_past": _("The deadline cannot be in the past."),
    "letter_date_future": _("The letter cannot be dated in the future."),
    "reason_required": _("Please give the reason; the applicant will read it."),
    "disposition_read": _(
        "The recipient has already read this disposition, so it can no longer be withdrawn."
    ),
    "not_completed": _("The event report can be written once the request has taken place."),
    "no_resource": _("This service is not open for requests at the moment."),
    "invalid_range": _("The end must be after the start."),
    "nothing_proposed": _("No new time has been proposed for this request."),
    "damage_quantity": _("Only %(available)s units of %(item)s are in service."),
    "already_repaired": _("This damage was already recorded as repaired."),
    "no_buffet": _("Please confirm that the borrower will not serve a buffet (prasmanan)."),
}


class RequestRefused(Exception):
    """A step that cannot be taken, with the reason as a code and its parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.code, MESSAGES["unknown_step"])
        params = {key: str(value) for key, value in self.params.items()}
        return str(template) % params if params else str(template).replace("%%", "%")

    def __str__(self):
        return f"{self.code}: {self.params}" if self.params else self.code
