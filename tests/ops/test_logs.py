"""The request line: a request id that meets the proxy's, and nothing personal."""
import json
import logging
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketenzicht.lib.crypto import new_key
from ketenzicht.ops.logs import JsonFormatter
from tests.helpers import report_as, user, verified

REQUESTS = "ketenzicht.requests"


def request_lines(caplog):
    """The JSON lines of the request logger, formatted as production writes them."""
    return [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == REQUESTS]


def test_a_sane_request_id_is_kept_and_echoed(world, client, caplog):
    caplog.set_level(logging.INFO, logger=REQUESTS)
    response = client.get("/", HTTP_X_REQUEST_ID="proxy-7f3a.42")
    assert response["X-Request-ID"] == "proxy-7f3a.42"
    (line,) = request_lines(caplog)
    assert line["request_id"] == "proxy-7f3a.42"
    assert line["route"] == "public:home" and line["method"] == "GET" and line["status"] == 200
    assert line["duration_ms"] >= 0 and line["user_id"] is None


@pytest.mark.parametrize("given", ["", "a b", "x" * 129, "id\nFORGED log line", "<script>"])
def test_anything_else_gets_an_id_of_our_own(world, client, caplog, given):
    caplog.set_level(logging.INFO, logger=REQUESTS)
    response = client.get("/", HTTP_X_REQUEST_ID=given)
    made = response["X-Request-ID"]
    assert made != given and len(made) == 32 and int(made, 16) >= 0
    assert request_lines(caplog)[0]["request_id"] == made


def test_every_line_written_during_a_request_carries_its_id(world, client, caplog):
    """A line of another logger written inside the request (Django's SQL log here, a service's warning
    elsewhere) carries the same id as the request line; a line outside any request carries none."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="ketenzicht")
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    with CaptureQueriesContext(connection):  # Django logs each query at DEBUG while it captures them
        response = client.get("/health/ready", HTTP_X_REQUEST_ID="probe-1")
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    assert {line["logger"] for line in lines} >= {REQUESTS, "django.db.backends"}
    assert response["X-Request-ID"] == "probe-1" and {line["request_id"] for line in lines} == {"probe-1"}
    logging.getLogger("ketenzicht.ops").warning("outside")
    assert json.loads(JsonFormatter().format(caplog.records[-1]))["request_id"] is None


def test_no_personal_data_in_the_line_of_a_signal_page(world, client, caplog):
    description = "Marieke Jansen-Oudewater werkt 80 uur per week in de kas aan de Zandweg 17"
    signal, _code = report_as("liaison.zwolle", description=description, location="Zandweg 17, Zwolle")
    liaison = user("liaison.zwolle")
    verified(client, "liaison.zwolle")
    caplog.set_level(logging.DEBUG)
    page = client.get(f"/signalen/{signal.pk}?zoek=Marieke+Jansen")
    assert page.status_code == 200 and "Marieke Jansen-Oudewater" in page.content.decode()  # the page has it...
    (line,) = request_lines(caplog)
    assert line["route"] == "intake:detail" and line["user_id"] == liaison.pk and line["status"] == 200
    everything = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    for personal in ("Marieke", "Jansen", "Zandweg", liaison.first_name, liaison.get_full_name(), liaison.email,
                     liaison.username, "zoek=", str(signal.pk)):
        assert personal not in everything  # ...the log has none of it: no path, no query, no name


def _log_from_a_command(**environment):
    """What a process of the installation writes to its log, as it is configured from the environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETENZICHT_")} | environment
    script = "import logging; logging.getLogger('ketenzicht.requests').info('GET public:home 200 1.0ms')"
    done = subprocess.run([sys.executable, "-m", "ketenzicht", "shell", "-c", script], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stderr.strip().splitlines()[-1]


def test_production_logs_json_and_development_plain_text():
    production = {"KETENZICHT_DEBUG": "0", "KETENZICHT_SECRET_KEY": "x" * 50, "KETENZICHT_ENCRYPTION_KEYS": new_key()}
    line = json.loads(_log_from_a_command(**production))
    assert line["logger"] == REQUESTS and line["level"] == "INFO" and line["message"] == "GET public:home 200 1.0ms"
    text = _log_from_a_command(KETENZICHT_DEBUG="1")
    assert text.endswith("INFO ketenzicht.requests [-] GET public:home 200 1.0ms")
    assert json.loads(_log_from_a_command(KETENZICHT_DEBUG="1", KETENZICHT_LOG_FORMAT="json"))["request_id"] is None
