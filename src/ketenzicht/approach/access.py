"""Who sees and keeps the municipality's own approach.

The basisniveau and the barrier model describe municipalities, not people: no personal data. Still
each municipality keeps its own part: only its liaison records its statuses and instruments. The
region's overview (every municipality × criterion) is for the region's liaisons, its analysts (to
read: the figures are theirs) and its administrators; a municipality's officers of its own
instruments (licensing, mayor's office) read their own municipality's page. The region's
administrator sets up the criteria and the barrier model. On a signal or case page the instruments
that fit its barriers are shown to whoever works it: the liaison who handles the signal, the table
members who see the whole case."""
from ketenzicht.accounts.access import administers
from ketenzicht.accounts.models import MUNICIPAL_ROLES, Role
from ketenzicht.privacy import policy
from ketenzicht.regions.access import region_ids_with

EDITING_ROLES = (Role.LIAISON,)
READING_ROLES = (Role.LIAISON, Role.ANALYST, Role.REGION_ADMIN)


def overview_region_ids(user):
    """The regions whose overview this user reads."""
    return region_ids_with(user, *READING_ROLES) if policy.active(user) else set()


def sees_overview(user, region) -> bool:
    return region.pk in overview_region_ids(user)


def offers_overview(user) -> bool:
    """The menu entry: for whoever reads some region's overview or keeps a municipality's part."""
    return bool(overview_region_ids(user)) or bool(own_municipality_ids(user, MUNICIPAL_ROLES))


def own_municipality_ids(user, roles=EDITING_ROLES):
    return user.municipality_ids(*roles) if policy.active(user) else set()


def reading_municipality_ids(user):
    """The municipalities whose own page this user reads without the region's overview: those she
    holds a municipal role for (liaison, licensing officer, mayor's office)."""
    return own_municipality_ids(user, MUNICIPAL_ROLES)


def sees_municipality(user, municipality) -> bool:
    return sees_overview(user, municipality.region) or municipality.pk in own_municipality_ids(user, MUNICIPAL_ROLES)


def keeps(user, municipality) -> bool:
    """Only the municipality's own liaison records its statuses and instruments."""
    return municipality.pk in own_municipality_ids(user)


def sets_up(user, region) -> bool:
    return policy.active(user) and administers(user, region.pk)


def sets_up_region(user, region) -> bool:
    """The set-up sections' rule (accounts.setup): the region's administrator."""
    return sets_up(user, region)


def sees_instruments_on_signal(user, signal) -> bool:
    """The liaison who handles the signal (and the care coordinator called in) — not its reporter."""
    return policy.can(user, "note", signal)


def sees_instruments_on_case(user, case) -> bool:
    """Whoever sees the whole case: the table's members, the chair, the liaison."""
    return policy.can(user, "view_all", case)
