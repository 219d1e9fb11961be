"""The public visit request page (service 13, SOP 002)."""

from django.views.decorators.http import require_http_methods

from reservations.models import Service
from reservations.ratelimit import rate_limited
from reservations.request_views import request_page

from .forms import VisitRequestForm


@rate_limited("visit-request", limit=10, per_seconds=600)
@require_http_methods(["GET", "POST"])
def request_visit(request):
    return request_page(
        request, service=Service.VISIT, form_class=VisitRequestForm, template="visits/request.html"
    )
