"""Who may set up what. A region is set up by its administrators (accounts.access.administers: the
regional administrator, and the platform operator for every region); only the platform operator
creates a region. Nothing here reads personal data, so nothing is written to the access log for a
read; every change is, by the services."""
from django.http import Http404

from ketenzicht.accounts import access as accounts_access
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Region


def creates_regions(user) -> bool:
    return policy.active(user) and user.is_superuser


def regions_administered(user):
    """The regions this user sets up: all of them for the platform operator."""
    if not policy.active(user):
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    return Region.objects.filter(pk__in=accounts_access.managed_region_ids(user))


def administers(user, region) -> bool:
    return policy.active(user) and accounts_access.administers(user, region.pk)


def offers_setup(user) -> bool:
    """The menu entry, and the administrator's start page: for whoever sets up a region."""
    return creates_regions(user) or (policy.active(user) and bool(accounts_access.managed_region_ids(user)))


def region_or_404(user, slug):
    """The region behind a set-up address; one the user does not administer answers 404, as if it
    did not exist (the name of another region's set-up is not theirs to learn either)."""
    region = regions_administered(user).filter(slug=slug).first()
    if region is None:
        raise Http404
    return region
