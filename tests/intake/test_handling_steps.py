"""Handling a signal: each step on the route is its own small form that asks only what that step
needs (its own button, its required fields marked), and the page says which step was taken."""
import re

import pytest

from ketenzicht.intake import services

from ..helpers import report_as, user, verified


@pytest.fixture
def enriching(world):
    signal = report_as("reporter.zwolle")[0]
    services.take_transition(user("liaison.zwolle"), signal, "in_behandeling_nemen")
    return signal


def steps_on(page):
    """{step name: the html of its own form}."""
    return dict(re.findall(r'<details class="kz-step" data-step="([a-z_]+)"[^>]*>(.*?)</details>', page, re.S))


def test_every_step_is_its_own_form_with_only_its_fields(enriching, client):
    page = verified(client, "liaison.zwolle").get(f"/signalen/{enriching.pk}").content.decode()
    steps = steps_on(page)
    assert set(steps) == {"monitoren", "escaleren", "acuut_ingrijpen", "afsluiten", "doorverwijzen"}
    for name, html in steps.items():
        assert html.count("<button") == 1 and f'name="transition" value="{name}"' in html
    assert 'name="until"' in steps["monitoren"] and 'name="referral"' not in steps["monitoren"]
    assert 'name="referral"' in steps["doorverwijzen"] and 'name="until"' not in steps["doorverwijzen"]
    assert 'name="intervention_kind"' in steps["acuut_ingrijpen"] and 'name="intervention"' not in steps["escaleren"]
    assert "vraagt: reden, monitoren tot" in steps["monitoren"]
    assert "(verplicht)" in steps["doorverwijzen"] and "(verplicht)" not in steps.get("verder_verrijken", "")


def test_the_page_says_which_step_was_taken(enriching, client):
    liaison = verified(client, "liaison.zwolle")
    response = liaison.post(f"/signalen/{enriching.pk}/stap", {
        "transition": "monitoren", "reason": "Afwachten", "until": "2099-01-01", "version": enriching.version},
        follow=True)
    assert "Stap gezet: Blijven monitoren tot een datum." in response.content.decode()


def test_a_step_missing_what_it_needs_stays_open_with_the_error_and_what_was_typed(enriching, client):
    liaison = verified(client, "liaison.zwolle")
    response = liaison.post(f"/signalen/{enriching.pk}/stap", {"transition": "doorverwijzen",
                                                              "reason": "Slecht werkgeverschap"})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<details class="kz-step" data-step="doorverwijzen" open>' in page
    steps = steps_on(page)
    assert "Geef op naar wie u doorverwijst." in steps["doorverwijzen"] and "Slecht werkgeverschap" in steps["doorverwijzen"]
    assert "Slecht werkgeverschap" not in steps["afsluiten"] and " open>" not in page.split('data-step="afsluiten"')[1][:5]
    enriching.refresh_from_db()
    assert enriching.is_open and enriching.stage == "verrijking"
