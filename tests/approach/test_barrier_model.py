"""The barrier model: the region maps barriers to instruments and partners, each municipality's
liaison records what it has in place, and a signal's or case's page shows the instruments that fit
its barriers to whoever works it."""
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from ketenzicht.approach import services
from ketenzicht.approach.models import Instrument, InstrumentState, Presence
from ketenzicht.intake.models import Barrier
from ketenzicht.lib.errors import Invalid, Stale
from ketenzicht.regions.models import Municipality, Organisation, Region

from ..helpers import case_with_care_track, report_as, user, verified


@pytest.fixture
def ijsselland(world):
    return Region.objects.get(slug="ijsselland")


def instrument(name, region="ijsselland"):
    return Instrument.objects.get(region__slug=region, name=name)


def test_the_demo_maps_every_barrier_to_an_instrument(world):
    for region in ("ijsselland", "zeeland"):
        mapped = set(Barrier.objects.filter(pk__in=Instrument.objects.filter(region__slug=region).values(
            "barriers")).values_list("code", flat=True))
        assert mapped == {"entry", "identity", "housing", "employment", "financial_flows"}


def test_the_administrator_adds_an_instrument_with_partners_of_the_region_only(ijsselland):
    admin = user("admin.ijsselland")
    police = Organisation.objects.get(name="Politie IJsselland")
    made = services.add_instrument(admin, ijsselland, name="Woningcontrole", name_en="Housing checks",
                                   barriers=[Barrier.objects.get(code="housing")], partners=[police])
    assert list(made.partners.all()) == [police]
    with pytest.raises(Invalid) as foreign:
        services.add_instrument(admin, ijsselland, name="Andere", name_en="Other",
                                barriers=[Barrier.objects.get(code="housing")],
                                partners=[Organisation.objects.get(name="Politie Zeeland")])
    assert "partners" in foreign.value.errors
    with pytest.raises(Invalid) as none:
        services.add_instrument(admin, ijsselland, name="Zonder", name_en="Without", barriers=[])
    assert "barriers" in none.value.errors
    with pytest.raises(Invalid) as twice:
        services.add_instrument(admin, ijsselland, name="woningcontrole", name_en="x",
                                barriers=[Barrier.objects.get(code="housing")])
    assert "name" in twice.value.errors
    with pytest.raises(PermissionDenied):
        services.add_instrument(user("admin.zeeland"), ijsselland, name="X", name_en="X",
                                barriers=[Barrier.objects.get(code="housing")])


def test_the_setup_page_refuses_script_and_a_forged_partner(world):
    client = verified(Client(), "admin.ijsselland")
    url = reverse("approach:setup_instruments", args=["ijsselland"])
    zeeland_police = Organisation.objects.get(name="Politie Zeeland")
    answer = client.post(url, {"add-name": "Controle <script>", "add-name_en": "Check", "add-barriers": ["housing"],
                               "add-partners": [zeeland_police.pk]})
    text = answer.content.decode()
    assert answer.status_code == 400 and "geen HTML of script" in text and "Controle &lt;script&gt;" in text
    assert not Instrument.objects.filter(name__startswith="Controle").exists()


def test_the_liaison_records_presence_for_her_own_municipality(world):
    deventer = Municipality.objects.get(name="Deventer")
    bibob = instrument("Bibob-toets")
    state = services.set_presence(user("liaison.deventer"), deventer, bibob, presence=Presence.IN_PLACE,
                                  expected_version=0)
    assert state.version == 1
    with pytest.raises(Stale):
        services.set_presence(user("liaison.deventer"), deventer, bibob, presence=Presence.ABSENT, expected_version=0)
    with pytest.raises(PermissionDenied):
        services.set_presence(user("liaison.zwolle"), deventer, bibob, presence=Presence.ABSENT)
    with pytest.raises(Invalid):
        services.set_presence(user("liaison.deventer"), deventer, instrument("Bibob-toets", "zeeland"),
                              presence=Presence.ABSENT)
    assert InstrumentState.objects.get().presence == Presence.IN_PLACE


def test_the_signal_page_shows_the_fitting_instruments_to_the_liaison_not_the_reporter(world):
    deventer = Municipality.objects.get(name="Deventer")
    services.set_presence(user("liaison.deventer"), deventer, instrument("Integrale controles"),
                          presence=Presence.IN_PLACE)
    signal, _code = report_as("reporter.zwolle", lead_municipality="GM0150", other_municipalities=[],
                              barriers=["housing"])
    page = verified(Client(), "liaison.deventer").get(reverse("intake:detail", args=[signal.pk])).content.decode()
    assert 'data-testid="barrier-instruments"' in page
    assert "Integrale controles" in page and 'data-presence="in_place"' in page
    assert "Sluiting van panden" in page and "Bibob-toets" not in page  # Bibob raises work and money, not housing
    reporter = verified(Client(), "reporter.zwolle").get(reverse("intake:detail", args=[signal.pk])).content.decode()
    assert 'data-testid="barrier-instruments"' not in reporter


def test_the_case_page_shows_them_to_the_table(world):
    case = case_with_care_track()
    signal = case.signals.get()
    signal.barriers.set([Barrier.objects.get(code="financial_flows")])
    page = verified(Client(), "police.ijsselland").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="barrier-instruments"' in page and "Signalen uit geldstromen" in page
    assert "Integrale controles" not in page
