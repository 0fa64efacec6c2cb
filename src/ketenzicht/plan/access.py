"""Who reads and who keeps the region's plan of approach.

The plan is the region's policy, not personal data. Its analyst ("Analist / beleid") and its
administrator keep it; those who carry it out read it: the region's liaisons and mayor's offices,
the table's chair and the care coordinator. Nobody sees another region's plan (404)."""
from ketenzicht.accounts.models import Role
from ketenzicht.privacy import policy
from ketenzicht.regions.access import region_ids_with

EDITING_ROLES = (Role.ANALYST, Role.REGION_ADMIN)
READING_ROLES = (*EDITING_ROLES, Role.LIAISON, Role.MAYOR_OFFICE, Role.TABLE_CHAIR, Role.CARE_COORDINATOR)


def _region_ids(user, roles):
    return region_ids_with(user, *roles) if policy.active(user) else set()


def reading_region_ids(user):
    return _region_ids(user, READING_ROLES)


def reads(user, region) -> bool:
    return region.pk in reading_region_ids(user)


def keeps(user, region) -> bool:
    return region.pk in _region_ids(user, EDITING_ROLES)


def offers_plan(user) -> bool:
    """The menu entry."""
    return bool(reading_region_ids(user))
