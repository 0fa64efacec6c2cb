"""A signal links its case and a case lists its signals (issue 16), each only for whoever may see
the other: otherwise null or left out, so nobody learns that a case or signal exists."""
from ketenzicht.intake import services

from ..helpers import api_client, report_as, user


def escalated():
    signal, _code = report_as("reporter.zwolle", other_municipalities=[])
    liaison = user("liaison.zwolle")
    services.take_transition(liaison, signal, "in_behandeling_nemen")
    return services.take_transition(liaison, signal, "escaleren", reason="Sterke signalen")


def test_signal_and_case_link_both_ways_for_the_liaison(world):
    signal = escalated()
    liaison = api_client("liaison.zwolle")
    read = liaison.get(f"/api/v1/signals/{signal.pk}").json()
    assert read["case"] == str(signal.case_id)
    assert read["case_url"] == f"http://testserver/api/v1/cases/{signal.case_id}"
    assert liaison.get(read["case_url"]).json()["signals"] == [str(signal.pk)]
    listed = liaison.get("/api/v1/signals?status=all").json()["results"]
    assert [s["case"] for s in listed if s["id"] == str(signal.pk)] == [str(signal.case_id)]


def test_no_link_for_who_may_not_see_the_case(world):
    signal = escalated()
    reporter = api_client("reporter.zwolle").get(f"/api/v1/signals/{signal.pk}").json()
    assert reporter["case"] is None and reporter["case_url"] is None  # the reporter never sees the case
    chair = api_client("chair.ijsselland").get(f"/api/v1/cases/{signal.case_id}").json()
    assert chair["signals"] == []  # the chair sees the case, not the signal behind it


def test_a_signal_without_a_case(world):
    signal, _code = report_as("reporter.zwolle")
    read = api_client("liaison.zwolle").get(f"/api/v1/signals/{signal.pk}").json()
    assert read["case"] is None and read["case_url"] is None
