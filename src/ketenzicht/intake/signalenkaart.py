"""A region's signalenkaart: the shipped HTCDS-based indicators, with the region's own additions,
names and retirements (issue 16).

The shipped list (reference.py) stays one list for every region, so the figures and the HTCDS
export keep one code per indicator; what a region changes is kept beside it in RegionIndicator.
Nothing is deleted: a retired indicator is no longer offered on a new signal, and the signals that
carry it keep showing it, as the figures keep counting it. Retiring one that signals carry is
allowed, but only once the administrator has seen how many and confirmed (the issue lists "an
indicator retired while in use" under bad input: the first attempt is refused, saying so, and
logged).
"""
from dataclasses import dataclass
from functools import wraps

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext as _

from ketenzicht.lib.errors import Invalid, Refused
from ketenzicht.privacy import audit

from . import access
from .models import Indicator, RegionIndicator, Signal


def _english():
    return (get_language() or "nl").startswith("en")


@dataclass
class Entry:
    """One indicator as the region has it."""

    indicator: Indicator
    name: str  # Dutch, as the region words it
    name_en: str  # English, as the region words it ("" when it has none of its own)
    retired_at: object
    in_use: int = 0

    @property
    def code(self):
        return self.indicator.code

    @property
    def pk(self):
        return self.indicator.pk

    @property
    def shipped(self):
        return self.indicator.region_id is None

    @property
    def label(self):
        """In the reader's language: the region's English name, else the catalogue's translation
        of a shipped name; in Dutch the region's name."""
        if _english():
            return self.name_en or (gettext(self.indicator.name) if self.name == self.indicator.name else self.name)
        return self.name

    @property
    def forms(self):
        return list(self.indicator.forms.all())


def of_region(*regions):
    """The indicators these regions have: the shipped ones and their own, retired ones included."""
    return Indicator.objects.filter(Q(region__isnull=True) | Q(region__in=regions))


def entries(region, with_use=False):
    indicators = of_region(region).prefetch_related("forms").order_by("region_id", "order", "pk")
    settings = {s.indicator_id: s for s in RegionIndicator.objects.filter(region=region)}
    use = {}
    if with_use:
        use = dict(Signal.objects.filter(region=region, indicators__isnull=False).values("indicators")
                   .annotate(n=Count("pk")).values_list("indicators", "n"))
    found = []
    for indicator in indicators:
        setting = settings.get(indicator.pk)
        found.append(Entry(indicator, (setting and setting.name) or indicator.name,
                           (setting and setting.name_en) or indicator.name_en,
                           setting.retired_at if setting else None, use.get(indicator.pk, 0)))
    return found


def offered(regions):
    """The indicators a new signal in one of these regions may carry: not retired there. For several
    regions (a reporter working in more than one), what one of them offers."""
    regions = list(regions)
    retired = RegionIndicator.objects.filter(retired_at__isnull=False)
    allowed = Q()
    for region in regions:
        allowed |= (Q(region__isnull=True) | Q(region=region)) & ~Q(
            pk__in=retired.filter(region=region).values("indicator_id"))
    return Indicator.objects.filter(allowed) if regions else Indicator.objects.none()


def labels(region):
    """{indicator id: label} as the region words them, in the reader's language."""
    return {entry.pk: entry.label for entry in entries(region)}


def names_on(signal):
    """The signal's indicators as its region words them now, retired ones included: wherever a
    signal is read (its own page, the case it became)."""
    worded = labels(signal.region)
    return [worded.get(i.pk, i.label) for i in signal.indicators.all()]


def unoffered(region, indicators):
    """Of these indicators, the ones a new signal in this region may not carry (retired there, or
    another region's own)."""
    allowed = set(offered([region]).values_list("pk", flat=True))
    return [i for i in indicators if i.pk not in allowed]


# ------------------------------------------------------------------------------ services
def _check(user, region):
    """Refused (and logged, outside any transaction a refusal rolls back) unless the user sets up the region."""
    if not access.sets_up_signalenkaart(user, region):
        audit.record(user, "denied", "signalenkaart", region.slug, reason="setup", region=region.pk)
        raise Refused(_("U beheert de signalenkaart van deze regio niet."))


