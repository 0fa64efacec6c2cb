"""Who reviews what privacy keeps: the access log, retention, requests of the people concerned.
None of it shows personal content."""
from ketenzicht.accounts.models import Role
from ketenzicht.regions.models import Region

from .models import AccessLog
from .policy import active

REVIEWING_ROLES = (Role.PRIVACY_OFFICER,)
SUBJECT_REQUEST_ROLES = (Role.REGION_ADMIN,)


def regions_reviewed_by(user):
    """The regions whose access log and retention state this user reviews (the privacy officer's)."""
    if not active(user):
        return Region.objects.none()
    return Region.objects.filter(pk__in=user.region_ids(*REVIEWING_ROLES)).order_by("name")


def access_log_visible_to(user):
    """The privacy officer reads the access log of their region(s): ids and actions, no content."""
    if not active(user):
        return AccessLog.objects.none()
    return AccessLog.objects.filter(region_id__in=user.region_ids(*REVIEWING_ROLES))


def reads_access_log(user) -> bool:
    return active(user) and user.has_role(*REVIEWING_ROLES)


def subject_request_regions(user):
    """The regions where this user handles requests of the people concerned (the administrator)."""
    return user.region_ids(*SUBJECT_REQUEST_ROLES) if active(user) else set()
