"""The access log shows what happened in words (in the reader's language), never the codes it
stores: no "view / list / break_glass", no transition names."""
import pytest

from ketenzicht.intake import emergency, services

from ..helpers import internal_codes, report_as, user, verified, visible_text


@pytest.fixture
def traces(world, client):
    signal = report_as("reporter.zwolle", other_municipalities=[])[0]
    services.take_transition(user("liaison.zwolle"), signal, "in_behandeling_nemen")
    emergency.break_glass(user("liaison.deventer"), signal, "Slachtoffer staat aan de balie")
    verified(client, "liaison.zwolle").get(f"/signalen/{signal.pk}")
    client.get("/signalen")
    return signal


@pytest.mark.parametrize("language, words", [
    ("nl", ["Noodtoegang", "Bekeken", "Stap gezet", "In een lijst getoond", "In behandeling nemen", "Signaal"]),
    ("en", ["Emergency access", "Viewed", "Step taken", "Shown in a list", "Signal"]),
])
def test_the_log_reads_in_words(traces, client, language, words):
    verified(client, "privacy.ijsselland")
    text = visible_text(client.get("/privacy/toegangslog", HTTP_ACCEPT_LANGUAGE=language).content.decode())
    assert all(word in text for word in words), [w for w in words if w not in text]
    assert internal_codes(text) == [] and "break_glass" not in text


def test_the_action_filter_offers_words_and_filters_by_code(traces, client):
    verified(client, "privacy.ijsselland")
    page = client.get("/privacy/toegangslog?action=break_glass").content.decode()
    assert '<option value="break_glass" selected>Noodtoegang</option>' in page
    assert "Stap gezet" not in visible_text(page.split("<table", 1)[1])
