"""Who sees and edits the meldroute-wijzer.

The public wijzer, its print view, the liaison directory and the API are open to everyone: they
hold only what the region deliberately publishes. The internal version is for the municipality's
own professionals: whoever holds a role for a municipality (liaison, licensing officer, mayor's
office) or works for an organisation of a municipality (the municipality, its wijkteam). The
region's administrator edits the texts, contacts, the directory and the internal routes."""
from django.http import Http404

from ketenzicht.accounts import access as accounts_access
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Municipality


def own_municipality_ids(user) -> set:
    """The municipalities whose internal route this user follows."""
    if not policy.active(user):
        return set()
    found = set()
    for assignment in user.assignments:
        if assignment.municipality_id:
            found.add(assignment.municipality_id)
        elif assignment.organisation.municipality_id:
            found.add(assignment.organisation.municipality_id)
    return found


def uses_internal(user) -> bool:
    """The menu entry "Meldroute" (the internal wijzer)."""
    return bool(own_municipality_ids(user))


def internal_municipality_or_404(user, code):
    """A municipality of the user's own; any other answers 404, as if it had no internal route."""
    found = Municipality.objects.select_related("region").filter(
        cbs_code=code, pk__in=own_municipality_ids(user)).first()
    if found is None:
        raise Http404
    return found


def edits(user, region) -> bool:
    """The region's administrator (and the platform operator) edits the region's wijzer."""
    return policy.active(user) and accounts_access.administers(user, region.pk)
