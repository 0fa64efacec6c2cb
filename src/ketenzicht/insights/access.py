"""Who may open which figures. Figures are aggregates; what differs is whose region, and who
sees small counts (docs/security/statistical-disclosure.md)."""
from ketenzicht.accounts.models import Role
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Region

FIGURE_ROLES = (Role.ANALYST, Role.REGION_ADMIN, Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR,
                Role.TABLE_MEMBER)
# Roles that work with the region's victims and cases across its municipalities: small counts
# tell them nothing they could not know. Everyone else, and everything published, is suppressed.
SMALL_COUNT_ROLES = (Role.CARE_COORDINATOR, Role.TABLE_CHAIR)
# Record-level export (consented, pseudonymised): the care coordinator, who holds the consents.
HTCDS_ROLES = (Role.CARE_COORDINATOR,)
# The published figures of every region and the national view; nothing else (no signal, case,
# person or care record: no other app's rules name this role).
NATIONAL_ROLES = (Role.NATIONAL_ANALYST,)


def figure_regions(user):
    """The regions whose dashboard and monitor this user may open."""
    if not policy.active(user):
        return Region.objects.none()
    if user.has_role(*NATIONAL_ROLES):
        return Region.objects.order_by("name")
    return Region.objects.filter(pk__in=user.region_ids(*FIGURE_ROLES)).order_by("name")


def shows_figures(user) -> bool:
    return policy.active(user) and user.has_role(*FIGURE_ROLES, *NATIONAL_ROLES)


def sees_national(user) -> bool:
    """The figures of all regions side by side (always published: small counts hidden)."""
    return policy.active(user) and user.has_role(*NATIONAL_ROLES)


def sees_small_counts(user, region) -> bool:
    """Exact counts on screen and any period (downloads and the API are rounded for everyone).
    Everyone else sees rounded figures of whole calendar periods that have ended only: a
    difference of two free periods, or of exact counts, gives a small count back."""
    return policy.active(user) and region.pk in user.region_ids(*SMALL_COUNT_ROLES)


def exports_htcds(user, region) -> bool:
    return policy.active(user) and region.pk in user.region_ids(*HTCDS_ROLES)
