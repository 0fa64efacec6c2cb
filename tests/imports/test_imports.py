"""Issue 21, item 3: a partner's list of signals, checked row by row, then imported all or nothing
through intake's own service; duplicates refused; bad files refused with a clear Dutch message."""
import json
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

import ketenzicht
from ketenzicht.imports import formats, importer, services
from ketenzicht.imports.models import ImportBatch, State
from ketenzicht.intake.models import Signal
from ketenzicht.lib.errors import Conflict, Invalid
from ketenzicht.privacy import retention
from ketenzicht.privacy.models import AccessLog

from ..helpers import api_client, user, verified

EXAMPLE = Path(ketenzicht.__file__).parent / "static" / "ketenzicht" / "voorbeeld-import.csv"
HEADER = "external_reference;lead_municipality;exploitation_forms;indicators;description\n"
POLICE = "police.ijsselland"


def csv(*rows, header=HEADER):
    return (header + "".join(row + "\n" for row in rows)).encode()


def check(data, username=POLICE):
    return services.dry_run(user(username), data, "lijst.csv")


def imported(batch, username=POLICE):
    """Confirm and run the import here (what the background thread runs)."""
    services.confirm(user(username), batch)
    importer.run(batch.pk)
    batch.refresh_from_db()
    return batch


def police_signals():
    return Signal.objects.filter(reporter__username=POLICE)


def test_the_example_file_passes_the_dry_run_and_imports_every_signal(world):
    batch = check(EXAMPLE.read_bytes())
    assert (batch.state, batch.row_count, batch.valid_count, batch.report) == (State.CHECKED, 5, 5, [])
    assert not police_signals().exists()  # a dry run creates nothing
    batch = imported(batch)
    assert (batch.state, batch.processed, batch.rows) == (State.DONE, 5, "")
    signals = {s.external_reference: s for s in police_signals().prefetch_related("indicators", "municipality_links")}
    assert set(signals) == {f"PL0600-2026-110{n}" for n in range(1, 6)}
    first = signals["PL0600-2026-1101"]
    assert first.lead_municipality.cbs_code == "GM0193" and first.urgency == "urgent"
    assert {i.code for i in first.indicators.all()} == {"excessive_hours", "housing_via_employer"}
    assert first.reporter_organisation.sector == "politie"
    # audited once per signal, as intake's service does for every signal
    assert AccessLog.objects.filter(action="create", object_id__in=[str(s.pk) for s in signals.values()]).count() == 5


def test_the_report_names_row_field_and_message_and_nothing_is_kept(world):
    batch = check(csv("R1;GM0193;labour;;Goed signaal.",
                      "R2;GM9999;labour;;Onbekende gemeente.",
                      "R3;GM0193;smokkel;;Onbekende vorm.",
                      "R4;GM0193;labour;;",
                      "R5;GM0193;labour;;=cmd|' /C calc'!A0",
                      "R6;GM0193;labour;;Te veel;kolommen"))
    assert batch.state == State.REFUSED and batch.valid_count == 1 and batch.rows == ""
    found = {(e["row"], e["field"]): e["message"] for e in batch.report}
    assert found[(3, "lead_municipality")].startswith("Onbekende gemeentecode: GM9999")
    assert found[(4, "exploitation_forms")] == "Onbekende code: smokkel."
    assert (5, "description") in found
    assert "formule" in found[(6, "description")]
    assert found[(7, "")] == "Deze regel heeft 6 kolommen, de kopregel 5."
    with pytest.raises(Conflict):
        services.confirm(user(POLICE), batch)
    assert not police_signals().exists()


def test_one_row_that_fails_at_import_time_leaves_nothing_created(world):
    """All or nothing: the rows are checked again when imported; the second was imported by
    someone else between the dry run and the confirmation, so the first is rolled back too."""
    batch = check(csv("A1;GM0193;labour;;Een.", "A2;GM0150;labour;;Twee."))
    other = check(csv("A2;GM0150;labour;;Twee, al eerder."))
    imported(other)
    batch = imported(batch)
    assert batch.state == State.FAILED and batch.rows == ""
    assert batch.report == [{"row": 3, "field": "external_reference", "message": batch.report[0]["message"]}]
    assert list(police_signals().values_list("external_reference", flat=True)) == ["A2"]


