"""Signing in through the region's identity provider, and the page where the region sets it up.

The flow: `start` (mozilla-django-oidc's request view, with the chosen region's provider) sends the
browser to the provider with a state, a nonce and a PKCE challenge kept in the session; `callback`
exchanges the code, has RegionBackend validate the ID token and services.accept match the account
and its roles; then either the provider's MFA counts (the session is verified with the
ProviderFactor device, as django-otp verifies it after a code) or `code` asks for Ketenzicht's own
TOTP code before anyone is logged in."""
import time
from urllib.parse import parse_qs, urlparse

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, user_login_failed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ketenzicht.accounts import menu
from ketenzicht.accounts.models import DEMO_DEVICE, User
from ketenzicht.accounts.signals import audit
from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.errors import DomainError
from ketenzicht.ratelimit import client_address, rate_limited
from ketenzicht.regions.models import Region

from . import access, services
from .backend import RegionBackend, provider_settings
from .forms import CodeForm, DomainForm, MappingForm, ProviderForm
from .models import GroupMapping, ProviderConfig
from .refusals import LoginRefused

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PENDING = "sso_pending"  # the account waiting for its TOTP code, with when and how many tries
STATES = "sso_states"  # state -> the provider the sign-in was started with
PENDING_SECONDS = 300
PENDING_TRIES = 5


def choose(request):
    """"Inloggen via uw organisatie": a button per region that offers it, or the e-mail domain."""
    providers = ProviderConfig.objects.filter(enabled=True).select_related("region").order_by("region__name")
    form = DomainForm(request.POST or None)  # posted: an e-mail address stays out of addresses and logs
    status = 200
    if form.is_valid():
        domain = form.cleaned_data["email"].rsplit("@", 1)[1].lower()
        match = next((p for p in providers if domain in p.domains()), None)
        if match:
            return redirect("sso:start", region=match.region.slug)
        form.add_error("email", _("Voor het domein %(domain)s is geen inloggen via de organisatie ingesteld. Kies "
                                  "hieronder uw regio of log in met uw wachtwoord.") % {"domain": domain})
        status = 400
    elif form.is_bound:
        status = 400
    return render(request, "sso/choose.html", {"providers": providers, "form": form}, status=status)


class StartView(OIDCAuthenticationRequestView):
    """The library's authorization request, with the provider of the region in the address."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the library's reads one provider from the settings; see get()

    def get_settings(self, attr, *args):
        if attr in self.own:
            return self.own[attr]
        return import_from_settings(attr, *args)

    def get(self, request, region):
        provider = get_object_or_404(ProviderConfig, region__slug=region, enabled=True)
        self.own = {**provider_settings(provider), "OIDC_USE_NONCE": True}
        self.OIDC_OP_AUTH_ENDPOINT = provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response = super().get(request)
        state = parse_qs(urlparse(response.url).query)["state"][0]
        states = request.session.get(STATES, {})
        states[state] = provider.pk
        request.session[STATES] = dict(list(states.items())[-10:])
        return response


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back. Every refusal is shown in Dutch and logged."""

    def get(self, request):
        state = request.GET.get("state", "")
        states = request.session.get(STATES, {})
        flows = request.session.get("oidc_states", {})
        provider_pk, flow = states.pop(state, None), flows.pop(state, None)
        request.session[STATES], request.session["oidc_states"] = states, flows  # a state is used once
        provider = ProviderConfig.objects.filter(pk=provider_pk, enabled=True).select_related("region").first()
        try:
            if provider is None or flow is None:
                raise LoginRefused("state")
            if request.GET.get("error"):
                raise LoginRefused("denied", error=request.GET["error"][:100])
            if not request.GET.get("code"):
                raise LoginRefused("provider", error="no_code")
            accepted = RegionBackend(provider).authenticate(
                request, nonce=flow.get("nonce"), code_verifier=flow.get("code_verifier"))
            if accepted is None:
                raise LoginRefused("token")
            self.user, self.accepted, self.provider = accepted.user, accepted, provider
            if accepted.mfa:
                return self.login_success()
            if not TOTPDevice.objects.filter(user=accepted.user, confirmed=True).exists():
                raise LoginRefused("no_device", user=accepted.user)
        except LoginRefused as refusal:
            services.refuse(provider, refusal, client_address(request))
            return render(request, "sso/refused.html", {"message": refusal.message}, status=400)
        request.session[PENDING] = {"user": accepted.user.pk, "provider": provider.pk, "at": time.time(), "tries": 0}
        return redirect("sso:code")

    @property
    def success_url(self):
        return self.request.session.get("oidc_login_next") or menu.start_page(self.user)

    def login_success(self):
        """The provider's MFA counts: logged in, and verified with the device that stands for it."""
        self.user.backend = MODEL_BACKEND
        response = super().login_success()
        otp_login(self.request, services.provider_factor(self.user, self.provider))
        audit(self.user, "login", "user", self.user.pk, ip=client_address(self.request), via="sso",
              region=self.provider.region_id, mfa="provider")
        return response


