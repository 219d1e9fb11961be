"""The Django admin, logging in through the staff login and honouring two-factor login."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpResponseRedirect
from django.urls import reverse


class PontiveAdminSite(AdminSite):
    def login(self, request, extra_context=None):
        # One login for the whole portal: throttled, with the one-time code step.
        from .staff_auth import staff_login

        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        return staff_login(request)

    def has_permission(self, request):
        from . import twofactor  # models are not loaded when this module is

        return super().has_permission(request) and twofactor.is_satisfied(request)


class PontiveAdminConfig(AdminConfig):
    default_site = "reservations.admin_site.PontiveAdminSite"
