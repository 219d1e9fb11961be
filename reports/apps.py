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

        # Every delivered service (co-working, visits, loans, guests) is asked for the
        # satisfaction survey; the services announce it and name no report.
        from reservations.signals import service_delivered

        from .actions import invite_to_survey_on_delivery

        service_delivered.connect(invite_to_survey_on_delivery, dispatch_uid="reports.survey")
