"""The feedback reporters get is the region's to word; a change is a new route version, and a
signal running on the old version keeps the texts it had."""
import pytest
from django.core.exceptions import PermissionDenied

from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Region
from ketenzicht.route.models import RouteDefinition
from ketenzicht.setup import services
from tests.helpers import user


def _form(route, **changes):
    data = {"version": route.version}
    for code, text in route.definition["feedback"].items():
        data[f"{code}__nl"], data[f"{code}__en"] = text["nl"], text["en"]
    data.update(changes)
    return data


def test_new_texts_make_a_new_route_version_and_the_old_one_stays(admin_client):
    region = Region.objects.get(slug="ijsselland")
    before = RouteDefinition.active_for(region)
    response = admin_client.post("/inrichting/ijsselland/terugkoppeling", _form(
        before, received__nl="Dank u, de gemeente heeft uw melding.", received__en="Thank you, we have it."))
    assert response.status_code == 302
    after = RouteDefinition.active_for(region)
    assert after.version == before.version + 1
    assert after.route.feedback_in("received", "nl") == "Dank u, de gemeente heeft uw melding."
    assert after.route.feedback_in("received", "en") == "Thank you, we have it."
    before.refresh_from_db()
    assert not before.active and before.route.feedback_in("received", "nl").startswith("Uw melding is ontvangen")
    assert after.route.signal.stages.keys() == before.route.signal.stages.keys()  # only the texts changed


def test_saving_the_same_texts_makes_no_version(admin_client):
    region = Region.objects.get(slug="ijsselland")
    before = RouteDefinition.active_for(region)
    admin_client.post("/inrichting/ijsselland/terugkoppeling", _form(before))
    assert RouteDefinition.active_for(region).version == before.version


def test_empty_huge_markup_and_stale_texts_are_refused(admin_client):
    region = Region.objects.get(slug="ijsselland")
    route = RouteDefinition.active_for(region)
    page = admin_client.post("/inrichting/ijsselland/terugkoppeling", _form(
        route, received__nl="", taken_up__en="x" * 501, closed__nl="<script>alert(1)</script>")).content.decode()
    assert "Ontvangen (Nederlands)</a>: Dit veld is vereist." in page
    assert "In behandeling genomen (Engels) is te lang" in page
    assert "Gebruik geen &lt; of &gt;" in page
    stale = admin_client.post("/inrichting/ijsselland/terugkoppeling", _form(
        route, version=route.version - 1 if route.version > 1 else 99, received__nl="Anders"))
    assert stale.status_code == 400 and "Iemand anders heeft de route intussen gewijzigd" in stale.content.decode()
    assert RouteDefinition.active_for(region).version == route.version


def test_another_regions_administrator_may_not_change_them_and_the_refusal_is_logged(world):
    zeeland = Region.objects.get(slug="zeeland")
    version = RouteDefinition.active_for(zeeland).version
    with pytest.raises(PermissionDenied):
        services.set_feedback_texts(user("admin.ijsselland"), zeeland, {})
    assert RouteDefinition.active_for(zeeland).version == version
    assert AccessLog.objects.filter(action="denied", object_type="region", object_id=str(zeeland.pk),
                                    user__username="admin.ijsselland").exists()
