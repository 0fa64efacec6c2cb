"""Who runs the staff survey and who reads its results.

Answering needs no account (the round's link is the key) and leaves nothing that names anyone.
The region's administrator and analysts prepare, open and close rounds; the results, in aggregate
with small counts hidden, are for them, the region's liaisons and the mayors' offices of its
municipalities. Any other region's rounds do not exist for a user (404)."""
from ketenzicht.accounts.models import Role
from ketenzicht.privacy import policy
from ketenzicht.regions.access import region_ids_with

MANAGING_ROLES = (Role.REGION_ADMIN, Role.ANALYST)
READING_ROLES = (*MANAGING_ROLES, Role.LIAISON, Role.MAYOR_OFFICE)


def _region_ids(user, roles):
    return region_ids_with(user, *roles) if policy.active(user) else set()


def reading_region_ids(user):
    return _region_ids(user, READING_ROLES)


def managing_region_ids(user):
    return _region_ids(user, MANAGING_ROLES)


def reads(user, region) -> bool:
    return region.pk in reading_region_ids(user)


def manages(user, region) -> bool:
    return region.pk in managing_region_ids(user)


def offers(user) -> bool:
    """The menu entry."""
    return bool(reading_region_ids(user))
