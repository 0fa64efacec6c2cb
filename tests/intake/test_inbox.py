"""The liaison's inbox and the professional's form, through the pages."""
import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ketenzicht.intake import access as intake_access
from ketenzicht.intake.models import Attachment, Signal, SignalMunicipality

from ..helpers import report_page, stored_sessions, verified


def test_professional_reports_through_the_guided_form(world, client):
    verified(client, "reporter.zwolle")
    form = client.get("/signalen/nieuw").content.decode()
    assert "Seksuele uitbuiting" in form and "Wordt online aangeboden" in form and "Middelburg" not in form
    response = report_page(client)
    assert response.status_code == 302
    signal = Signal.objects.get()
    person = signal.persons.get()
    assert person.age == 17 and person.is_minor is True
    assert signal.source_sector == "wijkteam" and signal.reporter.username == "reporter.zwolle"
    mine = client.get("/signalen").content.decode()
    assert signal.reference in mine


def test_form_errors_keep_the_input(world, client):
    verified(client, "reporter.zwolle")
    response = report_page(client, description="", location="Bij de haven", **{"persons-0-age": "200"})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'value="Bij de haven"' in text and "Controleer het formulier" in text
    assert Signal.objects.count() == 0


def test_inbox_puts_acute_urgent_and_unseen_first_then_the_nearest_deadline(world, client):
    """A new signal nobody opened is not drowned by overdue ones someone already looks at."""
    verified(client, "reporter.zwolle")
    for text in ["oud en gezien", "spoed", "over termijn", "nieuw"]:
        report_page(client, description=text, urgency="urgent" if text == "spoed" else "normal")
    signals = {s.description: s for s in Signal.objects.all()}
    liaison = verified(client, "liaison.zwolle")
    for seen in ("oud en gezien", "over termijn", "spoed"):
        liaison.get(f"/signalen/{signals[seen].pk}")
    # Time passes: one deadline runs out, one signal came in yesterday.
    Signal.objects.filter(pk=signals["over termijn"].pk).update(deadline_at=timezone.now() - timedelta(days=1))
    Signal.objects.filter(pk=signals["nieuw"].pk).update(received_at=timezone.now() - timedelta(days=1))
    for signal in signals.values():
        SignalMunicipality.sync_inbox_keys(signal.pk)
    page = liaison.get("/signalen").content.decode()
    order = sorted(signals.values(), key=lambda s: page.index(str(s.pk)))
    assert [s.description for s in order] == ["spoed", "nieuw", "over termijn", "oud en gezien"]
    acute = signals["oud en gezien"]
    liaison.post(f"/signalen/{acute.pk}/acuut", {"acute": "1", "version": acute.version})
    page = liaison.get("/signalen").content.decode()
    assert page.index(str(acute.pk)) < page.index(str(signals["spoed"].pk))


def test_liaison_handles_a_signal_on_its_page(world, client):
    verified(client, "reporter.zwolle")
    report_page(client)
    signal = Signal.objects.get()
    liaison = verified(client, "liaison.zwolle")
    page = liaison.get(f"/signalen/{signal.pk}").content.decode()
    assert "In behandeling nemen" in page
    assert liaison.post(f"/signalen/{signal.pk}/informatie", {"text": "BRP gecheckt", "source": "BRP"}).status_code == 302
    assert liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "afsluiten", "reason": ""}).status_code == 400
    assert liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "in_behandeling_nemen",
                                                        "version": signal.version}).status_code == 302
    stale = liaison.post(f"/signalen/{signal.pk}/acuut", {"acute": "1", "version": signal.version})
    assert stale.status_code == 302 and not Signal.objects.get().is_acute  # a stale form changes nothing
    liaison.post(f"/signalen/{signal.pk}/terugkoppeling", {"text": "Dank, we pakken het op."})
    signal.refresh_from_db()
    assert signal.stage == "verrijking" and signal.first_seen_at is not None
    reporter_view = verified(client, "reporter.zwolle").get(f"/signalen/{signal.pk}").content.decode()
    assert "Dank, we pakken het op." in reporter_view
    assert "BRP gecheckt" not in reporter_view  # enrichment stays with the municipality


