"""A region's signalenkaart (issue 16): the administrator adds, renames and retires indicators on
pages of the set-up; a retired indicator is not offered on a new signal but stays on old ones; one
that signals carry is retired only once confirmed, and the first refusal is logged."""
import pytest
from django.utils import translation

from ketenzicht.intake import signalenkaart
from ketenzicht.intake.models import Indicator, RegionIndicator
from ketenzicht.lib.errors import Refused
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Region

from ..helpers import report_as, report_page, user, verified

PAGE = "/inrichting/ijsselland/signalenkaart"


@pytest.fixture
def ijsselland(world):
    return Region.objects.get(slug="ijsselland")


def indicator(code):
    return Indicator.objects.get(code=code)


def test_the_page_is_the_administrators_of_the_region(world, client):
    verified(client, "admin.ijsselland")
    page = client.get(PAGE)
    assert page.status_code == 200 and 'data-indicator="online_ads"' in page.content.decode()
    assert client.get("/inrichting/zeeland/signalenkaart").status_code == 404
    for other in ("liaison.zwolle", "analyst.ijsselland"):
        client.logout()
        verified(client, other)
        assert client.get(PAGE).status_code in (403, 404)


def test_the_set_up_overview_lists_the_section(world, client):
    from ketenzicht.accounts import setup
    from ketenzicht.accounts.access import administers
    sections = setup.sections(user("admin.ijsselland"), Region.objects.get(slug="ijsselland"), administers)
    assert any(s["name"] == "signalenkaart" and s["url"] == PAGE for s in sections)


def test_add_an_own_indicator_with_both_names(world, client, ijsselland):
    verified(client, "admin.ijsselland")
    refused = client.post(PAGE, {"add-name": "Slaapt op de werkplek", "add-name_en": ""})
    assert refused.status_code == 400 and "Dit veld is vereist." in refused.content.decode()
    assert not Indicator.objects.filter(region=ijsselland).exists()
    assert 'value="Slaapt op de werkplek"' in refused.content.decode()  # nothing typed is lost
    done = client.post(PAGE, {"add-name": "Slaapt op de werkplek", "add-name_en": "Sleeps at the workplace",
                              "add-forms": ["labour"]})
    assert done.status_code == 302
    own = Indicator.objects.get(region=ijsselland)
    assert list(own.forms.values_list("code", flat=True)) == ["labour"]
    assert AccessLog.objects.filter(action="signalenkaart.add", object_id=str(own.pk)).count() == 1
    assert own in signalenkaart.offered([ijsselland])
    assert own not in signalenkaart.offered([Region.objects.get(slug="zeeland")])  # another region's own
    with translation.override("en"):
        assert signalenkaart.labels(ijsselland)[own.pk] == "Sleeps at the workplace"


def test_rename_in_dutch_and_english_shows_on_old_signals(world, client, ijsselland):
    signal, _code = report_as("reporter.zwolle", indicators=["online_ads"])
    verified(client, "admin.ijsselland")
    ads = indicator("online_ads")
    response = client.post(f"{PAGE}/{ads.pk}", {"action": "rename", "names-name": "Advertenties online",
                                                "names-name_en": "Advertised online"})
    assert response.status_code == 302
    assert RegionIndicator.objects.get(region=ijsselland, indicator=ads).name == "Advertenties online"
    assert ads.name != "Advertenties online"  # the shipped list, and so other regions, unchanged
    client.logout()
    verified(client, "liaison.zwolle")
    assert "Advertenties online" in client.get(f"/signalen/{signal.pk}").content.decode()


def test_retire_an_unused_indicator_then_new_signals_do_not_offer_it(world, client, ijsselland):
    verified(client, "admin.ijsselland")
    begging = indicator("forced_begging")
    assert client.post(f"{PAGE}/{begging.pk}", {"action": "retire"}).status_code == 302
    assert RegionIndicator.objects.get(region=ijsselland, indicator=begging).retired_at is not None
    client.logout()
    verified(client, "reporter.zwolle")
    form = client.get("/signalen/nieuw").content.decode()
    assert 'value="forced_begging"' not in form and 'value="forced_crime"' in form
    refused = report_page(client, exploitation_forms=["criminal"], indicators=["forced_begging"])
    assert refused.status_code == 400 and "biedt dit niet (meer) aan: forced_begging" in refused.content.decode()
    assert begging in signalenkaart.offered([Region.objects.get(slug="zeeland")])  # Zeeland's map is its own


