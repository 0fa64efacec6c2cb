"""The API contract of DESIGN.md section 6, end to end through real HTTP."""
import pytest
from rest_framework.test import APIClient

from ketenzicht.intake.models import Signal

from ..helpers import api_client, professional_payload


@pytest.fixture
def reporter(world):
    return api_client("reporter.zwolle")


@pytest.fixture
def liaison(world):
    return api_client("liaison.zwolle")


def create(client, **overrides):
    response = client.post("/api/v1/signals", professional_payload(**overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_done_flow_through_the_api(world, reporter, liaison):
    """reporter.zwolle reports, liaison.zwolle finds it first, gives feedback; liaison.deventer never sees it."""
    public = APIClient().post("/api/v1/public/signals", {"municipality": "GM0193",
                                                         "description": "Burger ziet iets"}, format="json")
    assert public.status_code == 201
    receipt = public.json()["receipt_code"]
    signal = create(reporter)
    assert signal["lead_municipality"] == "GM0193" and signal["municipalities"] == ["GM0148", "GM0193"]
    assert "stage" not in signal  # the reporter's view leaves out the handling fields

    liaison.post(f"/api/v1/signals/{signal['id']}/notes", {"text": "BRP: 12 ingeschrevenen"}, format="json")
    listing = liaison.get("/api/v1/signals").json()
    assert listing["count"] == 2 and {s["id"] for s in listing["results"]} >= {signal["id"]}

    feedback = liaison.post(f"/api/v1/signals/{signal['id']}/feedback", {"text": "We gaan ermee aan de slag."},
                            format="json")
    assert feedback.status_code == 201
    mine = reporter.get(f"/api/v1/signals/{signal['id']}").json()
    assert [f["text"] for f in mine["feedback"]][-1] == "We gaan ermee aan de slag."

    public_signal = Signal.objects.get(channel="public_form")
    liaison.post(f"/api/v1/signals/{public_signal.pk}/feedback", {"text": "Dank, opgepakt."}, format="json")
    status = APIClient().get(f"/api/v1/public/signals/{receipt}").json()
    assert set(status) == {"status", "status_label", "feedback"}
    assert status["feedback"][-1]["text"] == "Dank, opgepakt."

    deventer = api_client("liaison.deventer")
    assert deventer.get(f"/api/v1/signals/{signal['id']}").status_code == 404
    assert deventer.get("/api/v1/signals").json()["count"] == 0
    assert deventer.post(f"/api/v1/signals/{signal['id']}/feedback", {"text": "x"}, format="json").status_code == 404


def test_patch_requires_matching_if_match(world, reporter, liaison):
    signal_id = create(reporter)["id"]
    read = liaison.get(f"/api/v1/signals/{signal_id}")
    etag = read["ETag"]
    assert read.json()["version"] == 1
    missing = liaison.patch(f"/api/v1/signals/{signal_id}", {"location": "Elders"}, format="json")
    assert missing.status_code == 428 and missing["Content-Type"] == "application/problem+json"
    ok = liaison.patch(f"/api/v1/signals/{signal_id}", {"location": "Elders", "is_acute": True}, format="json",
                       HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok.json()["location"] == "Elders" and ok.json()["is_acute"] is True
    assert ok["ETag"] != etag
    stale = liaison.patch(f"/api/v1/signals/{signal_id}", {"location": "Overschreven"}, format="json",
                          HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Signal.objects.get(pk=signal_id).location == "Elders"


def test_reporter_cannot_patch_their_signal(world, reporter):
    signal_id = create(reporter)["id"]
    etag = reporter.get(f"/api/v1/signals/{signal_id}")["ETag"]
    response = reporter.patch(f"/api/v1/signals/{signal_id}", {"location": "x"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 404


def test_transitions_follow_the_route(world, reporter, liaison):
    signal_id = create(reporter)["id"]
    assert reporter.get(f"/api/v1/signals/{signal_id}/transitions").json() == []
    names = [t["name"] for t in liaison.get(f"/api/v1/signals/{signal_id}/transitions").json()]
    assert names == ["in_behandeling_nemen", "acuut_ingrijpen", "afsluiten", "doorverwijzen"]
    etag = liaison.get(f"/api/v1/signals/{signal_id}")["ETag"]  # a step names the version it saw
    refused = liaison.post(f"/api/v1/signals/{signal_id}/transitions", {"transition": "afsluiten"}, format="json",
                           HTTP_IF_MATCH=etag)
    assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "reason"
    illegal = liaison.post(f"/api/v1/signals/{signal_id}/transitions", {"transition": "heropenen",
                                                                        "reason": "x"}, format="json",
                           HTTP_IF_MATCH=etag)
    assert illegal.status_code == 400
    taken = liaison.post(f"/api/v1/signals/{signal_id}/transitions", {"transition": "in_behandeling_nemen"},
                         format="json", HTTP_IF_MATCH=etag)
    assert taken.status_code == 200 and taken.json()["stage"] == "verrijking"
    assert taken.json()["status"] == "taken_up"
    closed = liaison.post(f"/api/v1/signals/{signal_id}/transitions",
                          {"transition": "afsluiten", "reason": "Doorverwezen naar de Arbeidsinspectie"},
                          format="json", HTTP_IF_MATCH=taken["ETag"])
    assert closed.json()["status"] == "closed"
    milestones = [f["milestone"] for f in reporter.get(f"/api/v1/signals/{signal_id}").json()["feedback"]]
    assert milestones == ["received", "taken_up", "closed"]


@pytest.mark.parametrize("overrides, field", [
    ({"lead_municipality": "GM9999"}, "lead_municipality"),
    ({"lead_municipality": "GM0687"}, "lead_municipality"),  # Zeeland: not the reporter's region
    ({"description": ""}, "description"),
    ({"description": "x" * 1_000_000}, "description"),
    ({"description": 12345}, "description"),
    ({"exploitation_forms": "labour"}, "exploitation_forms"),
    ({"indicators": ["nonsense"]}, "indicators"),
    ({"urgency": "extreme"}, "urgency"),
    ({"persons": [{"role": "victim", "age": "old"}]}, "persons.0.age"),
    ({"persons": [{"role": "victim", "age": 15, "is_minor": False}]}, "persons.0.is_minor"),
    ({"persons": "many"}, "persons"),
    ({"surprise": 1}, "surprise"),
])
def test_bad_input_answers_problem_json_naming_the_field(world, reporter, overrides, field):
    response = reporter.post("/api/v1/signals", professional_payload(**overrides), format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert field in [p["name"] for p in body["invalid_params"]]
    assert Signal.objects.count() == 0


def test_public_api_is_rate_limited(world, settings):
    settings.KETENZICHT_PUBLIC_RATE = 2
    client = APIClient()
    body = {"municipality": "GM0193", "description": "x"}
    assert [client.post("/api/v1/public/signals", body, format="json").status_code for _ in range(3)] == [201, 201, 429]
    assert Signal.objects.count() == 2


def test_public_status_of_unknown_code_is_404(world):
    response = APIClient().get("/api/v1/public/signals/AAAA-BBBB-CCCC-DDDD")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_municipalities_are_listed_with_inhabitants(world):
    data = APIClient().get("/api/v1/municipalities?region=ijsselland").json()
    zwolle = next(m for m in data if m["code"] == "GM0193")
    assert zwolle == {"code": "GM0193", "name": "Zwolle", "inhabitants": 129840, "region": "ijsselland",
                      "region_name": "IJsselland"}
    assert sum(m["inhabitants"] for m in data) == 534800


def test_responses_carry_api_version(world, reporter):
    assert reporter.get("/api/v1/signals")["API-Version"] == "1.0.0"
    assert APIClient().get("/api/v1/nothing-here")["Content-Type"] == "application/problem+json"


def test_openapi_document_follows_the_design_rules(world):
    doc = APIClient().get("/api/v1/openapi.json").json()
    assert doc["info"]["contact"]["email"]
    for path, item in doc["paths"].items():
        assert not path.endswith("/")
        for method, operation in item.items():
            for code, response in operation["responses"].items():
                if code.startswith("2"):
                    assert "API-Version" in response["headers"], (path, method)
                if code.startswith(("4", "5")):
                    assert "application/problem+json" in response["content"], (path, method, code)


def test_tokens_expire_and_can_be_revoked(world):
    from django.utils import timezone

    from ketenzicht.accounts.models import ApiToken

    client = api_client("liaison.zwolle")
    assert client.get("/api/v1/signals").status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/signals").status_code == 401
    other = api_client("liaison.zwolle")
    ApiToken.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now())
    assert other.get("/api/v1/signals").status_code == 401
    assert APIClient(HTTP_AUTHORIZATION="Token forged").get("/api/v1/signals").status_code == 401


@pytest.mark.parametrize("body, reason", [
    ('{"municipality": "GM0193", "description": "\\ud800"}', "losse surrogaat"),
    ("[" * 100_000 + "]" * 100_000, "te diep genest"),
    ('{"municipality": "GM0193", "description": }', "regel 1, kolom 43"),
    ('{"municipality": "GM0193", "description": NaN}', "geen geldige JSON"),
    (b'{"municipality": "GM0193", "description": "\xff"}', "geen geldige JSON"),
])
def test_bad_json_is_refused_in_dutch(world, body, reason):
    response = APIClient(raise_request_exception=False).post("/api/v1/public/signals", body,
                                                             content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert reason in response.json()["detail"]
    assert Signal.objects.count() == 0


def test_server_errors_under_api_are_problem_json_and_pages_stay_pages(world, monkeypatch):
    from ketenzicht.intake import public_views
    from ketenzicht.regions import api as regions_api

    def broken(*args, **kwargs):
        raise RuntimeError("geheim: DATABASE_URL=postgres://...")

    monkeypatch.setattr(regions_api, "MunicipalitySerializer", broken)
    monkeypatch.setattr(public_views, "ReceiptForm", broken)
    client = APIClient(raise_request_exception=False)
    api = client.get("/api/v1/municipalities")
    assert api.status_code == 500 and api["Content-Type"] == "application/problem+json"
    assert api.json()["title"] == "Serverfout" and "geheim" not in api.content.decode()
    page = client.get("/status")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
    assert "Er ging iets mis" in page.content.decode() and "geheim" not in page.content.decode()


def test_requests_django_refuses_are_problem_json_under_api(world):
    too_many = "&".join(f"p{i}=1" for i in range(1001))  # more than DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = APIClient().get(f"/api/v1/municipalities?{too_many}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"


def test_municipalities_of_another_region_are_refused_not_dropped(world, reporter, liaison):
    from django.core.exceptions import ValidationError

    from ketenzicht.intake import services
    from ketenzicht.regions.models import Municipality

    from ..helpers import user

    signal_id = create(reporter)["id"]
    etag = liaison.get(f"/api/v1/signals/{signal_id}")["ETag"]
    response = liaison.patch(f"/api/v1/signals/{signal_id}", {"other_municipalities": ["GM0150", "GM0687"]},
                             format="json", HTTP_IF_MATCH=etag)  # Deventer, and Vlissingen of Zeeland
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalid_params"]] == ["other_municipalities"]
    assert "GM0687" in response.json()["invalid_params"][0]["reason"]
    assert sorted(Signal.objects.get(pk=signal_id).municipality_links.values_list(
        "municipality__cbs_code", flat=True)) == ["GM0148", "GM0193"]
    zwolle, vlissingen = Municipality.objects.get(cbs_code="GM0193"), Municipality.objects.get(cbs_code="GM0687")
    with pytest.raises(ValidationError) as refused:  # a reporter working in two regions names both in one signal
        services.report(user("reporter.zwolle"), {"lead_municipality": zwolle, "other_municipalities": [vlissingen],
                                                  "description": "x"})
    assert "other_municipalities" in refused.value.message_dict
    assert Signal.objects.count() == 1


def test_unknown_region_of_municipalities_is_refused(world):
    response = APIClient().get("/api/v1/municipalities?region=atlantis")
    assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] == "region"


def test_patch_changes_but_never_empties_kind_urgency_or_description(world, reporter, liaison):
    signal_id = create(reporter)["id"]
    etag = liaison.get(f"/api/v1/signals/{signal_id}")["ETag"]
    for body in ({"kind": ""}, {"urgency": None}, {"description": ""}):
        response = liaison.patch(f"/api/v1/signals/{signal_id}", body, format="json", HTTP_IF_MATCH=etag)
        assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] in body, body
    signal = Signal.objects.get(pk=signal_id)
    assert (signal.kind, signal.urgency, signal.version) == ("signal", "normal", 1)
    everything = liaison.patch(f"/api/v1/signals/{signal_id}", {"location": "x"}, format="json", HTTP_IF_MATCH="*")
    assert everything.status_code == 428  # "*" would overwrite whatever is there: name the version seen


def test_page_size_above_the_maximum_is_refused(world, liaison):
    assert liaison.get("/api/v1/signals?pageSize=100").status_code == 200
    response = liaison.get("/api/v1/signals?pageSize=101")
    assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] == "pageSize"


def test_openapi_document_says_what_the_api_refuses(world):
    """Request bodies are closed (unknown fields answer 400), refusals by role are documented."""
    doc = APIClient().get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    create = doc["paths"]["/signals"]["post"]
    assert list(create["requestBody"]["content"]) == ["application/json"]
    body = schemas[create["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    assert body["additionalProperties"] is False
    assert schemas[body["properties"]["persons"]["items"]["$ref"].rsplit("/", 1)[1]]["additionalProperties"] is False
    assert "403" in create["responses"]
    patch = schemas["PatchedSignalPatchRequest"]["properties"]
    assert "nullable" not in patch["kind"] and patch["description"]["minLength"] == 1
    assert patch["location"]["nullable"] is True


def test_text_is_measured_as_sent(world, reporter, liaison):
    """Found by schemathesis: a space before 2,000 characters of feedback passed a limit of 2,000."""
    signal_id = create(reporter)["id"]
    response = liaison.post(f"/api/v1/signals/{signal_id}/feedback", {"text": " " + "x" * 2000}, format="json")
    assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] == "text"
    assert liaison.post(f"/api/v1/signals/{signal_id}/feedback", {"text": "x" * 2000},
                        format="json").status_code == 201