def _names(name, name_en):
    errors = {}
    if not name.strip():
        errors["name"] = [_("Geef de Nederlandse naam van het signaal.")]
    if not name_en.strip():
        errors["name_en"] = [_("Geef de Engelse naam van het signaal.")]
    if errors:
        raise Invalid(errors=errors)
    return name.strip(), name_en.strip()


def _unique_code(region, name):
    base = f"{region.slug}-{slugify(name)}"[:40].rstrip("-") or region.slug
    code, n = base, 1
    while Indicator.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _service(change):
    """A change of the region's signalenkaart: permission checked first, then one transaction."""
    @wraps(change)
    def run(user, region, *args, **kwargs):
        _check(user, region)
        with transaction.atomic():
            return change(user, region, *args, **kwargs)
    return run


@_service
def add(user, region, name, name_en, forms=()):
    """The region's own indicator, for the given forms of exploitation (none: every form)."""
    name, name_en = _names(name, name_en)
    taken = {e.name.casefold() for e in entries(region)}
    if name.casefold() in taken:
        raise Invalid(_("Deze regio heeft al een signaal met die naam."), "name")
    last = of_region(region).order_by("-order").values_list("order", flat=True).first() or 0
    indicator = Indicator.objects.create(code=_unique_code(region, name), name=name, name_en=name_en, region=region,
                                         order=last + 1)
    indicator.forms.set(forms)
    audit.record(user, "signalenkaart.add", "indicator", indicator.pk, region=region.pk,
                 forms=[f.code for f in forms])
    return indicator


def _setting(region, indicator):
    if indicator.region_id not in (None, region.pk):
        raise Invalid(_("Dit signaal hoort niet bij deze regio."), "indicator")
    setting, _created = RegionIndicator.objects.select_for_update().get_or_create(region=region, indicator=indicator)
    return setting


@_service
def rename(user, region, indicator, name, name_en):
    """The region's words for an indicator, in Dutch and English; old signals show them too."""
    name, name_en = _names(name, name_en)
    if any(e.name.casefold() == name.casefold() for e in entries(region) if e.pk != indicator.pk):
        raise Invalid(_("Deze regio heeft al een signaal met die naam."), "name")
    setting = _setting(region, indicator)
    setting.name, setting.name_en = name, name_en
    setting.save(update_fields=["name", "name_en"])
    audit.record(user, "signalenkaart.rename", "indicator", indicator.pk, region=region.pk)
    return setting


def in_use(region, indicator):
    """How many of the region's signals carry this indicator."""
    return Signal.objects.filter(region=region, indicators=indicator).count()


def retire(user, region, indicator, confirmed=False):
    """Stop offering an indicator on new signals in this region. One that signals carry needs
    `confirmed`: the refusal says how many, so the administrator decides knowing it."""
    _check(user, region)
    with transaction.atomic():
        setting = _setting(region, indicator)
        if setting.retired_at is not None:
            raise Refused(_("Dit signaal is al ingetrokken."), "indicator")
        count = in_use(region, indicator)
        if count and not confirmed:
            refusal = Refused(ngettext(
                "%(count)s signaal in deze regio draagt dit kenmerk. Bevestig dat u het intrekt: op dat signaal "
                "blijft het leesbaar, en het telt mee in de cijfers.",
                "%(count)s signalen in deze regio dragen dit kenmerk. Bevestig dat u het intrekt: op die signalen "
                "blijft het leesbaar, en het telt mee in de cijfers.", count) % {"count": count}, "confirm")
        else:
            refusal = None
            setting.retired_at = timezone.now()
            setting.save(update_fields=["retired_at"])
            audit.record(user, "signalenkaart.retire", "indicator", indicator.pk, region=region.pk, in_use=count)
    if refusal is not None:  # logged outside the transaction the refusal rolls back
        audit.record(user, "refused", "indicator", indicator.pk, reason="retire_in_use", region=region.pk,
                     in_use=count)
        raise refusal
    return setting


@_service
def reinstate(user, region, indicator):
    """Offer a retired indicator on new signals again."""
    setting = _setting(region, indicator)
    if setting.retired_at is None:
        raise Refused(_("Dit signaal is niet ingetrokken."), "indicator")
    setting.retired_at = None
    setting.save(update_fields=["retired_at"])
    audit.record(user, "signalenkaart.reinstate", "indicator", indicator.pk, region=region.pk)
    return setting
