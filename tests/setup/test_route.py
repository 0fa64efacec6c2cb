"""The region's route on its own set-up page: what runs now and what ran before, and a new version
from a shipped route or the region's own TOML. A broken file or route changes nothing; the same
route again makes no version; what runs keeps its version."""
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Region
from ketenzicht.route import engine
from ketenzicht.route.models import RouteDefinition
from ketenzicht.setup import services
from tests.helpers import report_as, user, verified

PAGE = "/inrichting/ijsselland/route"


def _ijsselland():
    return Region.objects.get(slug="ijsselland")


def _toml(text, name="route.toml"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/toml")


def _own_route(name="IJsselland eigen"):
    """The shipped IJsselland route under another name: a region's own file, as it would start one."""
    text = (engine.DEFINITIONS_DIR / "ijsselland.toml").read_text(encoding="utf-8")
    return re.sub(r'^name = "IJsselland"$', f'name = "{name}"', text, count=1, flags=re.M)


def _versions():
    return list(RouteDefinition.objects.filter(region=_ijsselland()).values_list("version", "active"))


def test_the_page_shows_the_active_route_its_stages_and_where_a_case_opens(admin_client):
    page = admin_client.get(PAGE).content.decode()
    active = RouteDefinition.active_for(_ijsselland())
    assert f'<dd data-active-name>{active.name}</dd>' in page and active.name == "IJsselland"
    assert f"<dd data-active-version>{active.version}</dd>" in page
    # the signal's stages in the order work passes them (not the database's order of keys), closing last
    stages = re.findall(r'data-stage="(\w+)"', page)
    assert stages[:5] == ["ontvangen", "verrijking", "monitoren", "casus", "afgesloten"]
    assert "Casus aan de weeg- en monitortafel" in page and "3 werkdagen" in page
    opening = re.search(r"<tr class=\"utrecht-table__row\" data-opening>(.*?)</tr>", page, re.S).group(1)
    assert "Escaleren naar de weeg- en monitortafel" in opening and "Regionale weeg- en monitortafel" in opening
    assert "Aangemeld bij de tafel" in page  # a case stage, by its label
    assert 'data-version="1"' in page


def test_the_overview_offers_the_route_section(admin_client):
    page = admin_client.get("/inrichting/ijsselland").content.decode()
    assert 'href="/inrichting/ijsselland/route"' in page


def test_another_regions_administrator_gets_404_and_changes_nothing(client, world):
    zeeland_admin = verified(client, "admin.zeeland")
    assert zeeland_admin.get(PAGE).status_code == 404
    assert zeeland_admin.post(PAGE, {"shipped": "ijsselstreek"}).status_code == 404
    assert _versions() == [(1, True)]


def test_other_roles_get_404(client, world):
    assert verified(client, "liaison.zwolle").get(PAGE).status_code == 404


def test_the_shipped_routes_are_offered_by_their_own_names(admin_client):
    page = admin_client.get(PAGE).content.decode()
    assert '<label class="utrecht-form-label" for="id_shipped">Meegeleverde route</label>' in page
    options = dict(re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', page))
    assert options == {"ijsselland": "IJsselland", "ijsselstreek": "IJsselstreek",
                       "model2012": "Model 2012 (casusoverleg)"}
    assert "Eigen route (TOML-bestand)" in page and "Nieuwe versie invoeren" in page


def test_a_shipped_route_becomes_the_new_version_logged_once(admin_client):
    logged = AccessLog.objects.filter(action="route_version").count()
    response = admin_client.post(PAGE, {"shipped": "ijsselstreek"}, follow=True)
    active = RouteDefinition.active_for(_ijsselland())
    assert (active.version, active.name) == (2, "IJsselstreek")
    assert _versions() == [(2, True), (1, False)]
    assert AccessLog.objects.filter(action="route_version").count() == logged + 1
    page = response.content.decode()
    assert "Versie 2 (IJsselstreek) is nu de route van de regio" in page
    row = re.search(r'data-version="2">(.*?)</tr>', page, re.S).group(1)
    assert user("admin.ijsselland").get_full_name() in row  # who put it in, as the access log has it
    assert "niet vastgelegd" in re.search(r'data-version="1">(.*?)</tr>', page, re.S).group(1)  # the loader's
    # IJsselstreek opens its cases at the local meeting
    opening = re.search(r"data-opening>(.*?)</tr>", page, re.S).group(1)
    assert "Lokaal signalerings- of ondermijningsoverleg" in opening


def test_an_uploaded_route_becomes_the_new_version(admin_client):
    response = admin_client.post(PAGE, {"upload": _toml(_own_route())})
    assert response.status_code == 302
    active = RouteDefinition.active_for(_ijsselland())
    assert (active.version, active.name) == (2, "IJsselland eigen")
    assert active.route.signal.stages.keys() == engine.parse(engine.load_file("ijsselland")).signal.stages.keys()


def test_a_file_that_is_not_toml_is_refused_on_its_field_and_changes_nothing(admin_client):
    response = admin_client.post(PAGE, {"upload": _toml('name = "Kapot\n[signal\n')})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_upload">Eigen route (TOML-bestand)</a>: Het bestand is geen geldige TOML' in page
    assert _versions() == [(1, True)]


def test_a_route_the_engine_refuses_is_refused_on_its_field_and_changes_nothing(admin_client):
    broken = _own_route().replace('initial = "ontvangen"', 'initial = "bestaat_niet"', 1)
    response = admin_client.post(PAGE, {"upload": _toml(broken)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Eigen route (TOML-bestand)</a>: De route in het bestand klopt niet" in page
    assert "bestaat_niet" in page
    assert _versions() == [(1, True)] and RouteDefinition.active_for(_ijsselland()).name == "IJsselland"


def test_neither_or_both_is_refused(admin_client):
    assert admin_client.post(PAGE, {"shipped": ""}).status_code == 400
    both = admin_client.post(PAGE, {"shipped": "ijsselstreek", "upload": _toml(_own_route())})
    assert both.status_code == 400 and "niet allebei" in both.content.decode()
    unknown = admin_client.post(PAGE, {"shipped": "amsterdam"})
    assert unknown.status_code == 400 and "Kies een route uit de lijst." in unknown.content.decode()
    assert _versions() == [(1, True)]


def test_the_active_route_again_makes_no_version_and_says_so(admin_client):
    logged = AccessLog.objects.filter(action="route_version").count()
    response = admin_client.post(PAGE, {"shipped": "ijsselland"}, follow=True)
    assert "Deze route is al de actieve versie (versie 1); er is geen nieuwe versie gemaakt." in \
        response.content.decode()
    assert _versions() == [(1, True)]
    assert AccessLog.objects.filter(action="route_version").count() == logged


def test_a_running_signal_keeps_its_version_and_a_new_one_takes_the_new(admin_client):
    before = RouteDefinition.active_for(_ijsselland())
    running, _code = report_as("liaison.zwolle")
    assert admin_client.post(PAGE, {"shipped": "model2012"}).status_code == 302
    running.refresh_from_db()
    assert running.route_id == before.pk and running.stage == "ontvangen"
    after, _code = report_as("liaison.zwolle")
    assert after.route == RouteDefinition.active_for(_ijsselland()) and after.route.name.startswith("Model 2012")
    page = admin_client.get(PAGE).content.decode()
    old_row = re.search(r'data-version="1">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'<td class="utrecht-table__cell">(\d+)</td>', old_row)[-2:] == ["1", "0"]


def test_the_service_refuses_another_region_and_a_broken_route_and_changes_nothing(world):
    zeeland = Region.objects.get(slug="zeeland")
    denied = AccessLog.objects.filter(action="denied", object_type="region", object_id=str(zeeland.pk)).count()
    with pytest.raises(PermissionDenied):
        services.new_route_version(user("admin.ijsselland"), zeeland, engine.load_file("model2012"))
    assert AccessLog.objects.filter(action="denied", object_type="region", object_id=str(zeeland.pk)).count() \
        == denied + 1
    broken = engine.load_file("ijsselland") | {"signal": {"initial": "nergens", "stages": {}, "transitions": []}}
    with pytest.raises(Invalid) as refused:
        services.new_route_version(user("admin.ijsselland"), _ijsselland(), broken)
    assert refused.value.message.startswith("De route klopt niet")
    assert _versions() == [(1, True)]
    assert [v for v, _active in RouteDefinition.objects.filter(region=zeeland).values_list("version", "active")] == [1]


def test_the_page_reads_in_english_with_the_routes_own_translations(admin_client):
    page = admin_client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Stages of a signal" in page and "Put in a new version" in page and "3 working days" in page
    assert "Escalate to the assessment and monitoring table" in page  # the definition's own English label
