"""Who may see and do what with care, registered with the policy front.

Care content is for the care coordinator of the region and for the organisations a dossier was
handed over to, while the person's consent stands; the table sees only that a care track exists,
its phase and whether it is blocked.
"""
from enum import IntEnum

from django.db.models import Q
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment, User, in_effect
from ketenzicht.cases.models import Seat, Table, TableKind
from ketenzicht.lib.http import uuid_or_none
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Municipality, Organisation

from .models import HandOver, Referral, ShelterPlace, Trajectory


class CareAccess(IntEnum):
    NONE = 0
    STATUS = 1  # a member of the care meeting of the trajectory's municipality: STATUS_FIELDS only
    RECEIVED = 2  # a care provider's staff, when the dossier was handed to their organisation, while consent stands
    HANDLE = 3  # the care coordinator of the region


CARE_ACTIONS = {"status": CareAccess.STATUS, "view": CareAccess.RECEIVED, "handle": CareAccess.HANDLE}
# What the care meeting (zorgoverleg) sees of a trajectory: where it stands and who coordinates it,
# to follow progress and raise what blocks it. Not the person (name, age, origin), the needs,
# notes, consents or placements: the care chain is kept apart from the criminal one (DOMAIN §3, §6)
# and the content stays with the coordinator and those it was handed to on the person's consent.
STATUS_FIELDS = ("reference", "municipality", "phase", "status", "blocked", "review_on", "coordinator")
# Roles whose holders sit for their organisation at a table (as in cases.access).
MEETING_ROLES = (Role.TABLE_MEMBER, Role.TABLE_CHAIR, Role.CARE_COORDINATOR)
COORDINATING_ROLES = (Role.CARE_COORDINATOR,)
# Roles whose holders receive dossiers and referrals handed over to their organisation.
RECEIVING_ROLES = (Role.CARE_PROVIDER,)


def receiving_organisations(user):
    """The organisations for which this user receives care hand-overs and referrals."""
    if not policy.active(user):
        return set()
    return {a.organisation_id for a in user.assignments if a.role in RECEIVING_ROLES}


def care_receivers(organisation):
    """Who is told of a hand-over or referral to this organisation, and may open it."""
    return User.objects.holding(RECEIVING_ROLES, organisation=organisation)


def care_recipients(trajectory):
    """Where a dossier may go: an organisation of the trajectory's region, or a shelter provider
    anywhere (places for minors and COSM are national), with someone there to receive it."""
    providers = ShelterPlace.objects.values("organisation_id")
    staffed = RoleAssignment.objects.filter(in_effect(), role__in=RECEIVING_ROLES, user__is_active=True).values(
        "organisation_id")
    return Organisation.objects.filter(Q(region_id=trajectory.region_id) | Q(pk__in=providers), pk__in=staffed)


def coordinates_care(user) -> bool:
    return policy.active(user) and user.has_role(*COORDINATING_ROLES)


def care_coordinators(region_id):
    """Who is told of a care track the table decides in this region, and opens a trajectory from it."""
    return User.objects.holding(COORDINATING_ROLES, organisation__region_id=region_id)


def opens_from_track(user, track) -> bool:
    """Whoever sees the case opens a trajectory from one of its tracks; a care coordinator of the
    case's region also from a care track of a case they do not see: the table decided that care is
    needed there."""
    if not policy.active(user):
        return False
    if track.is_care and track.case.region_id in user.region_ids(*COORDINATING_ROLES):
        return True
    return policy.can(user, "view", track.case)


def coordinated_municipalities(user):
    """Where this user opens trajectories: the municipalities of the regions they coordinate care for."""
    if not policy.active(user):
        return Municipality.objects.none()
    return Municipality.objects.filter(region_id__in=user.region_ids(*COORDINATING_ROLES))


def trajectories_visible_to(user, **filters):
    """The trajectories of the regions this user coordinates care for and those handed to their
    organisations; `filters` on the trajectory apply inside each, so that the register's open caseload
    reads its region's open trajectories from the index on region and status, not every open
    trajectory of the country joined to the region's."""
    if not policy.active(user):
        return Trajectory.objects.none()
    received = HandOver.objects.filter(organisation_id__in=receiving_organisations(user),
                                       consent__withdrawn_on__isnull=True,
                                       **{f"trajectory__{name}": value for name, value in filters.items()})
    own = Trajectory.objects.filter(region_id__in=user.region_ids(*COORDINATING_ROLES), **filters).values("id")
    return Trajectory.objects.filter(pk__in=own.order_by().union(received.values("trajectory_id").order_by()))


def trajectory_scopes(user, **filters):
    """The trajectories this user may see as querysets, one per region they coordinate care for and
    one for the dossiers handed to their organisations, for a list read a page at a time
    (lib/keyset_union.py): each region's is an ordered scan of the index on region and the list's keys."""
    if not policy.active(user):
        return []
    trajectories = Trajectory.objects.filter(**filters)
    scopes = [trajectories.filter(region_id=pk) for pk in sorted(user.region_ids(*COORDINATING_ROLES))]
    receiving = receiving_organisations(user)
    if receiving:
        scopes.append(trajectories.filter(pk__in=HandOver.objects.filter(
            organisation_id__in=receiving, consent__withdrawn_on__isnull=True).values("trajectory_id")))
    return scopes


