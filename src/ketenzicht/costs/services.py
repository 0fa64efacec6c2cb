"""Every change of the region's shared costs, and the split the pages, API and documents show.
Only the region's administrator records or changes a cost; each change is one transaction, checked
before it opens, written to the access log. Refusals are `Invalid` naming the field, in Dutch; a
refused call changes nothing."""
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid, Stale
from ketenzicht.privacy import audit
from ketenzicht.regions.models import Municipality

from . import access
from .allocation import split
from .models import MAX_AMOUNT, Function, KeyKind, RemainderRule, SharedCost, Weight

FIRST_YEAR, LAST_YEAR = 2000, 2100


class StaleCost(Stale):
    def __init__(self):
        super().__init__(_("Iemand anders heeft deze kosten intussen gewijzigd. Bekijk de nieuwe stand; wat u "
                           "typte staat er nog."))


def _kept(user, region_or_cost, *args, **kwargs):
    region = getattr(region_or_cost, "region", region_or_cost)
    if not access.keeps(user, region):
        audit.record(user, "denied", "shared_cost", getattr(region_or_cost, "pk", ""), region=region.pk)
        raise PermissionDenied("costs")


def municipalities(region):
    return list(Municipality.objects.filter(region=region).order_by("name"))


def prefilled(region, reference_date):
    """Per CBS code the inhabitants the region holds for exactly this reference date (else absent)."""
    return {m.cbs_code: m.inhabitants for m in municipalities(region)
            if reference_date and m.inhabitants is not None and m.inhabitants_on == reference_date}


def _checked_fields(region, *, year, function, amount, key_kind, fixed_part, reference_date, remainder_rule,
                    weights):
    """The rules a cost and its key keep; returns the weights per municipality, one for each."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Invalid(_("Kies een jaar van %(first)s tot en met %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                      "year")
    if function not in Function.values:
        raise Invalid(_("Onbekende functie."), "function")
    if key_kind not in KeyKind.values:
        raise Invalid(_("Onbekende verdeelsleutel."), "key_kind")
    if remainder_rule not in RemainderRule.values:
        raise Invalid(_("Onbekende regel voor het afrondingsverschil."), "remainder_rule")
    if amount < 0:
        raise Invalid(_("Het bedrag kan niet negatief zijn."), "amount")
    if amount >= MAX_AMOUNT:
        raise Invalid(_("Het bedrag is te groot."), "amount")
    if fixed_part < 0:
        raise Invalid(_("Het vaste deel kan niet negatief zijn."), "fixed_part")
    if key_kind != KeyKind.OWN_WEIGHTS and reference_date is None:
        raise Invalid(_("Noem de peildatum van de inwonertallen."), "reference_date")
    members = municipalities(region)
    if key_kind == KeyKind.FIXED_PLUS_INHABITANTS and fixed_part * len(members) > amount:
        raise Invalid(_("Het vaste deel voor alle %(n)s gemeenten samen is meer dan het bedrag.")
                      % {"n": len(members)}, "fixed_part")
    if weights is None:
        weights = prefilled(region, reference_date) if key_kind != KeyKind.OWN_WEIGHTS else {}
    known = {m.cbs_code for m in members}
    unknown = sorted(set(weights) - known)
    if unknown:
        raise Invalid(_("%(code)s is geen gemeente van deze regio.") % {"code": unknown[0]}, "weights")
    for m in members:
        value = weights.get(m.cbs_code)
        if value is None:
            message = (_("Het gewicht van %(name)s ontbreekt.") if key_kind == KeyKind.OWN_WEIGHTS else
                       _("Het inwonertal van %(name)s op %(day)s ontbreekt.")) % {
                "name": m.name, "day": formats.date_format(reference_date, "j F Y") if reference_date else ""}
            raise Invalid(message, "weights")
        if value < 0:
            raise Invalid(_("Het gewicht van %(name)s kan niet negatief zijn.") % {"name": m.name}, "weights")
    if not sum(weights[m.cbs_code] for m in members):
        raise Invalid(_("Ten minste één gemeente heeft een gewicht boven nul nodig."), "weights")
    return {m: weights[m.cbs_code] for m in members}


def _fields(key_kind, fixed_part, **fields):
    return {**fields, "key_kind": key_kind,
            "fixed_part": fixed_part if key_kind == KeyKind.FIXED_PLUS_INHABITANTS else Decimal("0.00")}


@checked(_kept)
def add_cost(user, region, *, year, function, label, label_en, amount, key_kind=KeyKind.INHABITANTS,
             fixed_part=Decimal(0), reference_date=None, remainder_rule=RemainderRule.LEAVE, weights=None):
    """Record a shared cost and its key. `weights`: per CBS code; None takes the inhabitants the
    region holds for the reference date (for every municipality, or the call is refused naming the
    one missing)."""
    members = _checked_fields(region, year=year, function=function, amount=amount, key_kind=key_kind,
                              fixed_part=fixed_part, reference_date=reference_date, remainder_rule=remainder_rule,
                              weights=weights)
    cost = SharedCost.objects.create(region=region, updated_by=user, **_fields(
        key_kind, fixed_part, year=year, function=function, label=label, label_en=label_en, amount=amount,
        reference_date=reference_date, remainder_rule=remainder_rule))
    Weight.objects.bulk_create([Weight(cost=cost, municipality=m, weight=w) for m, w in members.items()])
    audit.record(user, "create", "shared_cost", cost.pk, region=region.pk)
    return cost


@checked(_kept)
def update_cost(user, cost, *, year, function, label, label_en, amount, key_kind, fixed_part=Decimal(0),
                reference_date=None, remainder_rule=RemainderRule.LEAVE, weights=None, expected_version=None):
    """Change a cost and its key; `expected_version` is the version the user saw."""
    current = SharedCost.objects.select_for_update().get(pk=cost.pk)
    if expected_version is not None and expected_version != current.version:
        raise StaleCost
    members = _checked_fields(cost.region, year=year, function=function, amount=amount, key_kind=key_kind,
                              fixed_part=fixed_part, reference_date=reference_date, remainder_rule=remainder_rule,
                              weights=weights)
    SharedCost.objects.filter(pk=cost.pk).update(version=F("version") + 1, updated_at=timezone.now(),
                                                 updated_by=user, **_fields(
        key_kind, fixed_part, year=year, function=function, label=label, label_en=label_en, amount=amount,
        reference_date=reference_date, remainder_rule=remainder_rule))
    Weight.objects.filter(cost=cost).delete()
    Weight.objects.bulk_create([Weight(cost=cost, municipality=m, weight=w) for m, w in members.items()])
    audit.record(user, "update", "shared_cost", cost.pk, region=cost.region_id)
    cost.refresh_from_db()
    return cost


def weights_of(cost):
    """Per CBS code the stored weight."""
    return dict(Weight.objects.filter(cost=cost).values_list("municipality__cbs_code", "weight"))


def allocation(cost):
    """The cost's split: per municipality (by name) its weight, percentage and share."""
    rows = list(Weight.objects.filter(cost=cost).select_related("municipality").order_by("municipality__name"))
    result = split(cost.amount, [(w.municipality, w.weight) for w in rows], fixed_part=cost.fixed_part,
                   rule=cost.remainder_rule)
    return result


