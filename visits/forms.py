from django.utils.translation import gettext_lazy as _

from reservations.models import Service
from reservations.request_forms import RequestForm


class VisitRequestForm(RequestForm):
    """SOP 002: institution, contact, visitors, date and time, purpose, and the letter."""

    service = Service.VISIT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].label = _("Number of visitors")
        self.fields["purpose"].label = _("Purpose of the visit")
