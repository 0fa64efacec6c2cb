"""The pages behind an e-mailed link: enrolment (password, TOTP app, recovery codes) and the
password reset. Nobody is logged in here; each page checks its link or its session step."""
from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.lib.errors import DomainError
from ketenzicht.ratelimit import client_address, rate_limited

from . import enrolment, signals
from .forms import CodeForm, CurrentPasswordForm, ForgotPasswordForm, ResetPasswordForm, SetPasswordForm
from .models import Invitation, User

ENROLLING = "kz_enrol_device"  # the session's step: the pk of the TOTP device being enrolled


def _refused(request, message, status=410):
    return render(request, "accounts/link_refused.html", {"message": message}, status=status)


@never_cache
def invitation_view(request, token):
    try:
        invitation = enrolment.open_invitation(token, client_address(request))
    except enrolment.InvitationRefused as refused:
        return _refused(request, refused.message)
    new_account = invitation.purpose == Invitation.Purpose.ACCOUNT
    form = (SetPasswordForm if new_account else CurrentPasswordForm)(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            password = form.cleaned_data["new_password1" if new_account else "password"]
            try:
                device = enrolment.accept(invitation, password)
            except enrolment.InvitationRefused as refused:
                return _refused(request, refused.message)
            except DomainError as refused:
                refused.add_to(form)
            except ValidationError as invalid:  # the password rules, on the password field
                form.add_error("new_password1", invalid.messages)
            else:
                request.session.cycle_key()
                request.session[ENROLLING] = device.pk
                return redirect("accounts:enrol_device")
    return render(request, "accounts/invitation.html", {"form": form, "invitation": invitation,
                                                        "new_account": new_account}, status=status)


@never_cache
def enrol_device_view(request):
    """The QR code and the secret, shown only in the session that used the link and only until the
    app is confirmed; after that nobody sees them again (not the user, not an administrator)."""
    device = TOTPDevice.objects.filter(pk=request.session.get(ENROLLING), confirmed=False).select_related(
        "user").first()
    if device is None:
        return _refused(request, _("Er is hier niets (meer) te koppelen. Begin opnieuw met de link uit uw e-mail, "
                                   "of vraag uw beheerder om een nieuwe."), status=404)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                codes = enrolment.confirm_device(device, form.cleaned_data["code"])
            except DomainError as refused:
                refused.add_to(form)
            else:
                del request.session[ENROLLING]
                return render(request, "accounts/recovery_codes.html",
                              {"codes": [enrolment.grouped(c) for c in codes], "enrolled": True})
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)
    secret = enrolment.grouped(b32encode(device.bin_key).decode())
    return render(request, "accounts/enrol_device.html", {"form": form, "qr": qr, "secret": secret,
                                                          "account": device.user.get_username()}, status=status)


def forgot_password_view(request):
    """The same answer whether or not the address has an account; rate-limited per address."""
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, "password_forgot", per_minute=5):
            signals.audit(None, "password_reset_limited", "user", "", ip=client_address(request))
            form.add_error(None, _("Te veel aanvragen vanaf dit adres. Probeer het over een minuut opnieuw."))
            return render(request, "accounts/forgot_password.html", {"form": form}, status=429)
        if form.is_valid():
            enrolment.request_password_reset(form.cleaned_data["email"], client_address(request))
            return render(request, "accounts/forgot_password_sent.html")
        return render(request, "accounts/forgot_password.html", {"form": form}, status=400)
    return render(request, "accounts/forgot_password.html", {"form": form})


def _reset_user(uid, token):
    try:
        user = User.objects.filter(pk=force_str(urlsafe_base64_decode(uid)), is_active=True).first()
    except (ValueError, TypeError):
        return None
    return user if user is not None and default_token_generator.check_token(user, token) else None


@never_cache
def password_reset_view(request, uid, token):
    user = _reset_user(uid, token)
    if user is None:
        signals.audit(None, "password_reset_refused", "user", "", reason="link", ip=client_address(request))
        return _refused(request, _("Deze link om uw wachtwoord te herstellen is niet (meer) geldig. Vraag een nieuwe "
                                   "aan."))
    form = ResetPasswordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if rate_limited(request, "password_reset", per_minute=10):
            form.add_error(None, _("Te veel pogingen vanaf dit adres. Probeer het over een minuut opnieuw."))
            status = 429
        elif form.is_valid():
            try:
                enrolment.reset_password(user, form.cleaned_data["new_password1"], form.cleaned_data["code"],
                                         client_address(request))
            except DomainError as refused:
                refused.add_to(form)
            except ValidationError as invalid:  # the password rules, on the password field
                form.add_error("new_password1", invalid.messages)
            else:
                messages.success(request, _("Uw wachtwoord is gewijzigd. Log in met het nieuwe wachtwoord."))
                return redirect("accounts:login")
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)
