"""A partner system drives the chain through the API using only ids the API itself returned
(issue 16, "Done means"): a signal, its steps to a case, the table's seats and organisations, a
meeting's agenda with `invited`, a decision with a track whose `owner` came from the API, and the
links between signal and case read both ways."""
from ..helpers import api_client, professional_payload


def step(client, url, body):
    """A step names the version it saw (If-Match), read from the object's own URL."""
    etag = client.get(url.rsplit("/", 1)[0])["ETag"]
    response = client.post(url, body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_chain_through_the_api_with_its_own_ids(world):
    reporter, liaison, chair = (api_client(u) for u in ("reporter.zwolle", "liaison.zwolle", "chair.ijsselland"))

    # What the route asks, from the API: the signal's steps and the case's
    signal_steps = liaison.get("/api/v1/reference/signal-transitions?region=ijsselland").json()
    escalate = next(t for t in signal_steps if t["opens_case"] and t["required"] == ["reason"])
    municipality = next(m["code"] for m in reporter.get("/api/v1/municipalities?region=ijsselland").json()
                        if m["name"] == "Zwolle")

    signal = reporter.post("/api/v1/signals", professional_payload(lead_municipality=municipality,
                                                                    other_municipalities=[]), format="json").json()
    transitions = f"/api/v1/signals/{signal['id']}/transitions"
    while escalate["code"] not in [t["name"] for t in liaison.get(transitions).json()]:  # take it up first
        onward = next(t for t in liaison.get(transitions).json() if t["to"] in escalate["from"] and not t["required"])
        step(liaison, transitions, {"transition": onward["name"]})
    escalated = step(liaison, transitions, {"transition": escalate["code"], "reason": "Sterke signalen"})
    assert escalated["case"] and escalated["case_url"].endswith(f"/api/v1/cases/{escalated['case']}")

    case = chair.get(escalated["case_url"]).json()
    assert case["signals"] == []  # the chair sees the case, not the signal behind it (need-to-know)
    table = next(t for t in chair.get("/api/v1/tables").json() if t["id"] == case["table_id"])
    assert table["chaired"]
    seated = [s for s in table["seats"] if s["has_valid_basis"]]
    assert seated, "the table has partners with a valid basis"
    invited = seated[0]["organisation_id"]

    planned = chair.post(f"/api/v1/tables/{table['id']}/meetings", {"starts_at": "2026-12-01 10:00"}, format="json")
    meeting = next(m for m in chair.get(f"/api/v1/meetings?table={table['id']}").json()
                   if m["id"] == planned.json()["id"])
    assert meeting["agenda"] == []

    case_steps = f"/api/v1/cases/{case['id']}/transitions"
    agenda_step = next(t for t in chair.get(case_steps).json() if "meeting" in t["required"])
    step(chair, case_steps, {"transition": agenda_step["name"], "meeting": str(meeting["id"]), "invited": [invited]})
    agenda = chair.get(f"/api/v1/meetings/{meeting['id']}").json()["agenda"]
    assert [item["case"] for item in agenda] == [case["id"]]
    assert invited in agenda[0]["invited"]  # beside the municipalities concerned, who always join

    decide = next(t for t in chair.get(case_steps).json() if "tracks" in t["required"])
    kind = chair.get("/api/v1/reference/track-kinds?region=ijsselland").json()[0]["code"]
    organisations = {o["id"]: o for o in chair.get("/api/v1/organisations?region=ijsselland").json()}
    owner = invited if invited in organisations else next(iter(organisations))
    decided = step(chair, case_steps, {"transition": decide["name"], "decision": "Zorg en strafrecht",
                                       "tracks": [{"kind": kind, "owner": str(owner)}]})
    assert [t["kind"] for t in decided["tracks"]] == [kind]
    assert decided["tracks"][0]["owner"] == organisations[owner]["name"]

    # The links both ways, for whoever may see both
    assert liaison.get(f"/api/v1/signals/{signal['id']}").json()["case"] == case["id"]
    assert signal["id"] in liaison.get(f"/api/v1/cases/{case['id']}").json()["signals"]
