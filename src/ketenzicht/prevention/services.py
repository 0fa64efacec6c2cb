"""Every change of the region's training and awareness record: the catalogue (the region's
administrator), sessions and activities (the municipality's liaison, or the administrator). Pages,
API and the demo call these; each is one transaction, checked before it opens (lib.checked: a
refusal stays in the access log), and logged. Refusals are `Invalid` naming the field, in Dutch;
nothing is changed by a refused call."""
import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy import audit
from ketenzicht.regions.models import Organisation, Sector

from . import access
from .models import (
    MAX_PARTICIPANTS,
    MAX_REACH,
    PUBLIC,
    ActivityKind,
    AwarenessActivity,
    Intervention,
    Participants,
    Scale,
    TrainingSession,
)

EARLIEST = datetime.date(2000, 1, 1)


def _deny(user, kind, region):
    audit.record(user, "denied", kind, "", region=region.pk)
    raise PermissionDenied(kind)


# ------------------------------------------------------------------------------ the catalogue
def _sets_up(user, region, *args, **kwargs):
    if not access.sets_up(user, region):
        _deny(user, "prevention_catalogue", region)


def _check_intervention(region, data, exclude=None):
    if data["scale"] not in Scale.values:
        raise Invalid(_("Kies lokaal, regionaal of landelijk."), "scale")
    others = Intervention.objects.filter(region=region)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    name = _folded(data["name"])
    same = next((i for i in others.only("name") if _folded(i.name) == name), None)
    if same is not None:  # the same offer twice (another target group is a field of the one entry)
        raise Invalid(_("Het aanbod heeft al een interventie met deze naam: %(name)s. Wijzig die, of geef deze een "
                        "naam die haar onderscheidt.") % {"name": same.name}, "name")


def _folded(text):
    """A name as compared: case, spacing and the line breaks of a pasted table cell do not count."""
    return " ".join((text or "").split()).casefold()


TEXTS = ("name", "name_en", "target_group", "target_group_en", "scale", "provider")


@checked(_sets_up)
def add_intervention(user, region, data):
    """An intervention in the region's catalogue; `data` is InterventionForm's cleaned data."""
    _check_intervention(region, data)
    order = (Intervention.objects.filter(region=region).aggregate(n=Max("order"))["n"] or 0) + 1
    intervention = Intervention.objects.create(region=region, order=order, **{k: data[k] for k in TEXTS})
    intervention.forms.set(data.get("exploitation_forms") or ())
    audit.record(user, "create", "prevention_intervention", intervention.pk, region=region.pk)
    return intervention


@checked(lambda user, intervention, *args, **kwargs: _sets_up(user, intervention.region))
def update_intervention(user, intervention, data):
    _check_intervention(intervention.region, data, exclude=intervention)
    Intervention.objects.filter(pk=intervention.pk).update(active=data.get("active", True),
                                                           **{k: data[k] for k in TEXTS})
    intervention.forms.set(data.get("exploitation_forms") or ())
    intervention.refresh_from_db()
    audit.record(user, "update", "prevention_intervention", intervention.pk, region=intervention.region_id)
    return intervention


# ------------------------------------------------------------------------- sessions, activities
def _records(kind):
    def check(user, region, data):
        municipality = data.get("municipality")
        if municipality is None and access.records_any(user, region) and not access.records(user, region):
            # a liaison who left the municipality empty: name the field, not a refusal
            raise Invalid(_("Kies de gemeente waarvoor u de activiteit vastlegt; een activiteit voor de hele "
                            "regio legt de beheerder van de regio vast."), "municipality")
        if not access.records(user, region, municipality):
            _deny(user, kind, region)
    return check


def _check_day(day, field, today, ahead=0):
    if day < EARLIEST:
        raise Invalid(_("Kies een datum na 1 januari 2000."), field)
    if day > today + datetime.timedelta(days=ahead):
        raise Invalid(_("De datum ligt in de toekomst: leg een training vast als zij gegeven is.") if not ahead
                      else _("De datum ligt meer dan een jaar vooruit."), field)


