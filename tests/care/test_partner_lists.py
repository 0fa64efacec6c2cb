"""The care coordinator's partner lists (consent, hand-over, referral) offer only where a dossier may
go — the trajectory's region, and shelter providers anywhere — each once, sorted by name."""
import re

import pytest

from ketenzicht.care.models import ShelterPlace, Trajectory
from ketenzicht.regions.models import Organisation

from ..helpers import verified


def options(page, select_id):
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [label for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select) if value]


@pytest.mark.parametrize("select_id", ["consent_form_organisation", "hand_over_form_organisation",
                                       "referral_form_organisation"])
def test_partner_lists_are_the_region_and_providers_once_and_sorted(world, client, select_id):
    care = verified(client, "care.ijsselland")
    care.post("/zorg/nieuw", {"name": "Nora", "gender": "female", "municipality": "GM0193"})
    page = care.get(f"/zorg/{Trajectory.objects.get().pk}").content.decode()
    names = options(page, select_id)
    assert names and len(names) == len(set(names)) and names == sorted(names, key=str.lower)
    assert "Opvang IJsselland" in names and "Opvang Zeeland (Zeeland)" in names  # minors' places are national
    providers = set(ShelterPlace.objects.values_list("organisation__name", flat=True))
    for name in names:
        own, _sep, region = name.partition(" (")
        assert region == "" and Organisation.objects.filter(name=own, region__slug="ijsselland").exists() \
            or own in providers, name


def test_a_partner_of_another_region_is_refused(world, client):
    care = verified(client, "care.ijsselland")
    care.post("/zorg/nieuw", {"name": "Nora", "gender": "female", "municipality": "GM0193"})
    trajectory = Trajectory.objects.get()
    elsewhere = Organisation.objects.get(name="Politie Zeeland")
    response = care.post(f"/zorg/{trajectory.pk}/overdracht", {"organisation": elsewhere.pk, "contents": "Dossier"})
    assert response.status_code == 400 and not trajectory.hand_overs.exists()
