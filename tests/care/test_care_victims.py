"""The care register counts victims, not trajectories (issue 20, item 5): two trajectories for one
person whose registrations users linked count as one victim, beside the trajectories."""
import pytest
from django.utils import timezone

from ketenzicht.care import services as care
from ketenzicht.care.models import Trajectory
from ketenzicht.intake.models import Person
from ketenzicht.regions.models import Municipality

from ..helpers import signal, user, verified


@pytest.fixture
def caseload(world):
    """Anna registered in Zwolle and in Deventer (linked: one person), a trajectory from each signal;
    Bea's trajectory opened directly, without a signal."""
    coordinator = user("care.ijsselland")
    zwolle = signal("liaison.zwolle", "GM0193", timezone.now())
    deventer = signal("liaison.deventer", "GM0150", timezone.now())
    Person.objects.filter(signal=deventer).update(identity=zwolle.persons.get().identity)
    for name, source, place in (("Anna", zwolle, "Zwolle"), ("Anna K.", deventer, "Deventer"), ("Bea", None, "Zwolle")):
        care.open_trajectory(coordinator, name=name, municipality=Municipality.objects.get(name=place), age=24,
                             signal=source)
    return Trajectory.objects.all()


def test_two_trajectories_of_one_linked_person_count_as_one_victim(caseload):
    totals, per = care.caseload(caseload)
    assert totals == {"trajectories": 3, "victims": 2}
    by_municipality = {label: (n, victims) for label, n, victims in dict(per)["Gemeente"]}
    assert by_municipality == {"Zwolle": (2, 2), "Deventer": (1, 1)}


def test_the_register_shows_victims_beside_trajectories(client, caseload):
    verified(client, "care.ijsselland")
    page = client.get("/zorg").content.decode()
    assert "3 lopende trajecten voor 2 slachtoffer(s) (personen)" in page
    assert "Slachtoffers (personen)" in page
