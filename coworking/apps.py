from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoworkingConfig(AppConfig):
    name = "coworking"
    verbose_name = _("Co-working space")
