import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ketenzicht.lib.errors import DomainError
from ketenzicht.ratelimit import address_key, count, exceeded, rate_limited

from . import enrolment, menu, services
from .forms import ChangePasswordForm, CodeForm, LoginForm
from .idle import LAST_SEEN
from .services import LoginFailed, sign_in


def verified_login_required(view):
    """Pages with personal data need a logged-in user who passed the second factor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_verified()):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def login_view(request):
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    status = 200
    if request.method == "POST":
        failures = address_key(request, "login_failed")
        if rate_limited(request, "login", per_minute=30) or exceeded(
                failures, settings.KETENZICHT_LOGIN_FAILURES_PER_ADDRESS):
            form.add_error(None, _("Te veel inlogpogingen vanaf dit adres. Probeer het over een minuut opnieuw."))
            status = 429
        elif form.is_valid():
            try:
                sign_in(request, **form.cleaned_data)
            except LoginFailed as failure:
                if str(failure) == "locked":
                    return render(request, "accounts/locked_out.html", status=429)
                count(failures, settings.KETENZICHT_LOGIN_FAILURES_PER_ADDRESS)
                form.add_error(None, _("Gebruikersnaam, wachtwoord of code klopt niet."))
                status = 400
            else:
                if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                    next_url = ""
                return redirect(next_url or menu.start_page(request.user))
        else:
            status = 400
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def keep_alive(request):
    """"Blijf ingelogd" (static/ketenzicht/session.js): the user is still there, the idle time
    starts again. A session that already ended is not revived (403: log in again)."""
    if not (request.user.is_authenticated and request.user.is_verified()):
        return HttpResponse(status=403)
    request.session[LAST_SEEN] = int(time.time())
    return HttpResponse(status=204)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("public:home")


def admin_login(request, extra_context=None):
    return redirect_to_login(request.get_full_path())


@never_cache
@verified_login_required
def account_view(request):
    """Her own account: her roles, a new password (with the current one), new recovery codes (with
    a code from the app; shown once, on the answer to that request)."""
    password_form = ChangePasswordForm(request.POST if request.POST.get("action") == "password" else None)
    codes_form = CodeForm(request.POST if request.POST.get("action") == "codes" else None, prefix="codes")
    status = 200
    if request.method == "POST":
        status = 400
        if password_form.is_bound and password_form.is_valid():
            try:
                services.change_password(request, password_form.cleaned_data["current_password"],
                                         password_form.cleaned_data["new_password1"])
            except DomainError as refused:
                refused.add_to(password_form)
            except ValidationError as invalid:  # the password rules
                password_form.add_error("new_password1", invalid.messages)
            else:
                messages.success(request, _("Uw wachtwoord is gewijzigd."))
                return redirect("accounts:account")
        elif codes_form.is_bound and codes_form.is_valid():
            try:
                codes = enrolment.regenerate_recovery_codes(request.user, codes_form.cleaned_data["code"])
            except DomainError as refused:
                refused.add_to(codes_form)
            else:
                return render(request, "accounts/recovery_codes.html",
                              {"codes": [enrolment.grouped(c) for c in codes], "enrolled": False})
    roles = request.user.role_assignments.select_related("organisation__region", "municipality").order_by("role")
    return render(request, "accounts/account.html", {"password_form": password_form, "codes_form": codes_form,
                                                     "roles": roles}, status=status)