def test_duplicates_within_the_file_and_against_earlier_imports_are_refused(world):
    imported(check(csv("D1;GM0193;labour;;Eerder ingelezen.")))
    batch = check(csv("D1;GM0193;labour;;Nog een keer.", "D2;GM0193;labour;;Nieuw.", "D2;GM0193;labour;;Dubbel."))
    assert {(e["row"], e["message"]) for e in batch.report} == {
        (2, "Een signaal met deze externe referentie is al eerder ingelezen voor uw organisatie."),
        (4, "Deze externe referentie staat al in regel 3.")}
    # another organisation may use the same number for its own signal
    liaison = check(csv("D1;GM0193;labour;;Van de gemeente."), username="liaison.zwolle")
    assert liaison.state == State.CHECKED


@pytest.mark.parametrize("data, message", [
    (b"", "Het bestand is leeg."),
    (b"   \n", "Het bestand is leeg."),
    ("external_reference;lead_municipality;description\nR1;GM0193;Caf\xe9\n".encode("cp1252"),
     "Het bestand is geen UTF-8"),
    ("external_reference,description\n".encode("utf-16"), "Het bestand is in UTF-16 opgeslagen."),
    (b"R1;GM0193;Geen kopregel\n", "De kopregel ontbreekt"),
    (b"external_reference;lead_municipality;description;naam\nR1;GM0193;x;y\n", "Onbekende kolommen in de kopregel: naam."),
    (b"external_reference;description\nR1;x\n", "De kopregel mist de kolommen: lead_municipality."),
    (HEADER.encode(), "Het bestand bevat geen signalen, alleen een kopregel."),
    (b'{"external_reference": "R1"}', "Het JSON-bestand moet een lijst"),
    (b"[{]", "Het JSON-bestand is niet leesbaar"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "Het bestand is geen UTF-8"),
])
def test_files_that_cannot_be_read_are_refused_whole(world, data, message):
    with pytest.raises(Invalid) as refused:
        check(data)
    assert refused.value.errors["file"][0].startswith(message)
    assert not ImportBatch.objects.exists()


def test_utf8_with_a_byte_order_mark_and_json_are_read(world):
    bom = check("\ufeff".encode() + csv("B1;GM0193;labour;;Café met BOM."))
    assert bom.state == State.CHECKED
    rows = [{"external_reference": "J1", "lead_municipality": "GM0193", "exploitation_forms": ["labour"],
             "description": "Uit een partnersysteem."}, {"external_reference": "J2", "lead_municipality": 193}]
    batch = check(json.dumps(rows).encode())
    assert {(e["row"], e["field"]) for e in batch.report} == {(2, "lead_municipality")}


def test_a_file_above_the_limit_is_refused_before_it_is_read(world):
    with pytest.raises(Invalid) as refused:
        check(b"x" * (formats.MAX_BYTES + 1))
    assert "groter dan 5 MB" in refused.value.message


def test_script_in_a_text_field_is_kept_as_text_and_shown_inert(world, client):
    batch = imported(check(csv("S1;GM0193;labour;;<script>alert(1)</script> bij de bushalte.")))
    assert batch.state == State.DONE
    signal = police_signals().get()
    assert signal.description.startswith("<script>")
    page = verified(client, POLICE).get(f"/signalen/{signal.pk}").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'data-testid="external-reference">S1<' in page  # the police's own number, for the police
    handled = verified(client, "liaison.zwolle").get(f"/signalen/{signal.pk}").content.decode()
    assert "&lt;script&gt;" in handled and "external-reference" not in handled


# --------------------------------------------------------------------------------- access
@pytest.mark.parametrize("username", ["analyst.ijsselland", "admin.ijsselland", "privacy.ijsselland"])
def test_who_may_not_report_may_not_import(world, client, username):
    verified(client, username)
    assert client.get("/signalen/importeren").status_code == 403
    assert api_client(username).post("/api/v1/signal-imports", data=csv("R1;GM0193;labour;;x"),
                                     content_type="text/csv").status_code == 403


