"""Who keeps a region's webhook subscriptions: its administrator (accounts.access.administers), with a
second factor passed; the platform operator for every region. Registered with privacy.policy: pages and
API fetch a subscription through `policy.get(user, Subscription, pk, "manage")`, which answers 404 (and
logs the refusal) for another region's. A subscription holds an organisation's address and event types;
its deliveries hold ids and links: no personal data."""
from ketenzicht.accounts import access as accounts_access
from ketenzicht.accounts.models import Role, User
from ketenzicht.privacy.policy import Rules

from .models import Subscription


def _verified(user):
    return user.is_authenticated and user.is_active and getattr(user, "is_verified", lambda: False)()


def manages(user, region) -> bool:
    return _verified(user) and accounts_access.administers(user, region.pk)


def administrators(region_id):
    """Who is told when a subscription of the region is paused."""
    return User.objects.holding([Role.REGION_ADMIN], organisation__region_id=region_id)


def subscriptions(user, region):
    if not manages(user, region):
        return Subscription.objects.none()
    return Subscription.objects.filter(region=region).select_related("organisation")


def _can(user, action, subscription):
    return action in ("view", "manage") and manages(user, subscription.region)


def _visible(user, **filters):
    if not _verified(user):
        return Subscription.objects.none()
    scope = Subscription.objects.filter(**filters)
    return scope if user.is_superuser else scope.filter(region_id__in=accounts_access.managed_region_ids(user))


def _fetch(pk):
    try:
        return Subscription.objects.select_related("region", "organisation").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


RULES = Rules(kind="webhook_subscription", can=_can, visible=_visible, fetch=_fetch)
