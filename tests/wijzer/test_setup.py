"""The region edits its wijzer: texts in Dutch and English, contacts, the liaison directory and the
internal routes. Markup, half translations, bad numbers, another region's municipality, a stale
version and another region's administrator are refused in Dutch, nothing changed, nothing typed lost."""
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from ketenzicht.demo import loader
from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Region
from ketenzicht.wijzer import services, texts
from ketenzicht.wijzer.models import Guide, InternalRoute, Liaison

from ..helpers import user, verified, visible_text

SETUP = "/inrichting/ijsselland/meldroute"


@pytest.fixture
def ijsselland(world):
    return Region.objects.get(slug="ijsselland")


def test_a_text_with_script_is_refused_in_dutch_and_kept_on_the_form(ijsselland, client):
    verified(client, "admin.ijsselland")
    version = Guide.objects.get(region=ijsselland).version
    typed = "Meld het <script>alert(1)</script>"
    response = client.post(f"{SETUP}/teksten", {"version": version, "intro": typed, "intro_en": "Report it"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Inleiding: gebruik geen &lt; of &gt; (geen HTML of script)" in page
    assert "Meld het &lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert Guide.objects.get(region=ijsselland).version == version
    assert "<script>" not in texts.Wording(ijsselland).text("intro")


def test_texts_are_kept_in_both_languages(ijsselland, client):
    verified(client, "admin.ijsselland")
    version = Guide.objects.get(region=ijsselland).version
    half = client.post(f"{SETUP}/teksten", {"version": version, "step_who": "Wie bent u precies?"})
    assert half.status_code == 400 and "vul ook de Engelse tekst in" in half.content.decode()
    intro = texts.stored_texts(texts.guide_of(ijsselland))["intro"]
    saved = client.post(f"{SETUP}/teksten", {"version": version, "step_who": "Wie bent u precies?",
                                             "step_who_en": "Who exactly are you?", "intro": intro.text,
                                             "intro_en": intro.text_en})
    assert saved.status_code == 302
    assert "Wie bent u precies?" in visible_text(client.get("/regio/ijsselland/meldroute").content.decode())
    english = client.get("/regio/ijsselland/meldroute", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Who exactly are you?" in english
    with translation.override("nl"):  # the form sends every text: the intro it showed stays
        assert texts.Wording(ijsselland).text("intro").startswith("In IJsselland komt")
        assert texts.Wording(ijsselland).text("step:what") == str(texts.DEFAULTS["step:what"])


def test_a_stale_version_overwrites_nothing_and_keeps_what_was_typed(ijsselland, client):
    admin = user("admin.ijsselland")
    version = Guide.objects.get(region=ijsselland).version
    services.set_texts(admin, ijsselland, {"intro": ("Eerst", "First")}, version)
    verified(client, "admin.ijsselland")
    response = client.post(f"{SETUP}/teksten", {"version": version, "intro": "Tweede", "intro_en": "Second"})
    assert response.status_code == 400 and "Iemand anders heeft de teksten" in response.content.decode()
    assert "Tweede</textarea>" in response.content.decode()
    assert texts.Wording(ijsselland).text("intro") == "Eerst"


def test_contacts_check_numbers_addresses_and_the_emergency_number(ijsselland):
    admin = user("admin.ijsselland")
    version = Guide.objects.get(region=ijsselland).version
    with pytest.raises(Invalid) as refused:
        services.set_contacts(admin, ijsselland, {
            "police": {"name": "Politie IJsselland", "phone": "bel ons"},
            "emergency": {"name": "Alarm", "phone": "113"},
            "comensha": {"name": "CoMensha", "email": "geen-adres", "website": "javascript:alert(1)"}}, version)
    errors = refused.value.errors
    assert set(errors) == {"police_phone", "emergency_phone", "comensha_email", "comensha_website"}
    assert errors["emergency_phone"] == ["Het alarmnummer is altijd 112."]
    assert texts.Wording(ijsselland).contact("police").phone == "0900-8844"
    services.set_contacts(admin, ijsselland, {"comensha": {"name": "CoMensha", "phone": "033-123 45 67",
                                                           "website": "https://www.comensha.nl"}}, version)
    assert texts.Wording(ijsselland).contact("comensha").phone == "033-123 45 67"
    assert texts.Wording(ijsselland).contact("veilig_thuis").name == "Veilig Thuis"  # not sent: the shipped one


def test_the_directory_refuses_another_regions_municipality_duplicates_and_bad_details(ijsselland, client):
    admin = user("admin.ijsselland")
    goes = Municipality.objects.get(cbs_code="GM0664")
    with pytest.raises(Invalid) as other_region:
        services.add_liaison(admin, ijsselland, goes, name="A. Bakker", phone="0113-123456",
                             email="a.bakker@goes.example.nl")
    assert other_region.value.errors == {"municipality": ["Kies een gemeente van de regio."]}
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    existing = Liaison.objects.get(municipality=zwolle)
    with pytest.raises(Invalid) as duplicate:
        services.add_liaison(admin, ijsselland, zwolle, name=existing.name.upper(), phone="038-1234567",
                             email="x@zwolle.example.nl")
    assert "staat al bij Zwolle in de lijst" in duplicate.value.errors["name"][0]
    verified(client, "admin.ijsselland")
    response = client.post(f"{SETUP}/aandachtsfunctionarissen", {
        "municipality": "GM0664", "name": "<b>X</b>", "phone": "abc", "email": "nee"})
    page = response.content.decode()
    assert response.status_code == 400 and "Kies een gemeente van de regio; GM0664 is er geen." in page
    assert Liaison.objects.filter(municipality__region=ijsselland).count() == 11


def test_a_liaison_is_edited_with_its_version_and_removed(ijsselland, client):
    zwolle = Liaison.objects.get(municipality__cbs_code="GM0193")
    verified(client, "admin.ijsselland")
    url = f"{SETUP}/aandachtsfunctionarissen/{zwolle.pk}"
    saved = client.post(url, {"version": zwolle.version, "name": zwolle.name, "phone": "038-111 22 33",
                              "email": zwolle.email})
    assert saved.status_code == 302 and Liaison.objects.get(pk=zwolle.pk).phone == "038-111 22 33"
    stale = client.post(url, {"version": zwolle.version, "name": zwolle.name, "phone": "038-999 99 99",
                              "email": zwolle.email})
    assert stale.status_code == 400 and Liaison.objects.get(pk=zwolle.pk).phone == "038-111 22 33"
    client.post(f"{url}/verwijderen", {"version": zwolle.version})  # stale: stays
    assert Liaison.objects.filter(pk=zwolle.pk).exists()
    client.post(f"{url}/verwijderen", {"version": zwolle.version + 1})
    assert not Liaison.objects.filter(pk=zwolle.pk).exists()
    assert AccessLog.objects.filter(action="wijzer_liaison_removed", object_id=str(zwolle.pk)).count() == 1


def test_the_internal_route_is_kept_in_both_languages(ijsselland, client):
    verified(client, "admin.ijsselland")
    kampen = Municipality.objects.get(cbs_code="GM0166")
    url = f"{SETUP}/gemeenten/GM0166"
    assert client.post(url, {"version": 1, "text": "Meld bij team veiligheid."}).status_code == 400
    assert client.post(url, {"version": 1, "text": "Meld bij team veiligheid.",
                             "text_en": "Report to the safety team."}).status_code == 302
    assert InternalRoute.objects.get(municipality=kampen).text_en == "Report to the safety team."


def test_only_the_regions_administrator_edits_its_wijzer(ijsselland, client):
    with pytest.raises(PermissionDenied):
        services.set_texts(user("admin.zeeland"), ijsselland, {}, None)
    with pytest.raises(PermissionDenied):
        services.set_texts(user("liaison.zwolle"), ijsselland, {}, None)
    assert AccessLog.objects.filter(action="denied", object_type="wijzer").count() == 2
    verified(client, "admin.zeeland")
    assert client.get(SETUP).status_code == 404
    assert client.get("/inrichting/zeeland/meldroute").status_code == 200
    assert "Meldroute-wijzer" in client.get("/inrichting/zeeland").content.decode()


def test_loading_the_demo_again_changes_nothing(ijsselland):
    logged = AccessLog.objects.filter(action__startswith="wijzer")
    before = (Guide.objects.get(region=ijsselland).version, Liaison.objects.count(), logged.count())
    loader.load(regions=("IJsselland",), with_signals=False)
    assert (Guide.objects.get(region=ijsselland).version, Liaison.objects.count(), logged.count()) == before


def test_a_huge_text_is_refused_naming_the_field(ijsselland):
    version = Guide.objects.get(region=ijsselland).version
    with pytest.raises(Invalid) as refused:
        services.set_texts(user("admin.ijsselland"), ijsselland, {"outcome:police": ("x" * 5000, "y" * 10)}, version)
    assert refused.value.errors == {"outcome_police": [
        "Uitkomst: politie is te lang: ten hoogste 1500 tekens, nu 5000."]}
    assert Guide.objects.get(region=ijsselland).version == version