@pytest.mark.parametrize("username", ["liaison.zwolle", "reporter.zwolle", "police.zeeland"])
def test_nobody_else_sees_or_confirms_someones_dry_run(world, client, username):
    batch = check(csv("R1;GM0193;labour;;x"))
    verified(client, username)
    assert client.get(f"/signalen/importeren/{batch.pk}").status_code == 404
    assert client.post(f"/signalen/importeren/{batch.pk}/bevestigen").status_code == 404
    assert api_client(username).post(f"/api/v1/signal-imports/{batch.pk}/confirmation").status_code == 404
    batch.refresh_from_db()
    assert batch.state == State.CHECKED


def test_a_report_for_another_regions_municipality_is_refused(world):
    batch = check(csv("Z1;GM0687;labour;;Middelburg is Zeeland."))
    assert batch.report[0]["field"] == "lead_municipality"


# --------------------------------------------------------------------------------- pages
def test_the_page_uploads_reports_and_confirms(world, client, django_capture_on_commit_callbacks):
    verified(client, POLICE)
    response = client.post("/signalen/importeren", {"file": SimpleUploadedFile("lijst.csv", EXAMPLE.read_bytes())})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == f"/signalen/importeren/{batch.pk}"
    page = client.get(response.url).content.decode()
    assert "Alle 5 regels zijn goed" in page and "5 signalen inlezen" in page
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(f"/signalen/importeren/{batch.pk}/bevestigen")
    assert len(callbacks) == 1  # the background start, after the commit
    importer.run(batch.pk)  # what the thread runs
    fragment = client.get(f"/signalen/importeren/{batch.pk}/voortgang").content.decode()
    assert 'max="5" value="5"' in fragment and "5 van 5 signalen ingelezen." in fragment
    assert client.post(f"/signalen/importeren/{batch.pk}/bevestigen").status_code == 302
    assert police_signals().count() == 5  # a second confirmation imports nothing again


def test_the_page_refuses_a_bad_file_with_the_reason_on_the_field(world, client):
    verified(client, POLICE)
    response = client.post("/signalen/importeren", {"file": SimpleUploadedFile("lijst.csv", b"\xff\xfe\x00")})
    assert response.status_code == 400 and "UTF-16" in response.content.decode()


def test_the_upload_without_csrf_token_is_refused(world):
    """The page sets its size limit before the CSRF check reads the body; the check still holds."""
    client = verified(Client(enforce_csrf_checks=True), POLICE)
    response = client.post("/signalen/importeren", {"file": SimpleUploadedFile("lijst.csv", EXAMPLE.read_bytes())})
    assert response.status_code == 403 and not ImportBatch.objects.exists()