def test_attachments_only_safe_types_and_served_through_the_policy(world, client):
    verified(client, "reporter.zwolle")
    report_page(client)
    signal = Signal.objects.get()
    exe = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    assert client.post(f"/signalen/{signal.pk}/bijlagen", {"file": exe}).status_code == 400
    pdf = SimpleUploadedFile("foto.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    assert client.post(f"/signalen/{signal.pk}/bijlagen", {"file": pdf}).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    url = f"/signalen/{signal.pk}/bijlagen/{attachment.pk}"
    assert verified(client, "liaison.zwolle").get(url).status_code == 200
    assert verified(client, "liaison.deventer").get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_every_service_keeps_the_inbox_keys_of_all_links_in_step(world):
    """The inbox sorts on copies of the signal's keys; each service that changes one must copy it."""
    from ketenzicht.intake import services
    from ketenzicht.intake.forms import ProfessionalSignalForm
    from ketenzicht.regions.models import Municipality

    from ..helpers import professional_payload, user

    reporter, liaison = user("reporter.zwolle"), user("liaison.zwolle")
    form = ProfessionalSignalForm(professional_payload(), municipalities=intake_access.reportable_municipalities(reporter))
    assert form.is_valid(), form.errors
    signal, _code = services.report(reporter, form.cleaned_data)

    def assert_in_step():
        fresh = Signal.objects.get(pk=signal.pk)
        expected = SignalMunicipality.inbox_keys(fresh)
        links = list(SignalMunicipality.objects.filter(signal=fresh).values(*SignalMunicipality.INBOX_KEYS, "inbox_rank"))
        assert links and all(link == expected for link in links), (links, expected)
        return fresh

    signal = assert_in_step()
    services.mark_seen(liaison, signal)
    signal = assert_in_step()
    raalte = Municipality.objects.get(cbs_code="GM0177")
    services.update(liaison, signal, {"urgency": "urgent", "other_municipalities": [raalte]}, signal.version)
    signal = assert_in_step()
    assert SignalMunicipality.objects.filter(signal=signal).count() == 2
    services.set_acute(liaison, signal, True, signal.version)
    signal = assert_in_step()
    services.take_transition(liaison, signal, "in_behandeling_nemen")
    signal = assert_in_step()
    services.take_transition(liaison, signal, "afsluiten", reason="Doorverwezen")
    assert not assert_in_step().is_open


def test_restricted_information_stays_within_the_organisation(world, client, settings, tmp_path):
    """E.g. criminal information the OM does not let be shared: only the author's organisation sees it."""
    settings.MEDIA_ROOT = tmp_path
    verified(client, "reporter.zwolle")
    report_page(client, other_municipalities=["GM0148"])  # Zwolle, with Dalfsen involved
    signal = Signal.objects.get()
    zwolle = verified(client, "liaison.zwolle")
    zwolle.post(f"/signalen/{signal.pk}/informatie", {"text": "Open informatie"})
    zwolle.post(f"/signalen/{signal.pk}/informatie", {"text": "Lopend onderzoek politie", "restricted": "on"})
    secret = SimpleUploadedFile("pv.pdf", b"%PDF-1.4 proces-verbaal", content_type="application/pdf")
    open_file = SimpleUploadedFile("foto.pdf", b"%PDF-1.4 open", content_type="application/pdf")
    zwolle.post(f"/signalen/{signal.pk}/bijlagen", {"file": secret, "restricted": "on"})
    zwolle.post(f"/signalen/{signal.pk}/bijlagen", {"file": open_file})
    by_name = {a.name: a for a in Attachment.objects.all()}  # names are encrypted: no lookup in SQL
    restricted, opened = by_name["pv.pdf"], by_name["foto.pdf"]
    assert restricted.restricted_to.name.startswith("Gemeente Zwolle")
    page = zwolle.get(f"/signalen/{signal.pk}").content.decode()
    assert "Lopend onderzoek politie" in page and "pv.pdf" in page and "Alleen voor Gemeente Zwolle" in page

    dalfsen = verified(client, "liaison.dalfsen")
    page = dalfsen.get(f"/signalen/{signal.pk}").content.decode()
    assert "Open informatie" in page and "foto.pdf" in page
    assert "Lopend onderzoek politie" not in page and "pv.pdf" not in page
    assert dalfsen.get(f"/signalen/{signal.pk}/bijlagen/{restricted.pk}").status_code == 404

    reporter = verified(client, "reporter.zwolle")  # the reporter sees no attachments the liaison added
    assert "foto.pdf" not in reporter.get(f"/signalen/{signal.pk}").content.decode()
    assert reporter.get(f"/signalen/{signal.pk}/bijlagen/{opened.pk}").status_code == 404


def test_liaison_links_signals_about_the_same_situation(world, client):
    verified(client, "reporter.zwolle")
    report_page(client, description="Eerste")
    report_page(client, description="Tweede")
    report_page(client, description="Deventer", lead_municipality="GM0150")
    first, second, deventer = (next(s for s in Signal.objects.all() if s.description == d)
                               for d in ("Eerste", "Tweede", "Deventer"))
    liaison = verified(client, "liaison.zwolle")
    assert liaison.post(f"/signalen/{first.pk}/koppelingen", {"reference": second.reference}).status_code == 302
    assert second in first.related.all() and first in second.related.all()
    assert second.reference in liaison.get(f"/signalen/{first.pk}").content.decode()
    for bad in (deventer.reference, first.reference, "zzzzzzzz", "", "<b>"):  # not theirs, itself, nonsense
        assert liaison.post(f"/signalen/{first.pk}/koppelingen", {"reference": bad}).status_code == 400
    assert list(first.related.all()) == [second]


def test_the_professional_sees_the_receipt_code_once_and_the_session_never_holds_it(world, client):
    verified(client, "reporter.zwolle")
    created = report_page(client)
    assert created.status_code == 302
    waiting = stored_sessions()
    page = client.get(created["Location"]).content.decode()
    code = re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', page).group(1)
    assert code not in waiting and code.replace("-", "") not in waiting
    assert 'data-testid="receipt-code"' not in client.get(created["Location"]).content.decode()


def test_a_receipt_code_shows_only_on_its_own_signal(world, client):
    """Review finding: after a report whose redirect was not followed, the code showed on another signal."""
    verified(client, "reporter.zwolle")
    first = report_page(client)
    client.get(first["Location"])  # shown, and gone
    second = report_page(client, description="Tweede signaal")
    assert 'data-testid="receipt-code"' not in client.get(first["Location"]).content.decode()
    assert 'data-testid="receipt-code"' in client.get(second["Location"]).content.decode()


def test_inbox_searches_by_reference_text_and_filters(world, client):
    verified(client, "reporter.zwolle")
    adult = {"persons-0-age": "30"}
    report_page(client, description="Nagelstudio aan de Diezerstraat", exploitation_forms=["labour"], **adult)
    report_page(client, description="Advertenties op een sekssite", urgency="urgent", **adult)
    report_page(client, description="Minderjarige jongen ronselt voor drugskoeriers",
                **{"persons-0-age": "15"})
    signals = {s.description.split()[0]: s for s in Signal.objects.all()}
    liaison = verified(client, "liaison.zwolle")
    liaison.get(f"/signalen/{signals['Advertenties'].pk}")  # seen

    def listed(**params):
        page = liaison.get("/signalen", params).content.decode()
        return {word for word, s in signals.items() if f'data-signal="{s.pk}"' in page}

    nail = signals["Nagelstudio"]
    assert listed(q=nail.reference) == {"Nagelstudio"}
    assert listed(q=nail.reference.lower()) == {"Nagelstudio"}
    assert listed(q="diezerSTRAAT") == {"Nagelstudio"}  # decrypted text, any case
    assert listed(q="nergens") == set()
    assert listed(form="labour") == {"Nagelstudio"}
    assert listed(unseen="1") == {"Nagelstudio", "Minderjarige"}
    assert listed(minor="1") == {"Minderjarige"}
    assert listed(stage=nail.stage) == set(signals)
    assert listed(stage="gesloten_x") == set()
    assert listed(municipality="GM0193") == set(signals)
    assert "Geen signalen gevonden" in liaison.get("/signalen", {"q": "nergens"}).content.decode()
    # Another liaison's search finds nothing outside their scope.
    assert f'data-signal="{nail.pk}"' not in verified(client, "liaison.deventer").get(
        "/signalen", {"q": nail.reference}).content.decode()
