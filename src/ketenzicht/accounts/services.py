"""Signing in (password and second factor in one step, lockout after failed attempts) and
granting roles (a second person approves a role that opens personal data)."""
from django.conf import settings
from django.contrib.auth import authenticate, login, user_login_failed
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token

from ketenzicht.lib.errors import Refused
from ketenzicht.ratelimit import client_address

from . import access, signals
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
    device = match_token(user, otp_token)
    if device is not None and device.name == DEMO_DEVICE and not settings.DEMO:
        _refuse(request, "login_failed", user, "demo_account")
    if device is None:
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
        if getattr(request, "axes_locked_out", False):
            _refuse(request, "login_locked", user, "otp")
        _refuse(request, "login_failed", user, "otp")
    login(request, user)
    otp_login(request, device)
    signals.audit(user, "login", "user", user.pk, ip=client_address(request))
    return user


class GrantRefused(Refused):
    """A role change the rules do not allow; the message says why, in the user's words."""


def record_grant(actor, assignment, created):
    """A role given or changed by an administrator: a role that opens personal data waits for a
    second person's approval (again, if it changed); every grant is in the access log, in the
    region of the organisation, so the privacy officer sees it."""
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
    signals.audit(actor, "role_withdraw", "user", assignment.user_id, region=assignment.organisation.region_id,
                 role=assignment.role, assignment=assignment.pk)


def revoke_token(actor, token):
    """Revoke an API token for good (a revoked token is never restored), in the log."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    region = next(iter(sorted(token.user.region_ids())), None)
    signals.audit(actor, "token_revoke", "apitoken", token.pk, region=region, holder=token.user_id)
