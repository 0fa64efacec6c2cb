"""The access log shows what happened in words (in the reader's language), never the codes it
stores: no "view / list / break_glass", no transition names."""
import re
from pathlib import Path

import pytest

from ketenzicht.intake import emergency, services
from ketenzicht.privacy import words as log_words

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


SRC = Path(__file__).resolve().parents[2] / "src" / "ketenzicht"
# audit(user, "action", "object_type", …), audit.record(…), the set-up's _audit(…) and tables' @_logged("action")
CALL = re.compile(r'\b(?:audit(?:\.record)?|_audit)\(\s*[\w.]+,\s*"([a-z_]+)"(?:,\s*"([a-z_]+)")?')
LOGGED = re.compile(r'@_logged\("([a-z_]+)"\)')


def test_every_action_and_object_the_code_logs_has_words():
    """A new audited action shows in people's words on the access log, in Dutch and English, not as
    its code: each one the code writes is named in privacy/words.py."""
    actions, objects = set(), set()
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        for action, object_type in CALL.findall(text):
            actions.add(action)
            objects.add(object_type)
        actions.update(LOGGED.findall(text))
    objects.discard("")
    assert len(actions) > 60 and len(objects) > 40  # the pattern still finds the calls
    assert sorted(actions - set(log_words.ACTIONS)) == []
    assert sorted(objects - set(log_words.OBJECT_TYPES)) == []
