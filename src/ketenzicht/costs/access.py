"""Who sees and keeps the region's shared costs.

The costs are visible to the region's municipalities: whoever works for one of them or for the
region's approach (liaison, mayor's office, licensing officer, care coordinator, analyst) reads
every cost of the region and its split; the region's administrator also records and changes them.
Amounts and inhabitants only, no personal data. Another region's costs do not exist for a user
(404)."""
from ketenzicht.accounts.access import administers
from ketenzicht.accounts.models import Role
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Region

READING_ROLES = (Role.LIAISON, Role.MAYOR_OFFICE, Role.LICENSING_OFFICER, Role.ANALYST, Role.CARE_COORDINATOR,
                 Role.REGION_ADMIN)


def reading_region_ids(user):
    if not policy.active(user):
        return set()
    if user.is_superuser:
        return set(Region.objects.values_list("pk", flat=True))
    return user.region_ids(*READING_ROLES)


def reads(user, region) -> bool:
    return region.pk in reading_region_ids(user)


def offers_costs(user) -> bool:
    """The menu entry."""
    return bool(reading_region_ids(user))


def keeps(user, region) -> bool:
    """The region's administrator records and changes its costs (and the set-up section's rule)."""
    return policy.active(user) and administers(user, region.pk)
