"""Personal data (UU No. 27 Tahun 2022): the notice people agree to, and its version.

Each reservation or request stores ``PRIVACY_NOTICE_VERSION`` as it was when the
person ticked the consent box. When the notice changes, write a new template
``privacy/notice_<version>.html`` and bump the version; old ones stay readable.
"""

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

PRIVACY_NOTICE_VERSION = "2026-11"
# Years after the service date before personal data is anonymised (setting
# PONTIVE_RETENTION_YEARS); the retention job reads the setting when it runs.
RETENTION_YEARS = settings.PONTIVE["RETENTION_YEARS"]


def _consent_label():
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
        _("I agree that Diskominfo Kota Pontianak processes my data for this service, as the"),
        reverse_lazy("privacy"),
        _("privacy notice"),
    )


class ConsentField(forms.BooleanField):
    """The consent checkbox every public form carries; it must be ticked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", True)
        kwargs.setdefault("label", lazy(_consent_label, str)())
        kwargs.setdefault(
            "error_messages",
            {"required": _("Please agree to the privacy notice; we cannot serve you without it.")},
        )
        super().__init__(**kwargs)
