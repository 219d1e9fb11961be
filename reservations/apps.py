from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReservationsConfig(AppConfig):
    name = "reservations"
    verbose_name = _("Service calendar and requests")

    def ready(self):
        from . import audit, calendar, roles

        # Permissions exist only after every app migrated, so the grants that
        # roles.ROLE_PERMISSIONS declares are applied after each migrate.
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="pontive-roles")
        # Also after a test flush, which empties what migrations created.
        post_migrate.connect(
            calendar.ensure_default_rules, sender=self, dispatch_uid="pontive-default-rules"
        )
        audit.connect()
