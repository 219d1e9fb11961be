from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The public entry page of each service, by URL name, in the order the home page shows them.
SERVICE_PAGES = [
    (
        "coworking:reserve",
        _("Co-working desk"),
        _("Reserve a desk in the Start Up Hub for up to 7 hours and get your QR code at once."),
    ),
    (
        "visits:request",
        _("Visit the centre"),
        _("Ask to bring your school, campus or organisation to see the Pontive Center."),
    ),
    (
        "meetingroom:request",
        _("Borrow the meeting room"),
        _("Ask to use the Pontive Center meeting room and its equipment for your event."),
    ),
]


def services(request):
    links = []
    for url_name, label, description in SERVICE_PAGES:
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # that service is not installed in this deployment
            continue
        links.append({"url": url, "label": label, "description": description})
    return {"service_links": links}
