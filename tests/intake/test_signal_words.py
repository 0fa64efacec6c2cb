"""The signal page speaks people's words in either language: the route's labels (region data, with
their translations), never its codes; indicators and forms of exploitation translated too."""
import pytest

from ketenzicht.intake import services

from ..helpers import dutch_route_texts, internal_codes, report_as, user, verified, visible_text


@pytest.fixture
def taken_up(world):
    signal = report_as("reporter.zwolle")[0]
    services.take_transition(user("liaison.zwolle"), signal, "in_behandeling_nemen")
    return signal


def test_the_signal_page_in_dutch_shows_no_codes(taken_up, client):
    verified(client, "liaison.zwolle")
    text = visible_text(client.get(f"/signalen/{taken_up.pk}", HTTP_ACCEPT_LANGUAGE="nl").content.decode())
    assert "In behandeling nemen, van Ontvangen naar Verrijking" in text
    assert internal_codes(text) == [] and "→" not in text


def test_the_signal_page_in_english_shows_no_dutch_route_text(taken_up, client):
    verified(client, "liaison.zwolle")
    text = visible_text(client.get(f"/signalen/{taken_up.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Take up, from Received to Enrichment" in text and "Keep monitoring until a date" in text
    assert "Labour exploitation" in text and "Works extremely long days" in text and "Housing" in text
    assert "Your report has been taken up" in text  # the route's feedback, stored in Dutch for the reporter
    dutch = [t for t in dutch_route_texts(taken_up.route.definition) if t in text]
    assert dutch == [] and internal_codes(text) == []