def code(request):
    """Ketenzicht's own second factor after a sign-in whose provider did not attest MFA."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS or pending["tries"] >= PENDING_TRIES:
        request.session.pop(PENDING, None)
        messages.error(request, _("Uw aanmelding via uw organisatie is verlopen. Begin opnieuw."))
        return redirect("sso:choose")
    user = get_object_or_404(User, pk=pending["user"], is_active=True)
    provider = get_object_or_404(ProviderConfig, pk=pending["provider"])
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if rate_limited(request, "login", per_minute=30):
            form.add_error(None, _("Te veel inlogpogingen vanaf dit adres. Probeer het over een minuut opnieuw."))
            status = 429
        elif AxesProxyHandler.is_locked(request, {"username": user.username}):
            request.session.pop(PENDING, None)
            audit(user, "login_locked", "user", user.pk, reason="otp", ip=client_address(request), via="sso",
                  region=provider.region_id)
            return render(request, "accounts/locked_out.html", status=429)
        elif form.is_valid():
            device = match_token(user, form.cleaned_data["otp_token"])
            if device is not None and not (device.name == DEMO_DEVICE and not settings.DEMO):
                request.session.pop(PENDING, None)
                login(request, user, backend=MODEL_BACKEND)
                otp_login(request, device)
                audit(user, "login", "user", user.pk, ip=client_address(request), via="sso",
                      region=provider.region_id, mfa="totp")
                return redirect(menu.start_page(user))
            pending["tries"] += 1
            request.session[PENDING] = pending
            user_login_failed.send(sender=__name__, credentials={"username": user.username}, request=request)
            audit(user, "login_failed", "user", user.pk, reason="otp", ip=client_address(request), via="sso",
                  region=provider.region_id)
            form.add_error("otp_token", _("Deze code klopt niet. Typ de code die uw app nu toont."))
            status = 400
        else:
            status = 400
    return render(request, "sso/code.html", {"form": form, "provider": provider}, status=status)


@verified_login_required
def settings_page(request, region):
    region = get_object_or_404(Region, slug=region)
    if not access.configures(request.user, region):
        raise Http404  # another region's set-up is not theirs to learn of
    provider = ProviderConfig.objects.filter(region=region).first()
    form = ProviderForm(instance=provider, stored_secret=bool(provider and provider.client_secret))
    mapping_form = MappingForm(region=region)
    status, refused = 200, []
    if request.method == "POST":
        action = request.POST.get("action")
        stored = bool(provider and provider.client_secret)
        try:
            if action == "provider":
                form = ProviderForm(request.POST, instance=provider, stored_secret=stored)
                if form.is_valid():
                    services.save_provider(request.user, region, {name: form.cleaned_data[name]
                                                                  for name in ProviderForm.Meta.fields})
                    messages.success(request, _("De inlogvoorziening is opgeslagen."))
                    return redirect("sso:settings", region=region.slug)
            elif provider is None:
                raise Http404
            elif action == "mapping":
                mapping_form = MappingForm(request.POST, region=region)
                if mapping_form.is_valid():
                    services.add_mapping(request.user, provider, **mapping_form.cleaned_data)
                    messages.success(request, _("De koppeling is toegevoegd."))
                    return redirect("sso:settings", region=region.slug)
            elif action in ("approve", "remove"):
                mapping = get_object_or_404(GroupMapping, provider=provider, pk=request.POST.get("mapping") or 0)
                if action == "approve":
                    services.approve_mapping(request.user, mapping)
                    messages.success(request, _("De koppeling is goedgekeurd."))
                else:
                    services.remove_mapping(request.user, mapping)
                    messages.success(request, _("De koppeling is verwijderd."))
                return redirect("sso:settings", region=region.slug)
        except DomainError as error:
            if action == "provider":
                error.add_to(form)
            elif action == "mapping":
                error.add_to(mapping_form)
            else:
                refused = [error.message]
        status = 400
    mappings = GroupMapping.objects.filter(provider=provider).select_related(
        "organisation", "municipality", "created_by", "approved_by") if provider else []
    return render(request, "sso/settings.html", {
        "region": region, "provider": provider, "form": form, "mapping_form": mapping_form, "mappings": mappings,
        "callback_url": request.build_absolute_uri(reverse("sso:callback")), "refused": refused,
    }, status=status)