def test_retiring_one_in_use_needs_confirmation_and_the_refusal_is_logged(world, client, ijsselland):
    signal, _code = report_as("reporter.zwolle", indicators=["online_ads"])
    admin, ads = user("admin.ijsselland"), indicator("online_ads")
    with pytest.raises(Refused) as refusal:
        signalenkaart.retire(admin, ijsselland, ads)
    assert "1 signaal in deze regio draagt dit kenmerk" in str(refusal.value.errors["confirm"][0])
    assert not RegionIndicator.objects.filter(indicator=ads, retired_at__isnull=False).exists()
    assert AccessLog.objects.filter(action="refused", object_id=str(ads.pk), reason="retire_in_use").count() == 1

    verified(client, "admin.ijsselland")
    page = client.post(f"{PAGE}/{ads.pk}", {"action": "retire"})
    assert page.status_code == 400 and "Bevestig dat u het intrekt" in page.content.decode()
    assert client.post(f"{PAGE}/{ads.pk}", {"action": "retire", "retire-confirm": "on"}).status_code == 302
    assert AccessLog.objects.filter(action="signalenkaart.retire", object_id=str(ads.pk)).count() == 1

    client.logout()
    verified(client, "liaison.zwolle")  # the old signal still reads it
    assert "Wordt online aangeboden" in client.get(f"/signalen/{signal.pk}").content.decode()
    assert ads in signal.indicators.all()


def test_another_regions_administrator_cannot_change_it(world, ijsselland):
    with pytest.raises(Refused):
        signalenkaart.add(user("admin.zeeland"), ijsselland, "X", "X")
    assert AccessLog.objects.filter(action="denied", object_type="signalenkaart").count() == 1


def test_reinstate(world, ijsselland):
    admin, begging = user("admin.ijsselland"), indicator("forced_begging")
    signalenkaart.retire(admin, ijsselland, begging)
    assert begging not in signalenkaart.offered([ijsselland])
    signalenkaart.reinstate(admin, ijsselland, begging)
    assert begging in signalenkaart.offered([ijsselland])


def test_the_figures_keep_a_retired_indicator_under_the_regions_name(world, ijsselland):
    from datetime import date

    from ..helpers import api_client, signal
    signal("reporter.zwolle", "GM0193", date(2026, 1, 15))  # it carries withholds_documents
    admin, documents = user("admin.ijsselland"), indicator("withholds_documents")
    signalenkaart.rename(admin, ijsselland, documents, "Paspoort kwijt", "Passport gone")
    signalenkaart.retire(admin, ijsselland, documents, confirmed=True)
    figure = api_client("analyst.ijsselland").get("/api/v1/stats/indicators?from=2026-01-01&to=2026-01-31").json()
    assert {row["key"]: row["label"] for row in figure["rows"]}[str(documents.pk)] == "Paspoort kwijt"


def test_enrichment_keeps_a_retired_indicator_but_adds_no_new_one(world, ijsselland):
    from ketenzicht.intake import services
    from ketenzicht.lib.errors import Invalid
    signal, _code = report_as("reporter.zwolle", indicators=["online_ads"])
    signalenkaart.retire(user("admin.ijsselland"), ijsselland, indicator("online_ads"), confirmed=True)
    signalenkaart.retire(user("admin.ijsselland"), ijsselland, indicator("forced_begging"))
    liaison = user("liaison.zwolle")
    services.update(liaison, signal, {"indicators": [indicator("online_ads"), indicator("threats")]}, None)
    assert set(signal.indicators.values_list("code", flat=True)) == {"online_ads", "threats"}
    with pytest.raises(Invalid) as refusal:
        services.update(liaison, signal, {"indicators": [indicator("forced_begging")]}, None)
    assert "forced_begging" in refusal.value.errors["indicators"][0]
    assert set(signal.indicators.values_list("code", flat=True)) == {"online_ads", "threats"}


def test_the_api_refuses_a_retired_indicator_by_name(world, ijsselland):
    from ..helpers import api_client, professional_payload
    signalenkaart.retire(user("admin.ijsselland"), ijsselland, indicator("forced_begging"))
    refused = api_client("reporter.zwolle").post("/api/v1/signals", professional_payload(
        indicators=["forced_begging"]), format="json")
    assert refused.status_code == 400
    assert refused.json()["invalid_params"][0]["name"] == "indicators"
    assert "forced_begging" in refused.json()["invalid_params"][0]["reason"]
