"""The guided signal form: an error summary that names every error (the person blocks too), persons
added one at a time without losing what was typed, and a length limit said in Dutch."""
import re

import pytest

from ketenzicht.intake import services
from ketenzicht.intake.models import MAX_DESCRIPTION, Signal
from ketenzicht.lib.errors import Invalid
from ketenzicht.regions.models import Municipality

from ..helpers import api_client, professional_payload, report_page, user, verified

LONG = ("Lange omschrijving. " * 10_800)[:-1] + "!"  # 216,000 characters, as in issue 15


def summary(html):
    found = re.search(r'<div class="utrecht-alert utrecht-alert--error kz-error-summary".*?</div>', html, re.S)
    assert found, "no error summary"
    return found.group(0)


def test_an_error_in_a_person_block_is_in_the_summary_with_an_anchor(world, client):
    verified(client, "reporter.zwolle")
    response = report_page(client, **{"persons-TOTAL_FORMS": "2", "persons-1-age": "200"})
    assert response.status_code == 400
    html = response.content.decode()
    top = summary(html)
    assert 'href="#id_persons-1-age"' in top and "Betrokkene 2: Leeftijd in jaren" in top
    assert "Vul een leeftijd van 0 tot en met 120 jaar in." in top
    assert 'id="id_persons-1-age"' in html  # the anchor lands on the field
    assert html.index("kz-error-summary") < html.index("data-signal-form")  # at the top, before the form
    assert Signal.objects.count() == 0


def test_a_person_without_a_role_is_named_in_the_summary(world, client):
    verified(client, "reporter.zwolle")
    response = report_page(client, **{"persons-0-role": "", "persons-0-gender": "female"})
    top = summary(response.content.decode())
    assert 'href="#id_persons-0-role"' in top and "Kies de rol van deze betrokkene." in top


def test_another_person_block_keeps_what_was_typed_and_shows_no_errors(world, client):
    verified(client, "reporter.zwolle")
    form = client.get("/signalen/nieuw").content.decode()
    assert 'name="persons-TOTAL_FORMS" value="1"' in form and "persons-1-role" not in form.split("<template")[0]
    response = report_page(client, description="", location="Bij de haven", add_person="1",
                           **{"persons-TOTAL_FORMS": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="persons-TOTAL_FORMS" value="2"' in html and 'id="id_persons-1-role"' in html
    assert 'value="Bij de haven"' in html and 'name="persons-0-age" value="17"' in html
    assert "kz-error-summary" not in html and Signal.objects.count() == 0


def test_age_is_asked_once(world, client):
    verified(client, "reporter.zwolle")
    html = client.get("/signalen/nieuw").content.decode().split("<template")[0]
    assert html.count(">Leeftijd</legend>") == 1 and "Leeftijd niet bekend: minderjarig?" in html
    assert "Minderjarig?" not in html


def test_a_216000_character_description_is_refused_and_kept(world, client):
    verified(client, "reporter.zwolle")
    response = report_page(client, description=LONG, location="Bij de haven")
    assert response.status_code == 400
    html = response.content.decode()
    top = summary(html)
    assert 'href="#id_description"' in top and "Wat heeft u gezien of gehoord?" in top
    assert "is te lang: ten hoogste 20.000 tekens, nu 216.000" in top
    assert LONG in html  # nothing typed is lost
    assert 'maxlength="20000"' not in html  # the browser does not cut a pasted text short
    assert Signal.objects.count() == 0
    assert report_page(client, description="x" * MAX_DESCRIPTION).status_code == 302


def test_the_api_and_the_service_refuse_a_description_that_is_too_long(world):
    response = api_client("reporter.zwolle").post("/api/v1/signals", professional_payload(description=LONG),
                                                  format="json")
    assert response.status_code == 400 and "description" in response.content.decode()
    assert Signal.objects.count() == 0


def test_the_service_refuses_text_longer_than_its_field(world):
    """The last line behind the forms: whoever calls the service, the limit holds, naming the field."""
    cleaned = {"lead_municipality": Municipality.objects.get(cbs_code="GM0193"), "description": LONG}
    with pytest.raises(Invalid) as refused:
        services.report(user("reporter.zwolle"), cleaned)
    assert refused.value.field == "description" and "Omschrijving is te lang" in refused.value.message
    assert Signal.objects.count() == 0
