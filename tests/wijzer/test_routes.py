"""Where the answers lead: danger always 112 first; otherwise the place that fits who is asking."""
from ketenzicht.wijzer import routes


def answers(who, what="unsure", danger="no", municipality="GM0193"):
    return {"who": who, "what": what, "danger": danger, "municipality": municipality}


def test_danger_now_leads_to_112_whoever_asks():
    for who in routes.ANSWERS["who"]:
        for what in routes.ANSWERS["what"]:
            route = routes.route(answers(who, what, "yes"))
            assert route.primary == ["emergency"] and "liaison" not in route.all


def test_each_kind_of_person_has_their_own_first_place():
    assert routes.route(answers("citizen")).primary == ["liaison"]
    assert routes.route(answers("self")).primary == ["comensha"]
    assert routes.route(answers("care")).primary == ["veilig_thuis"]
    assert routes.route(answers("municipality")).primary == ["liaison"]
    assert routes.route(answers("employer", "labour")).primary == ["labour_inspectorate"]
    assert routes.route(answers("employer", "sexual")).primary == ["liaison"]


def test_labour_exploitation_always_offers_the_labour_inspectorate_and_no_place_twice():
    for who in routes.ANSWERS["who"]:
        route = routes.route(answers(who, "labour"))
        assert "labour_inspectorate" in route.all
        assert len(route.all) == len(set(route.all))


def test_without_a_known_municipality_the_form_takes_the_liaisons_place():
    route = routes.route(answers("citizen", municipality="other"))
    assert route.primary == ["form"] and "liaison" not in route.all


def test_the_municipality_is_asked_last_and_not_when_there_is_danger():
    assert routes.next_step({}) == "who"
    assert routes.next_step({"who": "citizen", "what": "sexual", "danger": "no"}) == "municipality"
    assert routes.next_step({"who": "citizen", "what": "sexual", "danger": "yes"}) is None
    assert routes.next_step({"who": "care", "what": "sexual", "danger": "no"}, internal=True) is None


class Town:
    def __init__(self, code):
        self.cbs_code, self.name = code, code


def test_unknown_or_out_of_order_answers_are_not_taken():
    towns = [Town("GM0193")]
    assert routes.read({"danger": "no"}, towns) == ({}, [])
    assert routes.read({"who": "burgemeester"}, towns) == ({}, ["who"])
    found, unknown = routes.read({"who": "citizen", "what": "labour", "danger": "no", "municipality": "GM0664"}, towns)
    assert found == {"who": "citizen", "what": "labour", "danger": "no"} and unknown == ["municipality"]
    # the internal version offers only the municipality's own kinds of work
    assert routes.read({"who": "citizen"}, towns, internal=True) == ({}, ["who"])
