"""Which regions a user reads region-wide records of (plans, costs, training, overviews): the apps
that keep such records ask here with their own roles, so the platform operator's reach is written
once."""
from .models import Region


def region_ids_with(user, *roles):
    """The regions where `user` holds one of `roles`; every region for the platform operator. The
    caller checks that the account is active (privacy.policy.active)."""
    if user.is_superuser:
        return set(Region.objects.values_list("pk", flat=True))
    return user.region_ids(*roles)
