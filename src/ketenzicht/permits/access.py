"""Who may see and do what with permits and Bibob requests, registered with the policy front.

Permits are the municipality's register: its licensing officers keep them, its mayor's office
(which decides on withdrawal, in the measures app) and its liaison read them. Bibob requests are
the municipality's alone: its licensing officers and mayor's office, nobody else — not another
municipality's liaison, not the table, not the analyst (who sees figures only, figures.py).
"""
from ketenzicht.accounts.models import Role, User
from ketenzicht.lib.http import int_or_none
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Municipality

from .models import BibobRequest, Permit, PermitMaximum

KEEPING_ROLES = (Role.LICENSING_OFFICER,)  # register and change permits and maxima
ENDING_ROLES = (Role.LICENSING_OFFICER, Role.MAYOR_OFFICE)  # end a permit (withdrawal or refusal)
READING_ROLES = (Role.LICENSING_OFFICER, Role.MAYOR_OFFICE, Role.LIAISON)  # read the permit register
BIBOB_ROLES = (Role.LICENSING_OFFICER, Role.MAYOR_OFFICE)  # Bibob content, read and kept


def _municipalities(user, roles):
    return user.municipality_ids(*roles) if policy.active(user) else set()


def kept_municipalities(user):
    """Where this user registers permits and records maxima."""
    return Municipality.objects.filter(pk__in=_municipalities(user, KEEPING_ROLES)).order_by("name")


def read_municipalities(user):
    """Whose permit register this user reads."""
    return Municipality.objects.filter(pk__in=_municipalities(user, READING_ROLES)).order_by("name")


def bibob_municipalities(user):
    """Where this user keeps Bibob requests."""
    return Municipality.objects.filter(pk__in=_municipalities(user, BIBOB_ROLES)).order_by("name")


def keeps_permits(user) -> bool:
    """The permit register's menu entry and start page: the licensing officer."""
    return bool(_municipalities(user, KEEPING_ROLES))


def reads_permits(user) -> bool:
    return bool(_municipalities(user, READING_ROLES))


def keeps_bibob_of(user, municipality) -> bool:
    return municipality.pk in _municipalities(user, BIBOB_ROLES)


def keeps_bibob(user) -> bool:
    return bool(_municipalities(user, BIBOB_ROLES))


def permits_visible_to(user, **filters):
    return Permit.objects.filter(municipality_id__in=_municipalities(user, READING_ROLES), **filters)


def permit_scopes(user, **filters):
    """The permits this user may see, one queryset per municipality (each an ordered scan of the
    index permits_permit_list), for a list read a page at a time (lib/keyset_union.py)."""
    return [Permit.objects.filter(municipality_id=pk, **filters)
            for pk in sorted(_municipalities(user, READING_ROLES))]


def maxima_visible_to(user):
    return PermitMaximum.objects.filter(municipality_id__in=_municipalities(user, READING_ROLES))


def can_permit(user, action, permit) -> bool:
    roles = {"view": READING_ROLES, "change": KEEPING_ROLES, "end": ENDING_ROLES}[action]
    return permit.municipality_id in _municipalities(user, roles)


def keeps_maximum_of(user, municipality) -> bool:
    return municipality.pk in _municipalities(user, KEEPING_ROLES)


def bibob_visible_to(user, **filters):
    return BibobRequest.objects.filter(municipality_id__in=_municipalities(user, BIBOB_ROLES), **filters)


def bibob_scopes(user, **filters):
    return [BibobRequest.objects.filter(municipality_id=pk, **filters)
            for pk in sorted(_municipalities(user, BIBOB_ROLES))]


def can_bibob(user, action, request) -> bool:
    """View and change alike: the municipality's licensing officers and mayor's office."""
    return action in ("view", "change") and request.municipality_id in _municipalities(user, BIBOB_ROLES)


def licensing_officers(municipality_id):
    """Who is told of a permit of this municipality that expires."""
    return User.objects.holding(KEEPING_ROLES, municipality_id=municipality_id)


def _fetch_permit(pk):
    pk = int_or_none(pk)
    return Permit.objects.select_related("municipality", "region").filter(pk=pk).first() if pk else None


def _fetch_bibob(pk):
    pk = int_or_none(pk)
    return BibobRequest.objects.select_related("municipality", "region", "permit").filter(pk=pk).first() if pk else None


PERMIT_RULES = policy.Rules(kind="permit", can=can_permit, visible=permits_visible_to, fetch=_fetch_permit)
BIBOB_RULES = policy.Rules(kind="bibob_request", can=can_bibob, visible=bibob_visible_to, fetch=_fetch_bibob)
