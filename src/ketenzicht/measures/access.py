"""Who may see and do what with administrative measures, registered with the policy front.

A measure is its municipality's: the mayor's office records and signs it; the liaison and the
licensing officer of the same municipality read it (they prepared the file or must know that a
permit is withdrawn). Nobody of another municipality sees it; the region's analyst sees only the
figures (figures.py). Which grounds a region offers its administrator keeps (set-up).
"""
from django.db.models import Q

from ketenzicht.accounts.access import administers
from ketenzicht.accounts.models import Role
from ketenzicht.lib.http import int_or_none
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Municipality

from .models import LegalGround, Measure

RECORDING_ROLES = (Role.MAYOR_OFFICE,)
READING_ROLES = (Role.MAYOR_OFFICE, Role.LIAISON, Role.LICENSING_OFFICER)
BESTUURLIJK = "bestuurlijk"  # the track kind of the mayor's instruments in the shipped routes (DOMAIN §3)


def reading_municipality_ids(user):
    return user.municipality_ids(*READING_ROLES) if policy.active(user) else set()


def recording_municipalities(user):
    """Where this user records and signs measures: the municipality of their mayor's office."""
    if not policy.active(user):
        return Municipality.objects.none()
    return Municipality.objects.filter(pk__in=user.municipality_ids(*RECORDING_ROLES))


def records_measures(user) -> bool:
    return policy.active(user) and bool(user.municipality_ids(*RECORDING_ROLES))


def reads_measures(user) -> bool:
    """The menu entry: for the mayor's office, the liaison and the licensing officer."""
    return bool(reading_municipality_ids(user))


def measures_visible_to(user, **filters):
    if not policy.active(user):
        return Measure.objects.none()
    return Measure.objects.filter(municipality_id__in=reading_municipality_ids(user), **filters)


def can(user, action, measure) -> bool:
    if action == "view":
        return measure.municipality_id in reading_municipality_ids(user)
    if action in ("record", "sign"):
        return policy.active(user) and measure.municipality_id in user.municipality_ids(*RECORDING_ROLES)
    return False


def grounds_for(region):
    """The grounds a measure in this region may rest on: the shipped list and the region's own, active."""
    return LegalGround.objects.filter(Q(region__isnull=True) | Q(region=region), active=True)


def keeps_grounds(user, region) -> bool:
    """The region's administrator extends the list of grounds (set-up)."""
    return policy.active(user) and administers(user, region.pk)


def _fetch(pk):
    pk = int_or_none(pk)
    return Measure.objects.select_related("municipality", "ground", "signed_by", "recorded_by").filter(
        pk=pk).first() if pk else None


RULES = policy.Rules(kind="measure", can=can, visible=measures_visible_to, fetch=_fetch)
