"""Staff login: password, then (when due) a one-time code; throttled; the lockout page.

The admin's login is this same view (see ``admin_site``), so both are throttled
by django-axes, both ask for the code, and both are recorded in the audit log.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from . import twofactor
from .ratelimit import rate_limited
from .twofactor import TwoFactorError


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for every login that comes with a request.

    ``authenticate()`` without a request (a shell, the test client's ``login``)
    is no web login and has no address to count against, so it is let through
    to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once an account is locked for this address: a readable page."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": max(1, seconds // 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


ERRORS = {
    "wrong_code": gettext_lazy(
        "That code is not right. Type the code your app shows now; if it keeps failing, "
        "check that your phone's clock is set automatically."
    ),
    "setup_expired": gettext_lazy("This setup page has expired. Scan the new QR code."),
    "required": gettext_lazy(
        "The office requires two-factor login for your role, so it cannot be turned off."
    ),
    "no_device": gettext_lazy("No authenticator app is set up for this account."),
}


def error_message(error: TwoFactorError) -> str:
    if error.code == "throttled":
        return _("Too many wrong codes. Wait %(seconds)d seconds, then try again.") % {
            "seconds": error.wait_seconds
        }
    return str(ERRORS[error.code])


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "form-control-lg",
            }
        ),
    )

    def clean_code(self):
        digits = "".join(ch for ch in self.cleaned_data["code"] if not ch.isspace())
        if len(digits) != 6 or not digits.isdigit():
            raise forms.ValidationError(_("Enter the six digits your app shows."))
        return digits


@method_decorator(never_cache, name="dispatch")
@method_decorator(
    rate_limited("staff-login", limit=settings.LOGIN_RATE_LIMIT, per_seconds=600),
    name="dispatch",
)
class StaffLoginView(LoginView):
    """Username and password; a login that owes a one-time code goes on to that step."""

    template_name = "registration/login.html"
    http_method_names = ["get", "head", "post"]

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.is_required(user) or twofactor.device_of(user) is not None:
            twofactor.begin(self.request, user, next_url=self.get_success_url())
            if twofactor.device_of(user) is not None:
                return redirect("login-code")
            return redirect("two-factor-setup")
        self.request.pontive_login_method = "password"
        twofactor.fresh_login(self.request, form.get_user())
        return HttpResponseRedirect(self.get_success_url())


staff_login = StaffLoginView.as_view()


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step: the code from the authenticator app."""
    state = twofactor.pending(request)
    if state is None:
        messages.info(request, _("Please log in again."))
        return redirect("login")
    if not state.has_device:
        return redirect("two-factor-setup")
    credentials = {"username": state.user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return locked_out(request, None, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.verify_code(user=state.user, token=form.cleaned_data["code"])
        except TwoFactorError as error:
            if error.code == "wrong_code":
                # Counted like a wrong password: enough of them lock the login.
                request.pontive_failure = "wrong one-time code"
                user_login_failed.send(__name__, credentials=credentials, request=request)
                if getattr(request, "axes_locked_out", False):
                    return locked_out(request, None, credentials)
            form.add_error("code", error_message(error))
        else:
            twofactor.finish(request, state.user, device, method="password and one-time code")
            return redirect(state.next_url)
    return render(request, "registration/login_code.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Scan a QR code, type the first code: from the staff area, or as part of a login."""
    state = None
    if request.user.is_authenticated:
        user = request.user
    else:
        state = twofactor.pending(request)
        if state is None:
            return redirect("login")
        user = state.user
    device = twofactor.start_enrolment(request, user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = form.cleaned_data["code"]
            device = twofactor.confirm_enrolment(request, user=user, token=code)
        except TwoFactorError as error:
            form.add_error("code", error_message(error))
            device = twofactor.start_enrolment(request, user=user)
        else:
            if state is not None:
                twofactor.finish(request, user, device, method="password and new authenticator app")
                return redirect(state.next_url)
            otp_login(request, device)
            messages.success(request, _("Two-factor login is on for your account."))
            return redirect("two-factor")
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": twofactor.qr_data_uri(device),
            "secret": twofactor.secret_for_typing(device),
            "during_login": state is not None,
            "required": twofactor.is_required(user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Where staff see whether their login asks for a code, and turn it on or off."""
    user = request.user
    if request.method == "POST":
        try:
            twofactor.remove(request, user=user)
        except TwoFactorError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("Two-factor login is off for your account."))
        return redirect("two-factor")
    device = twofactor.device_of(user)
    return render(
        request,
        "registration/two_factor.html",
        {"device": device, "required": twofactor.is_required(user)},
    )
