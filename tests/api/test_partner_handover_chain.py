"""The chain of more than one table through the API, using only ids the API itself returned (issue
16, "Done means"): in IJsselstreek a signal becomes a case at the local meeting its route names,
the local chair hands it on to the table hers hands to (the RIEC plaza), whose chair plans a
meeting, puts the case on the agenda with partners from the seats and records a decision with a
track owned by an organisation read from the API. The demo accounts are the region's own."""
from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.demo import loader

from ..helpers import api_client, professional_payload

REGION = "ijsselstreek"


@pytest.fixture
def clients(world):
    """IJsselstreek's demo accounts: a liaison, the local meeting's chair, the RIEC plaza's chair
    and a police member (seated at both tables)."""
    loader.load(regions=("IJsselstreek",), with_signals=False)
    return {name: api_client(f"{name}.{REGION}") for name in ("chair", "chair.riec", "police")} | {
        "liaison": api_client("liaison.zutphen")}


def etag(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]


def step(client, object_url, body):
    """A step names the version it saw (If-Match), read from the object itself."""
    response = client.post(f"{object_url}/transitions", body, format="json", HTTP_IF_MATCH=etag(client, object_url))
    assert response.status_code == 200, response.content
    return response.json()


def invalid_names(response):
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json", response.content
    return [p["name"] for p in response.json()["invalid_params"]]


def test_local_meeting_hands_on_to_the_riec_plaza_which_decides(clients):
    liaison, local_chair, plaza_chair, police = (clients[k] for k in ("liaison", "chair", "chair.riec", "police"))

    # The signal, and the step that opens a case at the table kind the route names
    escalate = next(t for t in liaison.get(f"/api/v1/reference/signal-transitions?region={REGION}").json()
                    if t["opens_case"] and t["required"] == ["reason"])
    assert escalate["table_kind"] in [k["code"] for k in liaison.get("/api/v1/reference/table-kinds").json()]
    municipality = next(m["code"] for m in liaison.get(f"/api/v1/municipalities?region={REGION}").json()
                        if m["name"] == "Zutphen")
    created = liaison.post("/api/v1/signals", professional_payload(lead_municipality=municipality,
                                                                   other_municipalities=[]), format="json")
    assert created.status_code == 201, created.content
    signal_url = f"/api/v1/signals/{created.json()['id']}"
    while escalate["code"] not in [t["name"] for t in liaison.get(f"{signal_url}/transitions").json()]:
        onward = next(t for t in liaison.get(f"{signal_url}/transitions").json()
                      if t["to"] in escalate["from"] and not t["required"])  # take it up first
        step(liaison, signal_url, {"transition": onward["name"]})
    case_url = step(liaison, signal_url, {"transition": escalate["code"], "reason": "Sterke signalen"})["case_url"]

    # The case opens at the local meeting, chaired by the local chair, which hands cases on
    case = local_chair.get(case_url).json()
    tables = {t["id"]: t for t in local_chair.get("/api/v1/tables").json()}
    local = tables[case["table_id"]]
    assert local["kind"] == escalate["table_kind"] == "local" and local["chaired"]
    assert len(local["hands_to"]) == 1
    plaza_id = local["hands_to"][0]
    assert tables[plaza_id]["kind"] == "riec_plaza" and not tables[plaza_id]["chaired"]

    # Refused hand-overs change nothing: no If-Match, a stale one, a table hers does not hand to, no reason
    handovers = f"{case_url}/handovers"
    body = {"to_table": plaza_id, "reason": "Ondermijning: informatie van meerdere partners nodig"}
    before = etag(local_chair, case_url)
    assert local_chair.post(handovers, body, format="json").status_code == 428
    assert local_chair.post(handovers, body, format="json", HTTP_IF_MATCH='"0"').status_code == 412
    elsewhere = next(t for t in tables if t not in local["hands_to"])  # e.g. the local meeting itself
    assert invalid_names(local_chair.post(handovers, {**body, "to_table": elsewhere}, format="json",
                                          HTTP_IF_MATCH=before)) == ["to_table"]
    assert invalid_names(local_chair.post(handovers, {**body, "reason": " "}, format="json",
                                          HTTP_IF_MATCH=before)) == ["reason"]
    assert etag(local_chair, case_url) == before and local_chair.get(handovers).json() == []

    handed = local_chair.post(handovers, body, format="json", HTTP_IF_MATCH=before)
    assert handed.status_code == 201, handed.content
    assert handed.json()["from_table"] == local["id"] and handed.json()["to_table"] == plaza_id
    assert local_chair.get(case_url).status_code == 404  # the handing chair no longer sees it

    # The plaza's chair sees it now, at the route's first stage; its members once it is on their agenda
    plaza = next(t for t in plaza_chair.get("/api/v1/tables").json() if t["id"] == plaza_id)
    assert plaza["chaired"]
    at_plaza = plaza_chair.get(case_url).json()
    assert at_plaza["table_id"] == plaza_id
    assert police.get(case_url).status_code == 404
    seated = [s["organisation_id"] for s in plaza["seats"] if s["has_valid_basis"]]
    organisations = {o["id"]: o for o in plaza_chair.get(f"/api/v1/organisations?region={REGION}").json()}
    assert seated and set(seated) <= set(organisations)

    starts_at = f"{timezone.localdate() + timedelta(days=7)} 10:00"
    planned = plaza_chair.post(f"/api/v1/tables/{plaza_id}/meetings",
                               {"starts_at": starts_at, "location": "RIEC Oost-Nederland"}, format="json")
    assert planned.status_code == 201, planned.content
    meeting = next(m for m in plaza_chair.get(f"/api/v1/meetings?table={plaza_id}").json()
                   if m["id"] == planned.json()["id"])
    assert meeting["location"] == "RIEC Oost-Nederland" and meeting["agenda"] == []

    agenda_step = next(t for t in plaza_chair.get(f"{case_url}/transitions").json() if "meeting" in t["required"])
    step(plaza_chair, case_url, {"transition": agenda_step["name"], "meeting": meeting["id"], "invited": seated})
    agenda = plaza_chair.get(f"/api/v1/meetings/{meeting['id']}").json()["agenda"]
    assert [item["case"] for item in agenda] == [at_plaza["id"]] and set(seated) <= set(agenda[0]["invited"])
    assert police.get(case_url).status_code == 200  # the police hold a seat at the plaza and were invited

    decide = next(t for t in plaza_chair.get(f"{case_url}/transitions").json() if "tracks" in t["required"])
    kind = next(k["code"] for k in plaza_chair.get(f"/api/v1/reference/track-kinds?region={REGION}").json())
    owner = seated[0]
    decided = step(plaza_chair, case_url, {"transition": decide["name"], "decision": "Ondermijningsspoor via het RIEC",
                                           "tracks": [{"kind": kind, "owner": owner}]})
    assert [(t["kind"], t["owner"]) for t in decided["tracks"]] == [(kind, organisations[owner]["name"])]
    assert decided["table_id"] == plaza_id

    # The liaison of the municipality keeps both, linked both ways
    assert liaison.get(signal_url).json()["case"] == at_plaza["id"]
    assert created.json()["id"] in liaison.get(case_url).json()["signals"]
