"""Who sees and keeps the region's shared costs.

The costs are visible to the region's municipalities: whoever works for one of them or for the
region's approach (liaison, mayor's office, licensing officer, care coordinator, analyst) reads
every cost of the region and its split; the region's administrator also records and changes them.
Amounts and inhabitants only, no personal data. Another region's costs do not exist for a user
(404)."""
from ketenzicht.accounts.access import administers
from ketenzicht.accounts.models import Role
from ketenzicht.privacy import policy
from ketenzicht.regions.access import region_ids_with

READING_ROLES = (Role.LIAISON, Role.MAYOR_OFFICE, Role.LICENSING_OFFICER, Role.ANALYST, Role.CARE_COORDINATOR,
                 Role.REGION_ADMIN)


def reading_region_ids(user):
    return region_ids_with(user, *READING_ROLES) if policy.active(user) else set()


def reads(user, region) -> bool:
    return region.pk in reading_region_ids(user)


def offers_costs(user) -> bool:
    """The menu entry."""
    return bool(reading_region_ids(user))


def keeps(user, region) -> bool:
    """The region's administrator records and changes its costs (and the set-up section's rule)."""
    return policy.active(user) and administers(user, region.pk)