def difference_text(result):
    """The sentence under the table: whether the rounded shares add up to the budget, and the rule."""
    money = {"total": euro(result.total), "budget": euro(result.budget), "difference": euro(abs(result.difference))}
    if result.rule == RemainderRule.LARGEST_REMAINDER:
        return _("De afgeronde bedragen tellen op tot precies het budget (%(budget)s): afgesproken is dat de "
                 "centen die afronden oplevert naar de grootste restanten gaan (methode van de grootste "
                 "overschotten).") % money
    if not result.difference:
        return _("De afgeronde bedragen tellen op tot precies het budget (%(budget)s).") % money
    if result.difference < 0:
        sentence = _("De afgeronde bedragen tellen op tot %(total)s: %(difference)s minder dan het budget van "
                     "%(budget)s.")
    else:
        sentence = _("De afgeronde bedragen tellen op tot %(total)s: %(difference)s meer dan het budget van "
                     "%(budget)s.")
    return (sentence % money) + " " + _("Afgesproken is het verschil te laten staan: elk aandeel is het exacte "
                                         "aandeel, half naar boven afgerond op de cent.")


def euro(value):
    """€ 81.148,00 in Dutch, € 81,148.00 in English."""
    return "€ " + formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def percent(value):
    return formats.number_format(value, 2, use_l10n=True) + "%"


def weight_header(cost):
    """The weight column's heading: as the seed's table, "Inwoners per 1 januari 2021"."""
    if cost.key_kind == KeyKind.OWN_WEIGHTS or not cost.reference_date:
        return _("Gewicht")
    return _("Inwoners per %(day)s") % {"day": formats.date_format(cost.reference_date, "j F Y")}