def _care_meetings(user):
    """The care meetings this user sits at: where one of their organisations (for a table role)
    chairs it or holds a seat with a legal basis in force."""
    organisations = {a.organisation_id for a in user.assignments if a.role in MEETING_ROLES}
    return Table.objects.filter(
        Q(chair_organisation_id__in=organisations)
        | Q(seats__in=Seat.objects.filter(Seat.valid_on(timezone.localdate()), organisation_id__in=organisations)),
        kind=TableKind.CARE, retired_at__isnull=True)


def care_meeting_municipalities(user):
    """The municipalities whose trajectories this user follows at a care meeting: those the care
    meetings they sit at (`_care_meetings`) cover, all of its region when one names none."""
    if not policy.active(user):
        return Municipality.objects.none()
    meetings = _care_meetings(user)
    return Municipality.objects.filter(
        Q(tables__in=meetings) | Q(region__tables__in=meetings.filter(municipalities__isnull=True))).distinct()


def followed_at_care_meeting(user):
    """The trajectories a care meeting member follows: show only STATUS_FIELDS of them."""
    return Trajectory.objects.filter(municipality__in=care_meeting_municipalities(user))


def care_meeting_scopes(user):
    """The trajectories a care meeting member follows, one queryset per municipality (each an ordered
    scan of the index on municipality and the list's keys): show only STATUS_FIELDS of them."""
    ids = care_meeting_municipalities(user).order_by("pk").values_list("pk", flat=True)
    return [Trajectory.objects.filter(municipality_id=pk) for pk in ids]


def follows_care_meeting(user) -> bool:
    """The care meeting's list (menu entry and start page): for whoever sits at a care meeting.
    Asked on every page (the menu), so it asks for the meetings, not for the municipalities they
    cover (a query three times as costly to build): every meeting covers some (its own, else its region's)."""
    if not policy.active(user) or not any(a.role in MEETING_ROLES for a in user.assignments):
        return False
    return _care_meetings(user).exists()


def trajectory_access(user, trajectory) -> CareAccess:
    if not policy.active(user):
        return CareAccess.NONE
    if trajectory.region_id in user.region_ids(*COORDINATING_ROLES):
        return CareAccess.HANDLE
    if trajectory.hand_overs.filter(organisation_id__in=receiving_organisations(user),
                                    consent__withdrawn_on__isnull=True).exists():
        return CareAccess.RECEIVED
    if care_meeting_municipalities(user).filter(pk=trajectory.municipality_id).exists():
        return CareAccess.STATUS
    return CareAccess.NONE


def can(user, action, trajectory) -> bool:
    if CARE_ACTIONS[action] == CareAccess.HANDLE:  # only the region's coordinator handles: no query (lists)
        return policy.active(user) and trajectory.region_id in user.region_ids(*COORDINATING_ROLES)
    return trajectory_access(user, trajectory) >= CARE_ACTIONS[action]


def hand_overs_for(user, trajectory):
    """Every hand-over for the coordinator; a care provider reads only what was handed to its own
    organisations, while the consent stands (not the notes, nor what went to others)."""
    if trajectory_access(user, trajectory) == CareAccess.HANDLE:
        return trajectory.hand_overs.all()
    return trajectory.hand_overs.filter(organisation_id__in=receiving_organisations(user),
                                        consent__withdrawn_on__isnull=True)


def consents_for(user, trajectory):
    """Every consent for the coordinator; a care provider only those naming its own organisations."""
    if trajectory_access(user, trajectory) == CareAccess.HANDLE:
        return trajectory.consents.all()
    return trajectory.consents.filter(organisation_id__in=receiving_organisations(user))


def listed_consents(user, trajectory):
    """`consents_for` a trajectory of a list this user may see (coordinated or handed over), from
    the consents a list fetched with its page (`lists.api_rows`), so a page costs no query per row."""
    if not hasattr(trajectory, "page_consents"):
        return consents_for(user, trajectory).select_related("organisation")
    if trajectory.region_id in user.region_ids(*COORDINATING_ROLES):
        return trajectory.page_consents
    mine = receiving_organisations(user)
    return [c for c in trajectory.page_consents if c.organisation_id in mine]


def places_managed_by(user):
    """The shelter places of the user's organisations: a provider keeps its own up to date."""
    return ShelterPlace.objects.filter(organisation_id__in=receiving_organisations(user))


def referrals_to(user):
    """Referrals to the user's organisations: reference and need only, until they accept."""
    return Referral.objects.filter(organisation_id__in=receiving_organisations(user)) \
        .select_related("trajectory").order_by("-sent_on", "-id")


def answers_referral(user, referral) -> bool:
    return referral.organisation_id in receiving_organisations(user)


def offers_shelter(user) -> bool:
    """The shelter page's menu entry: for those who receive for an organisation."""
    return bool(receiving_organisations(user))


def _fetch(pk):
    pk = uuid_or_none(pk)  # an id from a query string can be anything
    return Trajectory.objects.select_related("municipality", "region").filter(pk=pk).first() if pk else None


RULES = policy.Rules(kind="trajectory", can=can, visible=trajectories_visible_to, fetch=_fetch)
