"""What a browser walk found on the prevention pages (issue 19): a choice the form offers is never
refused with a 403, and the lists and catalogue say what they hold."""
from django.urls import reverse
from django.utils import timezone

from ketenzicht.prevention.models import AwarenessActivity

from ..helpers import verified

TODAY = timezone.localdate()


def activity_form(**overrides):
    return {"kind": "activity", "title": "Voorlichting", "municipality": "", "starts_on": TODAY.isoformat(),
            "audience": ["publiek"], "reach": "40", **overrides}


def test_the_liaison_is_not_offered_the_region_wide_choice_and_gets_a_field_error(world, client):
    verified(client, "liaison.zwolle")
    url = reverse("prevention:new_activity", args=["ijsselland"])
    page = client.get(url).content.decode()
    assert "hele regio" not in page.lower()
    refused = client.post(url, activity_form())
    assert refused.status_code == 400
    assert "Kies de gemeente" in refused.content.decode() and 'value="Voorlichting"' in refused.content.decode()
    assert not AwarenessActivity.objects.filter(title="Voorlichting").exists()
    assert client.post(url, activity_form(municipality="GM0193")).status_code == 302


def test_the_administrator_is_offered_the_whole_region(world, client):
    verified(client, "admin.ijsselland")
    url = reverse("prevention:new_activity", args=["ijsselland"])
    assert "De hele regio" in client.get(url).content.decode()
    assert client.post(url, activity_form()).status_code == 302
    assert AwarenessActivity.objects.get(title="Voorlichting").municipality is None
