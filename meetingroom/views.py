"""The public meeting-room loan request page (service 12, SOP 001)."""

from django.views.decorators.http import require_http_methods

from reservations.models import Service
from reservations.ratelimit import rate_limited
from reservations.request_views import request_page

from .forms import LoanRequestForm


@rate_limited("loan-request", limit=10, per_seconds=600)
@require_http_methods(["GET", "POST"])
def request_loan(request):
    return request_page(
        request,
        service=Service.MEETING_ROOM,
        form_class=LoanRequestForm,
        template="meetingroom/request.html",
    )
