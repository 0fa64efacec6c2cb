"""Registrations versus people (issue 20, item 5): CoMensha's sector codes and counting, the figures
per month and municipality from both sources, the CoMensha figure on the dashboard and its export."""
import inspect
from datetime import date, timedelta

import pytest

from ketenzicht.insights import aggregates, comensha, figures
from ketenzicht.insights.facts import Facts
from ketenzicht.insights.selection import Selection
from ketenzicht.intake.models import ExploitationForm, Person
from ketenzicht.regions.models import Organisation, Region

from ..helpers import signal, verified

MONTH = date(2026, 2, 1)


# --------------------------------------------------------------------------- the mapping and the counting
def test_every_form_of_exploitation_maps_to_a_comensha_sector(world):
    codes = dict(ExploitationForm.objects.values_list("code", "comensha_code"))
    assert codes == {"sexual": "SD", "labour": "GA", "criminal": "GC", "organ_removal": "OH"}
    assert set(codes.values()) <= set(comensha.CODES)
    assert comensha.CODES == ("SD", "GA", "GC", "OH", "GB", "NNG", "Onb")  # seed 002, bijlage 4


def test_a_victim_without_a_known_form_is_unknown():
    assert comensha.sectors_of(set()) == {"Onb"}
    assert comensha.sectors_of({"SD", None}) == {"SD"}


def test_one_victim_in_two_sectors_counts_once_in_total_and_once_per_sector():
    per_organisation, overall = comensha.count([("anna", 1, {"SD"}), ("anna", 1, {"GA"}), ("bea", 1, set())])
    assert (overall.registrations, overall.victims) == (3, 2)
    assert overall.per_sector() == {"SD": 1, "GA": 1, "GC": 0, "OH": 0, "GB": 0, "NNG": 0, "Onb": 1}
    assert per_organisation[1].victims == 2


def test_two_registrations_of_one_victim_by_two_organisations():
    per_organisation, overall = comensha.count([("anna", 1, {"SD"}), ("anna", 2, {"SD", "GC"}), ("bea", 3, {"GA"})],
                                               organisations={1, 2})
    assert (per_organisation[1].registrations, per_organisation[1].victims) == (1, 1)
    assert per_organisation[2].per_sector()["GC"] == 1 and per_organisation[1].per_sector()["GC"] == 0
    assert per_organisation[None].victims == 1  # another organisation's, counted under "none or other"
    assert (overall.registrations, overall.victims) == (3, 2)  # anna once, though two registered her
    assert overall.per_sector()["SD"] == 1 and overall.per_sector()["GC"] == 1


# --------------------------------------------------------------------------- in the figures
@pytest.fixture
def registrations(world):
    """Anna registered by Zwolle twice (labour in February, sexual in March) and by Deventer once
    (criminal, February), her records linked; Bea once by Deventer (labour)."""
    anna = [signal("liaison.zwolle", "GM0193", MONTH + timedelta(days=2)),
            signal("liaison.zwolle", "GM0193", date(2026, 3, 5), form="sexual"),
            signal("liaison.deventer", "GM0150", MONTH + timedelta(days=4), form="criminal")]
    signal("liaison.deventer", "GM0150", MONTH + timedelta(days=6))
    identity = anna[0].persons.get().identity
    Person.objects.filter(signal__in=anna).update(identity=identity)
    return Selection(region=Region.objects.get(slug="ijsselland"), start=MONTH, end=date(2026, 3, 31))


def _rows(table):
    return {row.key: row.values for row in table.rows}


