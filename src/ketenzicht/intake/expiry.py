"""Open signals nobody works on: warned first, then anonymised like a closed one.

A signal left open was kept for ever. Now an open signal that is not part of a case and that
nobody touched (no change, note, feedback or attachment) for the region's term is announced to
its liaisons WARNING_DAYS before, and anonymised and closed once the term has passed — but only
when the warning went out at least WARNING_DAYS earlier and nobody touched it since. Touching it
starts the term again, and a later expiry gets a warning of its own.
"""
from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ketenzicht.notifications.services import notify
from ketenzicht.privacy import audit
from ketenzicht.privacy.kinds import Kind

from . import access
from .models import Attachment, Feedback, Note, Signal, SignalMunicipality
from .services import anonymise

WARNING_DAYS = 30


def _untouched_since(moment, outer_moment=None):
    """No change of the signal, nor a note, feedback or attachment on it, from `moment` on.
    `outer_moment` is the same moment as seen from the subqueries (for a field of the signal)."""
    outer_moment = moment if outer_moment is None else outer_moment
    activity = [Exists(model.objects.filter(signal=OuterRef("pk"), created_at__gte=outer_moment))
                for model in (Note, Feedback, Attachment)]
    return Q(updated_at__lt=moment) & ~activity[0] & ~activity[1] & ~activity[2]


def _warning_stands():
    """The warning went out after the signal's last activity, so it still holds."""
    return Q(retention_warned_at__isnull=False) & _untouched_since(F("retention_warned_at"),
                                                                   OuterRef("retention_warned_at"))


def _open_untouched(region_id, since):
    return Signal.objects.filter(_untouched_since(since), region_id=region_id, is_open=True, case__isnull=True,
                                 anonymised_at__isnull=True)


def due(region_id, cutoff, now):
    """Open signals past the term whose warning stands and is at least WARNING_DAYS old."""
    return _open_untouched(region_id, cutoff).filter(_warning_stands(),
                                                     retention_warned_at__lte=now - timedelta(days=WARNING_DAYS))


def expire(signals):
    """Anonymise these open signals and close them: closed by retention, not by a route step."""
    ids = list(signals.values_list("pk", flat=True))
    count = anonymise(Signal.objects.filter(pk__in=ids))
    Signal.objects.filter(pk__in=ids).update(is_open=False, closed_at=timezone.now())
    SignalMunicipality.objects.filter(signal_id__in=ids).update(is_open=False)
    return count


def warn(region_id, cutoff, now):
    """Tell the liaisons of each signal that reaches the term within WARNING_DAYS and has no
    standing warning; returns how many signals were announced."""
    coming = _open_untouched(region_id, cutoff + timedelta(days=WARNING_DAYS)).exclude(
        pk__in=Signal.objects.filter(_warning_stands(), region_id=region_id).values("pk"))
    count = 0
    administrators = list(access.region_administrators(region_id))
    for signal in coming.prefetch_related("municipality_links").iterator(chunk_size=500):
        # Without a liaison the region's administrators are told (someone must take it up); with
        # nobody at all to tell, no warning counts as given, so nothing expires unannounced.
        handlers = list(access.signal_handlers([link.municipality_id for link in signal.municipality_links.all()]))
        if not (handlers or administrators):
            continue
        # The administrators may not open the signal: told without `about`, they see the reference only.
        notify(handlers or administrators, "signal_expiry", reverse("intake:detail", args=[signal.pk]),
               about=signal if handlers else None, reference=signal.reference, days=WARNING_DAYS)
        Signal.objects.filter(pk=signal.pk).update(retention_warned_at=now)
        audit.record(None, "retention_warning", "signal", signal.pk, region=region_id)
        count += 1
    return count


def _closed(region_id, cutoff, now):
    return Signal.objects.filter(region_id=region_id, is_open=False, closed_at__lt=cutoff, anonymised_at__isnull=True)


# A closed signal that led nowhere is not kept longer than a year; an open signal nobody touched
# for two years (outside a case) is treated as closed without follow-up, after a warning.
CLOSED = Kind("signal_closed", gettext_lazy("Afgesloten signaal (ook zonder vervolg)"), default_months=12,
              minimum_months=3, due=_closed, apply=anonymise)
UNTOUCHED = Kind("signal_untouched", gettext_lazy("Open signaal waaraan niemand meer werkt (na een waarschuwing)"),
                 default_months=24, minimum_months=6, due=due, apply=expire, warn=warn,
                 warned_label=gettext_lazy("Aangekondigd: open signalen zonder activiteit, naar de "
                                           "aandachtsfunctionarissen"))
