"""The public wijzer without JavaScript: every step an ordinary GET form, the answers in the
address, the outcome with the municipality's liaison; the A4, the directory, the internal version."""
import re

from django.urls import reverse

from ketenzicht.wijzer.models import Liaison

from ..helpers import verified, visible_text

GUIDE = "/regio/ijsselland/meldroute"


def text(response):
    return visible_text(response.content.decode())


def test_a_citizen_walks_the_steps_and_ends_at_zwolles_liaison(world, client):
    first = client.get(GUIDE)
    assert first.status_code == 200 and "Vraag 1: Wie bent u?" in text(first)
    assert re.search(r'<form method="get" action="/regio/ijsselland/meldroute"', first.content.decode())
    assert 'name="who" value="citizen"' in first.content.decode()
    second = client.get(GUIDE, {"who": "citizen"})
    assert "Vraag 2: Wat heeft u gezien of gehoord?" in text(second)
    assert 'type="hidden" name="who" value="citizen"' in second.content.decode()
    fourth = client.get(GUIDE, {"who": "citizen", "what": "labour", "danger": "no"})
    assert "In welke gemeente speelt het?" in text(fourth) and 'value="GM0193"' in fourth.content.decode()
    end = client.get(GUIDE, {"who": "citizen", "what": "labour", "danger": "no", "municipality": "GM0193"})
    page = text(end)
    liaison = Liaison.objects.get(municipality__cbs_code="GM0193")
    assert "Aandachtsfunctionaris mensenhandel van Zwolle" in page
    assert liaison.name in page and liaison.phone in page and liaison.email in page
    assert "Nederlandse Arbeidsinspectie" in page and "0800-5151" in page  # labour: the inspectorate too
    assert "0800-7000" in page and "/regio/ijsselland/melden" in end.content.decode()


def test_danger_now_ends_at_112_without_asking_the_municipality(world, client):
    end = client.get(GUIDE, {"who": "care", "what": "sexual", "danger": "yes"})
    page = text(end)
    assert "Hier kunt u het beste terecht Alarmnummer 112" in page and "In welke gemeente" not in page
    assert 'href="tel:112"' in end.content.decode()


def test_a_care_worker_goes_to_veilig_thuis_under_the_meldcode(world, client):
    page = text(client.get(GUIDE, {"who": "care", "what": "criminal", "danger": "no", "municipality": "GM0150"}))
    assert "Hier kunt u het beste terecht Veilig Thuis IJsselland" in page and "meldcode" in page
    assert "0800-2000" in page and "Aandachtsfunctionaris mensenhandel van Deventer" in page


def test_unknown_answers_are_asked_again_saying_so(world, client):
    forged = client.get(GUIDE, {"who": "citizen", "what": "<script>", "danger": "no"})
    assert forged.status_code == 400 and "Dit antwoord kennen we niet" in text(forged)
    assert "Vraag 2" in text(forged) and "<script>" not in forged.content.decode()
    other_region = client.get(GUIDE, {"who": "citizen", "what": "sexual", "danger": "no", "municipality": "GM0664"})
    assert other_region.status_code == 400 and "In welke gemeente" in text(other_region)
    assert client.get("/regio/nergens/meldroute").status_code == 404


def test_a_municipality_without_a_listed_liaison_points_to_the_form(world, client):
    page = text(client.get("/regio/zeeland/meldroute", {"who": "citizen", "what": "sexual", "danger": "no",
                                                         "municipality": "GM0654"}))  # Borsele: none listed
    assert "nog geen aandachtsfunctionaris in de lijst" in page


def test_the_a4_shows_the_whole_route_and_one_municipalitys_liaison(world, client):
    liaison = Liaison.objects.get(municipality__cbs_code="GM0193")
    zwolle = text(client.get("/regio/ijsselland/meldroute/afdrukken", {"municipality": "GM0193"}))
    assert "Vermoeden van mensenhandel? Zo meldt u het." in zwolle and "Gemeente Zwolle, regio IJsselland" in zwolle
    for number in ("112", "0900-8844", "0800-7000", "0800-2000", "0800-5151"):
        assert number in zwolle
    assert liaison.name in zwolle and "Deventer" not in zwolle.split("Nummers en adressen")[0].split("U bent")[1]
    whole = text(client.get("/regio/ijsselland/meldroute/afdrukken"))
    assert liaison.name in whole and Liaison.objects.get(municipality__cbs_code="GM0150").name in whole
    assert client.get("/regio/ijsselland/meldroute/afdrukken", {"municipality": "GM0664"}).status_code == 404


def test_the_directory_lists_every_municipality(world, client):
    page = text(client.get("/regio/zeeland/aandachtsfunctionarissen"))
    assert "Goes" in page and "Vlissingen" in page and page.count("Nog niet in de lijst") == 10


def test_the_wijzer_in_english(world, client):
    page = text(client.get(GUIDE, {"who": "citizen", "what": "sexual", "danger": "no", "municipality": "GM0193"},
                           HTTP_ACCEPT_LANGUAGE="en"))
    assert "Human trafficking liaison of Zwolle" in page and "Where to report human trafficking" in page
    first = text(client.get(GUIDE, HTTP_ACCEPT_LANGUAGE="en"))
    assert "In IJsselland a suspicion of human trafficking goes to the municipality's liaison" in first


def test_the_internal_version_shows_the_municipalitys_own_route(world, client):
    verified(client, "liaison.zwolle")
    assert client.get("/meldroute").url == "/meldroute/GM0193"
    page = text(client.get("/meldroute/GM0193", {"who": "municipality", "what": "labour", "danger": "no"}))
    assert "Meldroute mensenhandel van Zwolle" in page and "dezelfde dag bij de aandachtsfunctionaris" in page
    care = client.get("/meldroute/GM0193", {"who": "care", "what": "labour", "danger": "no"}).content.decode()
    assert f'href="{reverse("intake:new")}"' in care and "Veilig Thuis IJsselland" in care
    assert "Signaal melden in Ketenzicht" in visible_text(care) and "ontvangstcode" not in care
    assert client.get("/meldroute/GM0150").status_code == 404  # not Zwolle's: as if it did not exist


def test_the_internal_version_is_not_for_everyone(world, client):
    assert client.get("/meldroute").status_code == 302  # to the login
    verified(client, "analyst.ijsselland")
    assert client.get("/meldroute").status_code == 403
