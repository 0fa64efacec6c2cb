"""The acute route (seed 001 section 2.2) and calling in the care coordinator.

When immediate action is needed, police, the public prosecutor, the mayor and the care
coordinator each act alone first, under their own authority, and record what they did; the
municipality and the table hear of it afterwards. Separately, a liaison may call in the region's
care coordinator on a signal without escalating it.

Neither changes the signal itself (no version is bumped, so no If-Match): each adds its own row,
at most once, and a second attempt is refused with who did it first.
"""
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ketenzicht.lib.errors import Conflict, Invalid
from ketenzicht.notifications.services import notify
from ketenzicht.privacy import audit, policy

from . import access
from .models import MAX_INTERVENTION, AcuteIntervention, CareCallIn, Signal

# A clock a few minutes ahead is no reason to refuse a time someone typed.
CLOCK_SLACK = timedelta(minutes=5)

# Told when an intervention is recorded, beside the municipality's liaisons: filled in by the app
# that keeps the tables (intake sits below cases). `listener(user, signal, intervention)` runs
# inside the recording's transaction.
_listeners = []


def on_recorded(listener):
    _listeners.append(listener)


def _url(signal):
    return reverse("intake:acute_route", args=[signal.pk])


def _clean_text(text, field, empty_message):
    text = (text or "").strip()
    if not text:
        raise Invalid(empty_message, field)
    if len(text) > MAX_INTERVENTION:
        raise Invalid(_("De tekst is te lang: ten hoogste %(limit)s tekens, nu %(length)s.") % {
            "limit": formats.number_format(MAX_INTERVENTION, force_grouping=True),
            "length": formats.number_format(len(text), force_grouping=True)}, field)
    return text


def _refuse(user, signal, reason):
    audit.record_signal(user, "denied", signal, reason=reason)
    raise PermissionDenied(reason)


def _stamp(when, who):
    local = timezone.localtime(when)
    return {"date": formats.date_format(local, "DATETIME_FORMAT"),
            "who": who.get_full_name() or who.username if who else _("onbekend")}


def record_intervention(user, signal, text, acted_at=None, organisation=None):
    """Record the user's organisation's own immediate intervention on an acute signal or case.

    `organisation` (an id) chooses among the user's organisations that act on this signal's acute
    route; without it, the one there is. Not acute, not theirs, empty, too long, in the future, or
    their organisation has already recorded one: refused with the reason, nothing written. A
    refusal for want of a right is logged (outside the transaction, so it stays).
    """
    mine = access.acute_organisations(user, signal)
    if not mine and not access.sees_acute_route(user, signal):
        _refuse(user, signal, "acute_intervention")
    if organisation in (None, "") and len(mine) == 1:
        organisation = next(iter(mine))
    try:
        party, chosen = mine[int(organisation)]
    except (KeyError, TypeError, ValueError):
        audit.record_signal(user, "denied", signal, reason="acute_intervention", organisation=str(organisation)[:40])
        raise Invalid(_("U legt alleen de interventie van uw eigen organisatie vast: politie, Openbaar Ministerie, "
                        "de gemeente of de zorgcoördinator bij dit signaal."), "organisation") from None
    text = _clean_text(text, "text", _("Beschrijf de interventie: wat is er gedaan?"))
    now = timezone.now()
    acted_at = acted_at or now
    if acted_at > now + CLOCK_SLACK:
        raise Invalid(_("Het tijdstip van ingrijpen ligt in de toekomst."), "acted_at")
    return _record(user, signal, party, chosen, text, acted_at, now)


@transaction.atomic
def _record(user, signal, party, chosen, text, acted_at, now):
    signal = Signal.objects.select_for_update(of=("self",)).select_related("case").get(pk=signal.pk)
    if not access.is_acute(signal):
        raise Invalid(_("Dit signaal is niet acuut: een acute interventie legt u alleen vast bij een acuut "
                        "signaal of een acute casus."), "signal")
    earlier = AcuteIntervention.objects.filter(signal=signal, organisation=chosen).select_related("recorded_by").first()
    if earlier:
        raise Conflict(_("%(organisation)s heeft de interventie al vastgelegd op %(date)s (door %(who)s). "
                         "Is er meer gedaan? Meld het aan de tafel.")
                       % {"organisation": chosen.name, **_stamp(earlier.recorded_at, earlier.recorded_by)},
                       "organisation")
    intervention = AcuteIntervention.objects.create(signal=signal, organisation=chosen, party=party, text=text,
                                                    acted_at=acted_at, recorded_by=user, recorded_at=now)
    audit.record_signal(user, "acute_intervention", signal, organisation=chosen.pk, party=party)
    municipalities = [link.municipality_id for link in signal.municipality_links.all()]
    notify(access.signal_handlers(municipalities).exclude(pk=user.pk), "acute_intervention", _url(signal),
           about=signal, organisation=chosen.name)
    for listener in _listeners:
        listener(user, signal, intervention)
    return intervention


def route_state(user, signal):
    """The acute route as a list of rows, one per organisation expected to act (and any other that
    did): party, organisation, its intervention or None, and whether this user may read its text."""
    recorded = {i.organisation_id: i for i in signal.acute_interventions.select_related("organisation", "recorded_by")}
    rows = []
    for party, organisation in access.acute_parties(signal):
        rows.append(_row(user, signal, party, organisation, recorded.pop(organisation.pk, None)))
    for intervention in recorded.values():  # an organisation since retired or moved
        rows.append(_row(user, signal, intervention.party, intervention.organisation, intervention))
    return rows


def _row(user, signal, party, organisation, intervention):
    return {"party": party, "party_label": access.AcuteParty(party).label, "organisation": organisation,
            "intervention": intervention,
            "readable": intervention is not None and access.reads_intervention(user, signal, intervention)}


def open_route(user, pk):
    """A signal whose acute route this user may see (or record on), logged as a read; else 404."""
    signal = policy.rules(Signal).fetch(pk)
    if signal is None:
        raise Http404
    if not access.sees_acute_route(user, signal):
        audit.record_signal(user, "denied", signal, reason="acute_route")
        raise Http404
    audit.record_signal(user, "view", signal, reason="acute_route")
    return signal


def call_in_care(user, signal, reason=""):
    """The liaison calls in the region's care coordinator on a signal, without escalating it. Once.
    A refusal for want of a right is logged (outside the transaction, so it stays)."""
    if not policy.can(user, "call_in_care", signal):
        _refuse(user, signal, "call_in_care")
    reason = (reason or "").strip()
    if len(reason) > MAX_INTERVENTION:
        _clean_text(reason, "reason", "")
    return _call_in(user, signal, reason)


@transaction.atomic
def _call_in(user, signal, reason):
    Signal.objects.select_for_update().filter(pk=signal.pk).first()  # two liaisons at once: one call-in
    earlier = CareCallIn.objects.filter(signal=signal).select_related("called_by").first()
    if earlier:
        raise Conflict(_("De zorgcoördinator is al ingeschakeld op %(date)s (door %(who)s).")
                       % _stamp(earlier.at, earlier.called_by), "reason")
    call_in = CareCallIn.objects.create(signal=signal, region_id=signal.region_id, called_by=user, reason=reason)
    audit.record_signal(user, "call_in_care", signal)
    notify(access.care_coordinators(signal.region_id), "care_call_in", reverse("intake:detail", args=[signal.pk]),
           about=signal)
    return call_in