def test_the_page_refuses_a_50_mb_upload_without_storing_it(world, client):
    verified(client, POLICE)
    big = SimpleUploadedFile("groot.csv", b"a;b\n" * (50 * 1024 * 1024 // 4))
    response = client.post("/signalen/importeren", {"file": big})
    assert response.status_code == 400 and "groter dan 5 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


# ----------------------------------------------------------------------------------- API
def test_the_api_dry_run_confirmation_and_progress(world, django_capture_on_commit_callbacks):
    api = api_client(POLICE)
    rows = [{"external_reference": "API-1", "lead_municipality": "GM0193", "description": "Uit het politiesysteem."}]
    created = api.post("/api/v1/signal-imports", data=json.dumps(rows), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["state"], body["row_count"], body["valid_count"]) == ("checked", 1, 1)
    with django_capture_on_commit_callbacks():
        confirmed = api.post(body["confirmation_url"])
    assert confirmed.status_code == 202 and confirmed.json()["state"] == "queued"
    importer.run(body["id"])
    read = api.get(f"/api/v1/signal-imports/{body['id']}").json()
    assert (read["state"], read["processed"]) == ("done", 1)
    signal = api.get("/api/v1/signals?status=all").json()["results"][0]
    assert signal["external_reference"] == "API-1"
    # the liaison who handles it sees the signal, not the police's own number for it
    handled = api_client("liaison.zwolle").get(f"/api/v1/signals/{signal['id']}").json()
    assert handled["external_reference"] is None
    again = api.post(body["confirmation_url"])
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"


def test_the_api_names_every_faulty_row_and_field(world):
    response = api_client(POLICE).post("/api/v1/signal-imports", data=csv("R1;GM0193;labour;;", "R2;GM0193;x;;y"),
                                       content_type="text/csv")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    names = {p["name"] for p in response.json()["invalid_params"]}
    assert names == {"rows.2.description", "rows.3.exploitation_forms"}
    too_big = api_client(POLICE).post("/api/v1/signal-imports", data=b"x" * (formats.MAX_BYTES + 10),
                                      content_type="text/csv")
    assert too_big.status_code == 400 and too_big.json()["invalid_params"][0]["name"] == "file"


def test_the_api_takes_the_file_as_a_multipart_upload_too(world):
    api = api_client(POLICE)
    response = api.post("/api/v1/signal-imports", {"file": SimpleUploadedFile("lijst.csv", EXAMPLE.read_bytes())},
                        format="multipart")
    assert response.status_code == 201 and response.json()["file_name"] == "lijst.csv"
    assert response.json()["valid_count"] == 5
    missing = api.post("/api/v1/signal-imports", {"other": "x"}, format="multipart")
    assert missing.status_code == 400 and missing["Content-Type"] == "application/problem+json"


def test_the_dry_run_and_the_confirmation_are_logged_without_content(world):
    batch = check(csv("L1;GM0193;labour;;Een geheim detail."))
    services.confirm(user(POLICE), batch)
    entries = AccessLog.objects.filter(object_type="signal_import", object_id=str(batch.pk))
    assert sorted(entries.values_list("action", flat=True)) == ["import_check", "import_confirm"]
    assert "geheim" not in str(list(entries.values_list("detail", flat=True)))


def test_a_dry_run_is_deleted_after_its_term_and_the_signals_of_an_import_stay(world):
    waiting = check(csv("T1;GM0193;labour;;Nooit bevestigd."))
    done = imported(check(csv("T2;GM0193;labour;;Ingelezen.")))
    later = timezone.now() + timedelta(days=40)
    region = done.region
    assert {(o.kind, o.count) for o in retention.preview([region], now=later)} >= {("signal_import", 2)}
    retention.run(dry_run=False, regions=[region], now=later)
    assert not ImportBatch.objects.filter(pk__in=[waiting.pk, done.pk]).exists()
    assert police_signals().get().external_reference == "T2"


# ------------------------------------------------------------------------- concurrency
def _finished(*batches, timeout=120):
    """Wait for the background threads the confirmations started; the states seen on the way."""
    seen, ids, deadline = [], [b.pk for b in batches], time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = list(ImportBatch.objects.filter(pk__in=ids).values_list("state", "processed"))
        seen += rows
        if all(state in (State.DONE, State.FAILED) for state, _done in rows):
            for thread in threading.enumerate():  # and what each thread does after its commit
                if thread.name.startswith("ketenzicht-import-"):
                    thread.join(timeout)
            return seen
        time.sleep(0.02)
    raise AssertionError(f"not finished: {seen[-2:]}")


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the test's in-memory SQLite does not wait for its lock")
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_file_at_once_create_each_signal_once(world, settings):
    """Both dry runs pass (neither is imported yet); both confirmations start an import in the
    background at once; the unique constraint lets one through and the other creates nothing."""
    settings.KETENZICHT_DELIVER_IN_PROCESS = False  # no outbox thread still at work when the test's tables are emptied
    data = csv(*[f"C{n};GM0193;labour;;Gelijktijdig {n}." for n in range(20)])
    first, second = check(data), check(data)
    for batch in (first, second):
        services.confirm(user(POLICE), batch)
    _finished(first, second)
    states = sorted(ImportBatch.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True))
    assert states == [State.DONE, State.FAILED]
    assert police_signals().count() == 20


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has one writer: progress shows at the end")
@pytest.mark.django_db(transaction=True)
def test_the_progress_is_seen_while_the_import_runs(world, settings):
    settings.KETENZICHT_DELIVER_IN_PROCESS = False
    batch = check(csv(*[f"P{n};GM0193;labour;;Voortgang {n}." for n in range(120)]))
    services.confirm(user(POLICE), batch)
    seen = _finished(batch)
    assert any(state == State.RUNNING and 0 < done < 120 for state, done in seen), seen[-3:]
    assert ImportBatch.objects.get(pk=batch.pk).processed == 120 and police_signals().count() == 120
