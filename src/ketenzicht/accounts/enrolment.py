"""Getting an account without anyone at the shell: an administrator invites a person by e-mail with
their roles; the person sets a password and enrols a TOTP app and recovery codes through the link.
A lost device is replaced the same way (the administrator sends a fresh link), a lost password
through a reset link that still asks for the second factor, so neither bypasses it.

The username is the e-mail address: people remember it, it is unique per person without a naming
convention every region would invent anew, and an administrator cannot mistype someone into
another's account name.
"""
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.lib.errors import Invalid, Refused

from . import access, notices, signals
from .models import DEMO_DEVICE, INVITATION_DAYS, Invitation, RoleAssignment, User, hash_token
from .services import GrantRefused, manages, record_grant

RECOVERY = "recovery"  # the name of a user's static device holding their recovery codes
RECOVERY_CODES = 10
APP = "app"  # the name of a TOTP device enrolled through the pages


class InvitationRefused(Refused):
    """A link that was used already, expired or never existed: the page says which, nothing changes."""


def _link(path):
    """Links in e-mails point at the installation's own address, never at the Host header of the
    request that triggered them (a forged header would send the reset link elsewhere)."""
    return settings.KETENZICHT_BASE_URL.rstrip("/") + path


def invitation_link(plain):
    return _link(reverse("accounts:invitation", kwargs={"token": plain}))


def _send(user, subject, body):
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def _mail_invitation(user, plain, purpose):
    if purpose == Invitation.Purpose.SECOND_FACTOR:
        subject = _("Ketenzicht: stel uw tweede factor opnieuw in")
        intro = _("Uw beheerder heeft uw tweede factor opnieuw ingesteld. Koppel uw authenticator-app opnieuw via "
                  "deze link:")
    else:
        subject = _("Uitnodiging voor Ketenzicht")
        intro = _("U bent uitgenodigd voor Ketenzicht. Kies een wachtwoord en koppel uw authenticator-app via deze "
                  "link:")
    outro = _("De link werkt één keer en is %(days)d dagen geldig. Verwachtte u deze e-mail niet? Dan kunt u hem "
              "negeren.") % {"days": INVITATION_DAYS}
    _send(user, subject, f"{intro}\n\n{invitation_link(plain)}\n\n{outro}\n")


@transaction.atomic
def invite(actor, region, first_name, last_name, email, roles):
    """Create the account (no password yet: it cannot log in) with its roles, each through the
    grant rules (a role that opens personal data waits for a second administrator), and e-mail
    the enrolment link. `roles`: [{"role", "organisation", "municipality"}], all of `region`."""
    if not access.administers(actor, region.pk):
        raise GrantRefused(_("U beheert deze regio niet."))
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
        raise Invalid(_("Er is al een account met dit e-mailadres."), "email")
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    for given in roles:
        organisation, municipality = given["organisation"], given.get("municipality")
        if organisation.region_id != region.pk or (municipality and municipality.region_id != region.pk):
            raise Invalid(_("Kies een organisatie en gemeente uit deze regio."), "organisation")
        assignment = RoleAssignment(user=user, role=given["role"], organisation=organisation,
                                    municipality=municipality)
        assignment.clean()
        record_grant(actor, assignment, created=True)
    invitation, plain = Invitation.issue(user, created_by=actor)
    signals.audit(actor, "invitation_send", "user", user.pk, region=region.pk, invitation=invitation.pk)
    _mail_invitation(user, plain, invitation.purpose)
    return invitation


