"""What the shared engine announces, for whoever listens.

The engine and the services send these; other apps (reports, for the satisfaction
survey) subscribe from their ``ready()``. That way the engine and the services name
no app that builds on them.
"""

from django.dispatch import Signal

# A service was delivered to someone (a co-working session ended, a visit or a loan
# took place, a guest was served). Sent inside the delivering action's transaction,
# with keyword arguments: service (reports' Service value: "coworking", "visit", ...),
# subject (a stable key of what was delivered, e.g. "request:12"), email, delivered_on
# (a date) and language ("" for the current one). Receivers must be safe to call twice
# for one subject.
service_delivered = Signal()