def test_registrations_and_people_per_month_and_municipality_from_both_sources(registrations):
    zwolle, deventer = (Organisation.objects.get(name=f"Gemeente {name}").pk for name in ("Zwolle", "Deventer"))
    with aggregates.facts_for(registrations) as monthly:
        assert isinstance(monthly, aggregates.MonthlyFacts)
        answers = [(facts.registrations_per("month"), facts.registrations_per("municipality"),
                    facts.persons_per_month(), facts.people_numbers()) for facts in (monthly, Facts(registrations))]
        months = _rows(figures.per_month(monthly))
    assert answers[0] == answers[1]
    by_month, _by_municipality, persons, numbers = answers[0]
    assert by_month[MONTH] == 3 and persons[MONTH] == 2 and persons[date(2026, 3, 1)] == 1
    assert numbers["registrations"] == 4 and numbers["persons"] == 2
    assert (months["2026-02"]["registrations"], months["2026-02"]["persons"]) == (3, 2)
    municipalities = {row.label: row.values for row in figures.municipalities(Facts(registrations)).rows}
    assert municipalities["Zwolle"]["registrations"] == 2 and municipalities["Deventer"]["registrations"] == 2

    view = _rows(figures.comensha_view(Facts(registrations)))
    assert (view[str(zwolle)]["registrations"], view[str(zwolle)]["victims"]) == (2, 1)
    assert view[str(zwolle)]["GA"] == 1 and view[str(zwolle)]["SD"] == 1  # one victim in two sectors
    assert (view[str(deventer)]["registrations"], view[str(deventer)]["victims"]) == (2, 2)
    assert view["all"]["registrations"] == 4 and view["all"]["victims"] == 2  # Anna once, by two organisations
    assert (view["all"]["SD"], view["all"]["GA"], view["all"]["GC"], view["all"]["Onb"]) == (1, 2, 1, 0)


def test_the_records_are_streamed_not_held_as_victim_objects(registrations, monkeypatch):
    """Ten years of a region at 3M signals are some 150,000 records: held at once as `Facts.victims`
    they took the serving process from 150 to 330 MB (the target is 300) and 4.3 s; streamed, 250 MB
    and 2.6 s."""
    monkeypatch.setattr(Facts, "victims", property(lambda facts: pytest.fail("every victim record held at once")))
    records = comensha.records(registrations)
    assert inspect.isgenerator(records)
    identity = Person.objects.get(signal__received_at__date=date(2026, 3, 5)).identity
    anna = sorted("+".join(sorted(codes)) for who, _organisation, codes in records if who == identity)
    assert anna == ["GA", "GC", "SD"]  # her three registrations, each with its signal's form


def test_its_own_page_shows_registrations_beside_victims_and_the_dashboard_links_to_it(client, registrations):
    """The view reads every signal of the period (the aggregates do not keep reporters and forms per
    person): asked for on its own page, not computed with every dashboard."""
    verified(client, "care.ijsselland")  # sees exact counts
    dashboard = client.get("/cijfers?from=2026-02-01&to=2026-03-31").content.decode()
    assert 'id="figure-comensha"' not in dashboard
    assert 'href="/cijfers/comensha?' in dashboard
    page = client.get("/cijfers/comensha?from=2026-02-01&to=2026-03-31")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="figure-comensha"' in text and "Aanmeldingen en slachtoffers (zoals CoMensha)" in text
    assert "Onb" in text and "Alle melders" in text
    assert 'href="/cijfers/comensha.csv?' in text
    assert client.get("/cijfers/people?from=2026-02-01&to=2026-03-31").status_code == 404  # the dashboard's own
    assert client.get("/cijfers/comensha?from=2026-03-31&to=2026-02-01").status_code == 400


def test_the_figures_page_refuses_those_who_see_no_figures(client, registrations):
    verified(client, "reporter.zwolle")
    assert client.get("/cijfers/comensha?from=2026-02-01&to=2026-03-31").status_code in (403, 404)


def test_the_comensha_export_is_rounded_and_holds_no_personal_data(client, registrations):
    verified(client, "care.ijsselland")  # downloads are rounded for everyone
    response = client.get("/cijfers/comensha.csv?from=2026-02-01&to=2026-03-31")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = [line.split(";") for line in text.lstrip("\ufeff").splitlines()]
    assert lines[0] == ["Aangemeld door", "Aanmeldingen (registraties)", "Slachtoffers (personen)", *comensha.CODES]
    total = next(line for line in lines if line[0] == "Alle melders")
    assert total[1:] == ["<5"] * (len(comensha.CODES) + 2)  # 4 registrations, 2 victims: small, hidden
    identities = {str(p.identity) for p in Person.objects.all()} | {p.identity.hex for p in Person.objects.all()}
    assert not any(identity in text for identity in identities)
