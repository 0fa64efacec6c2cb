import time
from functools import wraps

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.ratelimit import address_key, count, exceeded, rate_limited

from . import menu
from .forms import LoginForm
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
