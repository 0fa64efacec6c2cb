"""The demo's basisniveau as the seeds describe it, loaded twice without change; the overview and
the API list in a fixed number of queries whatever the region's size."""
from django.test import Client
from django.urls import reverse

from ketenzicht.approach.models import Assessment, Change, InstrumentState, Level
from ketenzicht.demo import approach as approach_demo
from ketenzicht.regions.models import Municipality, Region

from ..helpers import api_client, verified


def _load(slug):
    region = Region.objects.get(slug=slug)
    approach_demo.load(region, list(Municipality.objects.filter(region=region).order_by("name")), True)
    return region


def test_zeeland_has_a_liaison_in_goes_and_vlissingen_only_and_loading_again_changes_nothing(world):
    _load("zeeland")
    cells = Assessment.objects.filter(municipality__region__slug="zeeland")
    assert cells.count() == 12 and {a.criterion.code for a in cells} == {"aandachtsfunctionaris"}
    met = sorted(a.municipality.name for a in cells if a.level == Level.MET)
    assert met == ["Goes", "Vlissingen"] and cells.filter(level=Level.NOT_MET).count() == 10
    assert all(a.next_step and a.next_step_due for a in cells if a.level == Level.NOT_MET)
    before = (Assessment.objects.count(), Change.objects.count(), InstrumentState.objects.count())
    _load("zeeland")
    assert (Assessment.objects.count(), Change.objects.count(), InstrumentState.objects.count()) == before


def test_ijsselland_leaves_deventers_first_two_criteria_for_its_liaison(world):
    _load("ijsselland")
    deventer = {a.criterion.code: a.level for a in Assessment.objects.filter(municipality__name="Deventer")}
    assert deventer["signalering"] != Level.MET and deventer["aandachtsfunctionaris"] != Level.MET
    assert InstrumentState.objects.filter(municipality__name="Zwolle", instrument__name="Bibob-toets",
                                          presence="in_place").exists()


def test_the_overview_reads_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _load("ijsselland")
    client = verified(Client(), "analyst.ijsselland")
    url = reverse("approach:overview", args=["ijsselland"])
    client.get(url)
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count('data-municipality="') == 11
    api = api_client("analyst.ijsselland")
    with django_assert_max_num_queries(20):
        cells = api.get("/api/v1/baseline-statuses?region=ijsselland&size=500")
    assert len(cells.json()) == 33
