"""A refused change of a care trajectory or of shelter places is logged, and the entry stays.

The entry used to be written inside the service's transaction and went with its rollback (here,
inside the test's transaction, the service's savepoint): the privacy officer never saw the attempt."""
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ketenzicht.care import services
from ketenzicht.care.models import Consent, Note, Placement, ShelterPlace, Trajectory
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Organisation

from ..helpers import user

TODAY = timezone.localdate()


@pytest.fixture
def made(world):
    """A trajectory in Zwolle with a consent and a placement, coordinated by IJsselland's care coordinator."""
    coordinator = user("care.ijsselland")
    trajectory = services.open_trajectory(coordinator, name="Persoon Zwolle", third_country=True,
                                          municipality=Municipality.objects.get(cbs_code="GM0193"))
    shelter = Organisation.objects.get(name="Opvang IJsselland")
    consent = services.record_consent(coordinator, trajectory, "share", "written", TODAY, shelter)
    place = ShelterPlace.objects.filter(organisation=shelter).first()
    placement = Placement.objects.create(trajectory=trajectory, place=place, start=TODAY)
    return {"trajectory": trajectory, "consent": consent, "placement": placement, "shelter": shelter, "place": place}


# Each service that changes a trajectory, called by someone who does not handle it.
HANDLING = {
    "set_phase": lambda m: (m["trajectory"], "intake"),
    "add_note": lambda m: (m["trajectory"], "Een notitie"),
    "record_consent": lambda m: (m["trajectory"], "comensha", "written", TODAY),
    "withdraw_consent": lambda m: (m["consent"],),
    "set_reflection": lambda m: (m["trajectory"], TODAY),
    "place": lambda m: (m["trajectory"], m["place"], TODAY),
    "end_placement": lambda m: (m["placement"], TODAY),
    "hand_over": lambda m: (m["trajectory"], m["shelter"], "Dossier"),
    "make_dormant": lambda m: (m["trajectory"], TODAY.replace(year=TODAY.year + 1)),
    "close": lambda m: (m["trajectory"],),
    "reopen": lambda m: (m["trajectory"],),
    "refer": lambda m: (m["trajectory"], m["shelter"], "shelter"),
    "share_summary": lambda m: (m["trajectory"], "Samenvatting", "Voor het besluit aan tafel"),
}


def denials(**filters):
    return AccessLog.objects.filter(action="denied", **filters)


@pytest.mark.parametrize("name", sorted(HANDLING))
@pytest.mark.parametrize("username", ["care.zeeland", "liaison.zwolle"])
def test_a_refused_change_of_a_trajectory_is_logged_once(made, name, username):
    trajectory = made["trajectory"]
    before = (Note.objects.count(), Consent.objects.count(), Placement.objects.count(),
              Trajectory.objects.filter(pk=trajectory.pk).values().get())
    outsider = user(username)
    with pytest.raises(PermissionDenied):
        getattr(services, name)(outsider, *HANDLING[name](made))
    entry = denials(object_type="trajectory").get()  # exactly one
    assert (entry.user, entry.object_id, entry.region_id) == (outsider, str(trajectory.pk), trajectory.region_id)
    assert (Note.objects.count(), Consent.objects.count(), Placement.objects.count(),
            Trajectory.objects.filter(pk=trajectory.pk).values().get()) == before


def test_the_coordinator_is_not_refused(made):
    """What the services allow is unchanged: the one who handles the trajectory goes through, unlogged as a refusal."""
    services.add_note(user("care.ijsselland"), made["trajectory"], "Een notitie")
    services.end_placement(user("care.ijsselland"), made["placement"], TODAY)
    assert Note.objects.filter(trajectory=made["trajectory"]).count() == 1
    assert not denials().exists()


def test_a_refused_change_of_shelter_places_is_logged_once(made):
    outsider = user("admin.zeeland")  # administers another region
    shelter, place = made["shelter"], made["place"]
    places = ShelterPlace.objects.count()
    with pytest.raises(PermissionDenied):
        services.add_shelter_places(outsider, shelter, "cosm", 3)
    with pytest.raises(PermissionDenied):
        services.set_shelter_capacity(outsider, place, place.places + 5)
    assert list(denials(object_type="shelter_place").values_list("user__username", "region_id")) == [
        (outsider.username, shelter.region_id)] * 2
    assert ShelterPlace.objects.get(pk=place.pk).places == place.places
    assert ShelterPlace.objects.count() == places
