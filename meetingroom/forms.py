from django import forms
from django.utils.translation import gettext_lazy as _

from reservations.models import Service
from reservations.request_forms import RequestForm

from .equipment import shortfall_for
from .models import Equipment


class LoanRequestForm(RequestForm):
    """SOP 001: the visit's fields, plus the event, its attendees, the equipment, no buffet."""

    service = Service.MEETING_ROOM

    event_title = forms.CharField(label=_("Event title"), max_length=200)
    go_ahead_without = forms.BooleanField(
        label=_("If some of this equipment is not free at that time, go ahead without it."),
        required=False,
    )
    no_buffet = forms.BooleanField(
        label=_("We will not serve a buffet (prasmanan) during the event."),
        error_messages={
            "required": _("Buffets are not allowed in the meeting room; please confirm.")
        },
    )

    field_order = [
        "institution",
        "institution_kind",
        "contact_name",
        "email",
        "phone",
        "event_title",
        "participants",
        "date",
        "start_time",
        "end_time",
        "purpose",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].label = _("Expected attendees")
        self.fields["purpose"].label = _("About the event")
        self.equipment = (
            list(Equipment.objects.lendable(self.resource.pk).order_by("name"))
            if self.resource
            else []
        )
        self.shortfall = []
        for item in self.equipment:
            self.fields[f"equipment_{item.pk}"] = forms.IntegerField(
                label=item.name,
                min_value=0,
                max_value=item.quantity,
                required=False,
                initial=0,
                help_text=_("%(count)s owned") % {"count": item.quantity},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        # The room's own fields first, then equipment, then the promises and the letter.
        order = [*self.field_order, *(f"equipment_{item.pk}" for item in self.equipment)]
        order += ["go_ahead_without", "no_buffet", "letter", "consent"]
        self.order_fields(order)

    def equipment_fields(self):
        return [self[f"equipment_{item.pk}"] for item in self.equipment]

    def wanted(self) -> dict[int, int]:
        return {
            item.pk: self.cleaned_data.get(f"equipment_{item.pk}") or 0
            for item in self.equipment
            if self.cleaned_data.get(f"equipment_{item.pk}")
        }

    def clean(self):
        data = super().clean()
        wanted = self.wanted()
        if wanted and "start" in data and not self.errors:
            self.shortfall = shortfall_for(self.resource.pk, data["start"], data["end"], wanted)
            if self.shortfall and not data.get("go_ahead_without"):
                missing = "; ".join(
                    _("%(name)s: %(free)s of %(wanted)s free")
                    % {"name": s.name, "free": s.free, "wanted": s.wanted}
                    for s in self.shortfall
                )
                self.add_error(
                    "go_ahead_without",
                    _(
                        "Not all the equipment is free at that time (%(missing)s). Tick the box "
                        "to go ahead without it, ask for less, or choose another time."
                    )
                    % {"missing": missing},
                )
        return data

    def submit_kwargs(self, data) -> dict:
        return {
            "event_title": data["event_title"],
            "no_buffet": data["no_buffet"],
            "equipment": self.wanted(),
            "accepts_equipment_shortfall": bool(data.get("go_ahead_without")),
        }
