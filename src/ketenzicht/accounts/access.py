"""Who administers what: a regional administrator manages the accounts, roles and settings of
their own region(s); the platform operator (superuser) all of them."""
from .models import PLATFORM_ROLES, TWO_PERSON_ROLES, Role

ADMIN_ROLES = (Role.REGION_ADMIN,)


def managed_region_ids(user):
    return user.region_ids(*ADMIN_ROLES)


def administers(user, region_id) -> bool:
    return user.is_superuser or region_id in managed_region_ids(user)


def opens_admin(user) -> bool:
    return user.is_superuser or user.has_role(*ADMIN_ROLES)


def may_grant(user, role) -> bool:
    """A role over every region is the platform operator's to grant."""
    return role not in PLATFORM_ROLES or user.is_superuser


def grantable_roles(user):
    return [(value, label) for value, label in Role.choices if may_grant(user, value)]


def needs_second_person(role) -> bool:
    """A role that opens personal data, or oversees those who do, takes effect only when a second
    administrator approves it."""
    return role in TWO_PERSON_ROLES