def _participants(rows):
    """{sector: participants} from (sector, participants) pairs: every sector known, once, 1 or more."""
    found = {}
    for sector, n in rows:
        if sector not in Sector.values:
            raise Invalid(_("Onbekende sector: %(code)s.") % {"code": sector}, "participants")
        if sector in found:
            raise Invalid(_("De sector %(sector)s staat er twee keer in.") % {"sector": Sector(sector).label},
                          "participants")
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_PARTICIPANTS:
            raise Invalid(_("Het aantal deelnemers per sector ligt tussen 1 en %(max)s.") % {
                "max": MAX_PARTICIPANTS}, "participants")
        found[sector] = n
    if not found:
        raise Invalid(_("Noem per sector hoeveel mensen deelnamen (ten minste één sector)."), "participants")
    return found


@checked(_records("prevention_session"))
def record_session(user, region, data):
    """A training given in a municipality of the region. `data` is SessionForm's cleaned data with
    `participants`: (sector code, number) pairs."""
    _check_day(data["held_on"], "held_on", timezone.localdate())
    participants = _participants(data.get("participants") or ())
    intervention = data.get("intervention")
    if intervention is not None and intervention.region_id != region.pk:
        raise Invalid(_("Deze interventie hoort niet bij het aanbod van de regio."), "intervention")
    organisations = list(data.get("organisations") or ())
    foreign = sorted(o.name for o in organisations if o.region_id != region.pk or not o.active)
    if foreign:
        raise Invalid(_("Deze organisaties horen niet (meer) bij de regio: %(names)s.") % {
            "names": ", ".join(foreign)}, "organisations")
    score = data.get("score")
    if score is not None and not 1 <= score <= 10:
        raise Invalid(_("Een waardering ligt tussen 1 en 10."), "score")
    session = TrainingSession.objects.create(
        region=region, municipality=data["municipality"], intervention=intervention, held_on=data["held_on"],
        evaluation=data.get("evaluation") or "", score=score, recorded_by=user)
    session.organisations.set(organisations)
    Participants.objects.bulk_create(Participants(session=session, sector=sector, participants=n)
                                     for sector, n in participants.items())
    audit.record(user, "create", "prevention_session", session.pk, region=region.pk,
                 municipality=session.municipality_id, participants=sum(participants.values()))
    return session


@checked(_records("prevention_activity"))
def record_activity(user, region, data):
    """An awareness activity or campaign, in a municipality of the region or region-wide (no
    municipality). `data` is ActivityForm's cleaned data; `audience` holds sector codes and/or
    "publiek"."""
    if data["kind"] not in ActivityKind.values:
        raise Invalid(_("Kies activiteit of campagne."), "kind")
    today = timezone.localdate()
    _check_day(data["starts_on"], "starts_on", today, ahead=366)
    ends_on = data.get("ends_on")
    if ends_on is not None and ends_on < data["starts_on"]:
        raise Invalid(_("De einddatum ligt voor de begindatum."), "ends_on")
    audience = list(dict.fromkeys(data.get("audience") or ()))
    unknown = [code for code in audience if code != PUBLIC and code not in Sector.values]
    if unknown:
        raise Invalid(_("Onbekend publiek: %(code)s.") % {"code": unknown[0]}, "audience")
    if not audience:
        raise Invalid(_("Kies voor wie de activiteit is: sectoren en/of het publiek."), "audience")
    reach = data.get("reach") or 0
    if not 0 <= reach <= MAX_REACH:
        raise Invalid(_("Het bereik ligt tussen 0 en %(max)s.") % {"max": MAX_REACH}, "reach")
    municipality = data.get("municipality")
    activity = AwarenessActivity.objects.create(
        region=region, municipality=municipality, kind=data["kind"], title=data["title"],
        starts_on=data["starts_on"], ends_on=ends_on, audience=audience, reach=reach, recorded_by=user)
    audit.record(user, "create", "prevention_activity", activity.pk, region=region.pk,
                 municipality=municipality.pk if municipality else None)
    return activity


def region_organisations(region):
    """The organisations a session may name: the region's active ones."""
    return Organisation.objects.filter(region=region, active=True).order_by("name")
