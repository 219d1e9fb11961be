from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate
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
        from .personal_data import register
        from .request_personal_data import ServiceRequestHolder

        register(ServiceRequestHolder())
        from . import worklists

        worklists.register_own()
        from django.contrib.auth import get_user_model

        m2m_changed.connect(
            roles.forget_roles,
            sender=get_user_model().groups.through,
            dispatch_uid="pontive-forget-roles",
        )
