"""The wijzer for partners' websites: public and read-only, both languages in one document."""
from rest_framework.test import APIClient

from ketenzicht.regions.models import Municipality, Region
from ketenzicht.wijzer import figures
from ketenzicht.wijzer.models import Liaison


def test_the_regions_guide_with_steps_outcomes_and_contacts_in_dutch_and_english(world):
    body = APIClient().get("/api/v1/reporting-guides/ijsselland").json()
    assert body["region"] == "ijsselland" and [s["code"] for s in body["steps"]] == [
        "who", "what", "danger", "municipality"]
    who = body["steps"][0]
    assert who["question"] == {"nl": "Wie bent u?", "en": "Who are you?"}
    assert {"code": "GM0193", "label": {"nl": "Zwolle", "en": "Zwolle"}} in body["steps"][3]["answers"]
    outcomes = {o["code"]: o for o in body["outcomes"]}
    assert outcomes["police"]["contact"]["phone"] == "0900-8844"
    assert outcomes["mma"]["contact"]["phone"] == "0800-7000"
    assert outcomes["veilig_thuis"]["contact"]["name"]["nl"] == "Veilig Thuis IJsselland"
    assert outcomes["emergency"]["contact"]["phone"] == "112" and "internal" not in outcomes
    danger = [r for r in body["routes"] if r["danger"] == "yes"]
    assert danger and all(r["primary"] == ["emergency"] for r in danger)
    assert body["intro"]["en"].startswith("In IJsselland a suspicion")
    assert body["form_url"] == "http://testserver/regio/ijsselland/melden"


def test_an_unknown_region_is_a_problem_json_404(world):
    response = APIClient().get("/api/v1/reporting-guides/nergens")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_the_liaison_directory_by_region_and_municipality(world):
    api = APIClient()
    zwolle = api.get("/api/v1/liaison-contacts?municipality=GM0193").json()
    liaison = Liaison.objects.get(municipality__cbs_code="GM0193")
    assert zwolle == [{"id": liaison.pk, "municipality": "GM0193", "municipality_name": "Zwolle",
                       "region": "ijsselland", "name": liaison.name, "phone": liaison.phone,
                       "email": liaison.email}]
    zeeland = api.get("/api/v1/liaison-contacts?region=zeeland")
    assert [row["municipality_name"] for row in zeeland.json()] == ["Goes", "Vlissingen"]
    first = api.get("/api/v1/liaison-contacts?region=ijsselland&size=2")
    assert len(first.json()) == 2 and first["X-Total-Count"] == "11" and 'rel="next"' in first["Link"]


def test_bad_parameters_name_the_field(world):
    response = APIClient().get("/api/v1/liaison-contacts?region=nergens&municipality=GM9999")
    names = {p["name"] for p in response.json()["invalid_params"]}
    assert response.status_code == 400 and names == {"region", "municipality"}
    assert APIClient().get("/api/v1/liaison-contacts?size=0").status_code == 400


def test_the_api_is_read_only(world):
    assert APIClient().post("/api/v1/liaison-contacts", {}, format="json").status_code == 405
    assert APIClient().post("/api/v1/reporting-guides/ijsselland", {}, format="json").status_code == 405


def test_figures_count_the_directorys_reach(world):
    zeeland = Region.objects.get(slug="zeeland")
    assert figures.counts(zeeland) == {"municipalities": 12, "with_liaison": 2, "liaisons": 2,
                                       "with_internal_route": 0}
    ijsselland = Region.objects.get(slug="ijsselland")
    assert figures.counts(ijsselland)["with_internal_route"] == 2
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    assert figures.counts(ijsselland, municipality=zwolle) == {"municipalities": 1, "with_liaison": 1,
                                                               "liaisons": 1, "with_internal_route": 1}
