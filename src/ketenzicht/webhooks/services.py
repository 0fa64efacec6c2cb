"""Every change of a webhook subscription: make, pause, resume, rotate its secret, delete. Each checks the
access rule, changes in one transaction, and is written to the access log (ids and event types only)."""
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy import audit

from . import access, delivery, signing, ssrf
from .models import Delivery, Event, Subscription

ROTATION_OVERLAP = timedelta(hours=24)  # the previous secret signs beside the new one this long


def _check(actor, region):
    if not access.manages(actor, region):
        audit.record(actor, "denied", "webhook_subscription", "", reason="manage", region=region.pk)
        raise PermissionDenied


def check_url(url):
    try:
        ssrf.check(url)
    except ssrf.Refused as refused:
        raise Invalid(refused.message, "url") from None


def _validate(region, organisation, url, events):
    errors = {}
    if organisation is None or organisation.region_id != region.pk or not organisation.active:
        errors["organisation"] = [_("Kies een actieve organisatie uit deze regio.")]
    if not events or any(e not in Event.values for e in events):
        errors["events"] = [_("Kies ten minste één gebeurtenis.")]
    if len(url or "") > 500:
        errors["url"] = [_("Het adres is te lang (hoogstens 500 tekens).")]
    else:
        try:
            check_url(url or "")
        except Invalid as invalid:
            errors.update(invalid.errors)
    if errors:
        raise Invalid(errors=errors)


def create(actor, region, organisation, url, events):
    """A new subscription and its secret, which is returned here and never shown again."""
    _check(actor, region)
    events = list(dict.fromkeys(events or ()))
    _validate(region, organisation, url, events)
    secret = signing.new_secret()
    with transaction.atomic():
        subscription = Subscription.objects.create(region=region, organisation=organisation, url=url.strip(),
                                                   events=events, secret=secret, created_by=actor)
        audit.record(actor, "webhook_create", "webhook_subscription", subscription.pk, region=region.pk,
                     organisation=organisation.pk, events=events)
    return subscription, secret


def pause(actor, subscription):
    _check(actor, subscription.region)
    with transaction.atomic():
        Subscription.objects.filter(pk=subscription.pk).update(
            active=False, paused_at=timezone.now(), paused_reason=gettext_noop("Gepauzeerd door de beheerder."))
        audit.record(actor, "webhook_pause", "webhook_subscription", subscription.pk, region=subscription.region_id)


def resume(actor, subscription):
    """Active again, with a clean slate of failures: what waited is sent at once."""
    _check(actor, subscription.region)
    with transaction.atomic():
        Subscription.objects.filter(pk=subscription.pk).update(
            active=True, paused_at=None, paused_reason="", consecutive_failures=0, failing_since=None)
        subscription.deliveries.filter(status=Delivery.Status.PENDING).update(next_attempt_at=timezone.now())
        audit.record(actor, "webhook_resume", "webhook_subscription", subscription.pk, region=subscription.region_id)
        transaction.on_commit(delivery.deliver_soon)


def rotate_secret(actor, subscription):
    """A new secret, returned once; the old one keeps signing beside it for ROTATION_OVERLAP."""
    _check(actor, subscription.region)
    secret = signing.new_secret()
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
        locked.previous_secret, locked.previous_until = locked.secret, timezone.now() + ROTATION_OVERLAP
        locked.secret = secret
        locked.save(update_fields=["secret", "previous_secret", "previous_until"])
        audit.record(actor, "webhook_rotate", "webhook_subscription", subscription.pk, region=subscription.region_id)
    return secret


def delete(actor, subscription):
    """The subscription and its log are deleted; the access log keeps that it was."""
    _check(actor, subscription.region)
    with transaction.atomic():
        audit.record(actor, "webhook_delete", "webhook_subscription", subscription.pk, region=subscription.region_id,
                     organisation=subscription.organisation_id)
        subscription.delete()