@transaction.atomic
def invite_operator(email):
    """The first platform administrator of a new installation (`ketenzicht create_operator`):
    a superuser without password, and the link to enrol, returned to print."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(username__iexact=email).exists():
        raise Invalid(_("Er is al een account met dit e-mailadres."), "email")
    user = User(username=email, email=email, is_staff=True, is_superuser=True)
    user.set_unusable_password()
    user.save()
    invitation, plain = Invitation.issue(user)
    signals.audit(None, "invitation_send", "user", user.pk, invitation=invitation.pk, operator=True)
    return invitation_link(plain)


def open_invitation(plain, request_address=""):
    """The invitation behind a link, if it may still be used; else refused with the reason, logged."""
    invitation = Invitation.objects.select_related("user").filter(token_hash=hash_token(plain)).first()
    reason = None
    if invitation is None:
        reason, message = "unknown", _("Deze link is niet (meer) geldig. Vraag uw beheerder om een nieuwe uitnodiging.")
    elif invitation.used_at is not None:
        reason, message = "used", _("Deze link is al gebruikt. Een uitnodiging werkt één keer; vraag uw beheerder om "
                                    "een nieuwe als u nog geen toegang hebt.")
    elif invitation.expired or not invitation.user.is_active:
        reason, message = "expired", _("Deze link is verlopen. Vraag uw beheerder om een nieuwe uitnodiging.")
    if reason:
        signals.audit(None, "invitation_refused", "user", invitation.user_id if invitation else "",
                      reason=reason, ip=request_address)
        raise InvitationRefused(message)
    return invitation


def accept(invitation, password):
    """The first step at the link: a new account sets its password (the baseline's rules); a
    second-factor link asks for the current one, so a mailbox alone does not open the account.
    The link is used up here; the enrolment goes on in this browser session with the returned,
    still unconfirmed, TOTP device."""
    user = invitation.user
    if invitation.purpose == Invitation.Purpose.ACCOUNT:
        password_validation.validate_password(password, user)
    elif not user.check_password(password):
        signals.audit(user, "invitation_refused", "user", user.pk, reason="password")
        raise Invalid(_("Het wachtwoord klopt niet."), "password")
    with transaction.atomic():
        used = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=timezone.now())
        if used:
            if invitation.purpose == Invitation.Purpose.ACCOUNT:
                user.set_password(password)
                user.save(update_fields=["password"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            signals.audit(user, "invitation_accept", "user", user.pk, invitation=invitation.pk,
                          purpose=invitation.purpose)
            return TOTPDevice.objects.create(user=user, name=APP, confirmed=False)
    signals.audit(None, "invitation_refused", "user", user.pk, reason="used")
    raise InvitationRefused(_("Deze link is al gebruikt."))


def confirm_device(device, code):
    """The app shows the right code: this device is the user's second factor from now on (any
    earlier one is deleted) and the user gets fresh recovery codes, returned to show once. A wrong
    code is logged and counts for the device's throttle (checked outside the transaction, so
    neither is undone by the refusal)."""
    if device.confirmed:
        raise Refused(_("Deze app is al gekoppeld."))
    if not device.verify_token(normalise_code(code)):
        signals.audit(device.user, "device_confirm_failed", "user", device.user_id)
        raise Invalid(_("De code klopt niet. Controleer de tijd op uw telefoon en voer de nieuwste code in."), "code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        signals.audit(device.user, "device_enrol", "user", device.user_id)
        codes = _new_recovery_codes(device.user)
    notices.device_enrolled(device.user)
    return codes


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def grouped(text, size=4):
    """A code or secret in groups of four, for reading aloud and typing over."""
    return " ".join(text[i:i + size] for i in range(0, len(text), size))


def normalise_code(code):
    """A recovery code as typed ("ABCD EFGH", "abcd-efgh") as stored; a TOTP code as it is."""
    return "".join(c for c in code.lower() if c.isalnum())


def regenerate_recovery_codes(user, code):
    """New recovery codes (the old ones stop working), after a code from the app."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(normalise_code(code)):
        signals.audit(user, "recovery_codes_refused", "user", user.pk)
        raise Invalid(_("De code uit uw authenticator-app klopt niet."), "code")
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        signals.audit(user, "recovery_codes_new", "user", user.pk)
    notices.recovery_codes_renewed(user)
    return codes


def second_factor(user, code):
    """The user's device that accepts `code` (TOTP or a recovery code, used up), or None. A demo
    device opens nothing outside demo mode."""
    device = match_token(user, normalise_code(code))
    if device is not None and device.name == DEMO_DEVICE and not settings.DEMO:
        return None
    return device


def request_password_reset(email, request_address=""):
    """E-mail a reset link to the active account with this address, if there is one; the caller
    answers the same either way, so the form tells nobody which addresses have an account."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not user.has_usable_password():
        signals.audit(None, "password_reset_request", "user", "", reason="unknown", ip=request_address)
        return
    path = reverse("accounts:password_reset", kwargs={"uid": urlsafe_base64_encode(force_bytes(user.pk)),
                                                      "token": default_token_generator.make_token(user)})
    _send(user, _("Ketenzicht: nieuw wachtwoord instellen"),
          _("Iemand (hopelijk u) vroeg een nieuw wachtwoord aan voor Ketenzicht. Stel het in via deze link; u hebt "
            "daarbij de code uit uw authenticator-app of een herstelcode nodig:") + f"\n\n{_link(path)}\n\n"
          + _("Vroeg u niets aan? Dan kunt u deze e-mail negeren; uw wachtwoord blijft hetzelfde.") + "\n")
    signals.audit(user, "password_reset_request", "user", user.pk, ip=request_address)


def reset_password(user, password, code, request_address=""):
    """A new password from the reset link, only with the second factor too. The password is
    checked first, so a recovery code is not used up by a password the rules refuse."""
    password_validation.validate_password(password, user)
    if second_factor(user, code) is None:
        signals.audit(user, "password_reset_refused", "user", user.pk, reason="otp", ip=request_address)
        raise Invalid(_("De code klopt niet. Gebruik de code uit uw authenticator-app of een ongebruikte "
                        "herstelcode."), "code")
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        signals.audit(user, "password_reset", "user", user.pk, ip=request_address)
    notices.password_changed(user)


@transaction.atomic
def reset_second_factor(actor, user):
    """A lost device: the administrator deletes the user's second factors (app and recovery codes)
    and the user gets a fresh link to enrol a new one. Not for one's own account: someone who
    could reset her own would need no device at all."""
    if actor.pk == user.pk:
        raise Refused(_("Uw eigen tweede factor stelt een andere beheerder opnieuw in."))
    if not manages(actor, user):
        raise GrantRefused(_("Deze gebruiker werkt ook in een regio die u niet beheert; de platformbeheerder "
                             "stelt de tweede factor opnieuw in."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    purpose = Invitation.Purpose.SECOND_FACTOR if user.has_usable_password() else Invitation.Purpose.ACCOUNT
    invitation, plain = Invitation.issue(user, created_by=actor, purpose=purpose)
    region = next(iter(sorted(user.region_ids())), None)
    signals.audit(actor, "second_factor_reset", "user", user.pk, region=region, invitation=invitation.pk)
    _mail_invitation(user, plain, purpose)
    return invitation
