"""Who sees and keeps the region's training and awareness work.

Nothing here is personal data (sessions count participants per sector, never name them), so the
whole region's record is read by those who steer the approach: its analysts, liaisons, mayor's
offices and administrators. Each municipality records its own sessions and activities: its liaison,
for her municipality; the region's administrator for any municipality of the region and for the
region as a whole (a region-wide campaign). The catalogue of interventions is set up by the
region's administrator. Anyone else, and anyone of another region, finds nothing (404)."""
from ketenzicht.accounts.access import administers
from ketenzicht.accounts.models import Role
from ketenzicht.privacy import policy
from ketenzicht.regions.access import region_ids_with
from ketenzicht.regions.models import Municipality

READING_ROLES = (Role.ANALYST, Role.LIAISON, Role.MAYOR_OFFICE, Role.REGION_ADMIN)
RECORDING_ROLES = (Role.LIAISON,)


def reading_region_ids(user):
    return region_ids_with(user, *READING_ROLES) if policy.active(user) else set()


def reads(user, region) -> bool:
    return region.pk in reading_region_ids(user)


def offers(user) -> bool:
    """The menu entry."""
    return bool(reading_region_ids(user))


def sets_up(user, region) -> bool:
    """The catalogue: the region's administrator (also the set-up section's rule)."""
    return policy.active(user) and administers(user, region.pk)


def records_for(user, region):
    """The municipalities of `region` this user records sessions and activities for."""
    if not policy.active(user):
        return Municipality.objects.none()
    municipalities = Municipality.objects.filter(region=region)
    if administers(user, region.pk):
        return municipalities
    return municipalities.filter(pk__in=user.municipality_ids(*RECORDING_ROLES))


def records(user, region, municipality=None) -> bool:
    """May record for `municipality` of `region` (None: region-wide, the administrator only)."""
    if municipality is None:
        return policy.active(user) and administers(user, region.pk)
    return municipality.region_id == region.pk and records_for(user, region).filter(pk=municipality.pk).exists()


def records_any(user, region) -> bool:
    return records_for(user, region).exists()
