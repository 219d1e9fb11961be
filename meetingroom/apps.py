from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingroomConfig(AppConfig):
    name = "meetingroom"
    verbose_name = _("Meeting room")

    def ready(self):
        from reservations.availability import register_equipment
        from reservations.models import Service

        from .equipment import LoanEquipmentHooks

        # Loans borrow the room's equipment; the shared request engine asks
        # this inventory whether what a loan wants is free in its slot.
        register_equipment(Service.MEETING_ROOM, LoanEquipmentHooks())
