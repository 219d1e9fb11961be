from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from reservations.personal_data import register

        from .personal_data import ComplaintHolder, SurveyInvitationHolder

        register(ComplaintHolder())
        register(SurveyInvitationHolder())
        from .worklists import register_worklists

        register_worklists()
