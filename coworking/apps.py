from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoworkingConfig(AppConfig):
    name = "coworking"
    verbose_name = _("Co-working space")

    def ready(self):
        from reservations.personal_data import register

        from .personal_data import ReservationHolder

        register(ReservationHolder())
        from .worklists import register_worklists

        register_worklists()
