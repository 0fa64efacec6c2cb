"""Signing in (password and second factor in one step, lockout after failed attempts), granting
and withdrawing roles (a second person approves a role that opens personal data), deactivating
accounts and changing one's own password. Invitations and enrolment are in enrolment.py."""
from django.conf import settings
from django.contrib.auth import authenticate, login, password_validation, update_session_auth_hash, user_login_failed
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token

from ketenzicht.lib.errors import Invalid, Refused
from ketenzicht.ratelimit import client_address

from . import access, notices, signals
from .models import DEMO_DEVICE, ApiToken, User


class LoginFailed(Exception):
    pass


def _refuse(request, action, account, reason):
    """Log a refused login against the account it tried (so it lands in the log of that account's
    region, for its privacy officer), with the client address; then refuse. What was typed as an
    unknown username is not kept: it is often a password typed in the wrong field."""
    signals.audit(account, action, "user", account.pk if account else "", reason=reason, ip=client_address(request))
    raise LoginFailed("locked" if action == "login_locked" else "credentials")


def sign_in(request, username, password, otp_token):
    """Log the user in only when password and TOTP code are both right.

    A wrong code counts as a failed login for the lockout (django-axes listens to
    `user_login_failed`), so the second factor cannot be brute-forced either.
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        account = User.objects.filter(username=username).first()
        if getattr(request, "axes_locked_out", False):
            _refuse(request, "login_locked", account, "locked")
        _refuse(request, "login_failed", account, "password" if account else "unknown_user")
    device = match_token(user, otp_token)  # a TOTP code, or a recovery code (used up when it matches)
    if device is not None and device.name == DEMO_DEVICE and not settings.DEMO:
        _refuse(request, "login_failed", user, "demo_account")
    if device is None:
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
        reason = "otp" if otp_token.isdigit() else "recovery_code"
        if getattr(request, "axes_locked_out", False):
            _refuse(request, "login_locked", user, reason)
        _refuse(request, "login_failed", user, reason)
    login(request, user)
    otp_login(request, device)
    signals.audit(user, "login", "user", user.pk, ip=client_address(request))
    return user


class GrantRefused(Refused):
    """A role change the rules do not allow; the message says why, in the user's words."""


def record_grant(actor, assignment, created):
    """A role given or changed by an administrator: a role that opens personal data waits for a
    second person's approval (again, if it changed); every grant is in the access log, in the
    region of the organisation, so the privacy officer sees it. A role over every region is the
    platform operator's to grant."""
    if not access.may_grant(actor, assignment.role):
        raise GrantRefused(_("Alleen de beheerder van het platform kent deze rol toe."))
    if access.needs_second_person(assignment.role):
        assignment.approved_at = assignment.approved_by = None
    else:
        assignment.approved_at, assignment.approved_by = timezone.now(), actor
    assignment.granted_by, assignment.granted_at = actor, timezone.now()
    assignment.save()
    signals.audit(actor, "role_grant" if created else "role_change", "user", assignment.user_id,
                 region=assignment.organisation.region_id, role=assignment.role, assignment=assignment.pk,
                 pending=assignment.approved_at is None)


def approve_role(actor, assignment):
    """The second person: an administrator of the organisation's region (or the platform
    operator), who neither granted the role nor receives it."""
    if assignment.approved_at is not None:
        return assignment
    if actor.pk in (assignment.user_id, assignment.granted_by_id):
        raise GrantRefused(_("Een rol met toegang tot persoonsgegevens keurt een tweede beheerder goed: "
                             "niet wie de rol krijgt of toekende."))
    if not access.administers(actor, assignment.organisation.region_id):
        raise GrantRefused(_("U beheert de regio van deze organisatie niet."))
    assignment.approved_at, assignment.approved_by = timezone.now(), actor
    assignment.save(update_fields=["approved_at", "approved_by"])
    signals.audit(actor, "role_approve", "user", assignment.user_id, region=assignment.organisation.region_id,
                 role=assignment.role, assignment=assignment.pk)
    return assignment


def record_withdrawal(actor, assignment):
    """The log of a role withdrawn in the Django admin (which deletes it itself)."""
    signals.audit(actor, "role_withdraw", "user", assignment.user_id, region=assignment.organisation.region_id,
                 role=assignment.role, assignment=assignment.pk)


def withdraw_by_claim(assignment):
    """A role a sign-in through a region's identity provider gave (ketenzicht.sso) that its group
    claim no longer grants, withdrawn at the next sign-in: no administrator acts, the log says none."""
    record_withdrawal(None, assignment)
    assignment.delete()


def create_external_account(username, email, first_name, last_name):
    """An account a first sign-in through a region's identity provider makes (ketenzicht.sso). It has
    no password here: the provider vouches for the person, and its group claim decides the roles."""
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    return user


def revoke_token(actor, token):
    """Revoke an API token for good (a revoked token is never restored), in the log."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    region = next(iter(sorted(token.user.region_ids())), None)
    signals.audit(actor, "token_revoke", "apitoken", token.pk, region=region, holder=token.user_id)


def manages(actor, user, regions=None):
    """May `actor` act on `user`'s whole account (deactivate it, reset its second factor)? Only
    who administers every region the user holds a role in: someone who also works elsewhere is
    the platform operator's to manage. Nobody manages her own account this way. `regions`: the
    user's regions when the caller read them already (a list page, for all its rows at once)."""
    if actor.pk == user.pk:
        return False
    if actor.is_superuser:
        return True
    if user.is_superuser:
        return False
    if regions is None:
        regions = set(user.role_assignments.values_list("organisation__region_id", flat=True))
    return bool(regions) and regions <= access.managed_region_ids(actor)


@transaction.atomic
def withdraw_role(actor, assignment):
    if not access.administers(actor, assignment.organisation.region_id):
        raise GrantRefused(_("U beheert de regio van deze organisatie niet."))
    record_withdrawal(actor, assignment)
    assignment.delete()


def end_sessions(user):
    """Delete every session of `user` now (a deactivated account is logged out everywhere, not
    only refused on its next request). Sessions carry no user column, so the open ones are read."""
    ended = [s.pk for s in Session.objects.filter(expire_date__gt=timezone.now())
             if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)]
    Session.objects.filter(pk__in=ended).delete()


@transaction.atomic
def deactivate(actor, user):
    """Leaving staff: the account stops at once, its sessions end and its API tokens are revoked.
    The account stays (the access log keeps naming who acted); it is not deleted."""
    if actor.pk == user.pk:
        raise Refused(_("U kunt uw eigen account niet deactiveren; vraag een andere beheerder."))
    if not manages(actor, user):
        raise GrantRefused(_("Deze gebruiker werkt ook in een regio die u niet beheert; de platformbeheerder "
                             "deactiveert het account."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_sessions(user)
    revoked = ApiToken.objects.usable().filter(user=user).update(revoked_at=timezone.now())
    region = next(iter(sorted(user.region_ids())), None)
    signals.audit(actor, "user_deactivate", "user", user.pk, region=region, tokens_revoked=revoked)


def change_password(request, current, new):
    """Her own password, with the current one; the session she changed it in stays logged in."""
    user = request.user
    if not user.check_password(current):
        signals.audit(user, "password_change_refused", "user", user.pk, reason="password")
        raise Invalid(_("Uw huidige wachtwoord klopt niet."), "current_password")
    password_validation.validate_password(new, user)
    with transaction.atomic():
        user.set_password(new)
        user.save(update_fields=["password"])
        signals.audit(user, "password_change", "user", user.pk)
    update_session_auth_hash(request, user)
    notices.password_changed(user)
