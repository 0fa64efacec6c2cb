"""Rights of the people concerned: find by e-mail or phone, hand over, correct, erase; all logged."""
import json
from io import StringIO

from django.core.management import call_command

from ketenzicht.intake.models import Signal
from ketenzicht.lib import crypto
from ketenzicht.privacy.models import AccessLog, SubjectIndex

from ..helpers import verified


def citizen_reports(client, contact="Anna, anna@example.org of 06-12345678", municipality="GM0193"):
    client.post("/regio/ijsselland/melden" if municipality.startswith("GM01") else "/regio/zeeland/melden",
                {"municipality": municipality, "description": "Mijn buurvrouw moet dag en nacht werken",
                 "contact": contact})
    return Signal.objects.order_by("-received_at").first()


def test_find_export_correct_and_erase(world, client):
    signal = citizen_reports(client)
    assert SubjectIndex.objects.count() == 2
    assert not SubjectIndex.objects.filter(digest__icontains="anna").exists()
    admin = verified(client, "admin.ijsselland")
    for identifier in ("Anna@Example.org", "+31 6 1234 5678", "06 12 34 56 78"):
        page = admin.get("/privacy/inzage", {"identifier": identifier}).content.decode()
        assert signal.reference in page, identifier
    export = json.loads(admin.get("/privacy/inzage", {"identifier": "anna@example.org", "format": "json"}).content)
    record = export["records"][0]
    assert record["contact"].startswith("Anna") and "dag en nacht" in record["description"]
    assert record["feedback"][0]["text"].startswith("Uw melding is ontvangen")

    admin.post(f"/privacy/inzage/{signal.pk}/correctie", {"identifier": "anna@example.org",
                                                          "contact": "anna.jansen@example.org"})
    signal.refresh_from_db()
    assert signal.contact == "anna.jansen@example.org"
    assert signal.reference not in admin.get("/privacy/inzage", {"identifier": "anna@example.org"}).content.decode()
    admin.post(f"/privacy/inzage/{signal.pk}/correctie", {"identifier": "anna.jansen@example.org", "contact": ""})
    signal.refresh_from_db()
    assert signal.contact == "" and signal.anonymous and not SubjectIndex.objects.exists()
    flagged = set(AccessLog.objects.filter(user__username="admin.ijsselland", flagged=True)
                  .values_list("action", flat=True))
    assert flagged >= {"subject_search", "subject_export", "subject_correct", "subject_erase"}


def test_only_the_administrator_of_the_region_finds_anything(world, client):
    citizen_reports(client)
    other = verified(client, "admin.zeeland")
    assert "Niets gevonden" in other.get("/privacy/inzage", {"identifier": "anna@example.org"}).content.decode()
    for username in ("liaison.zwolle", "privacy.ijsselland", "analyst.ijsselland"):
        verified(client, username)
        assert client.get("/privacy/inzage", {"identifier": "anna@example.org"}).status_code == 403


def test_nonsense_identifiers_find_nothing_and_correction_needs_a_match(world, client):
    signal = citizen_reports(client)
    admin = verified(client, "admin.ijsselland")
    for nonsense in ("anna", "<script>", "123", "x" * 200):
        assert signal.reference not in admin.get("/privacy/inzage", {"identifier": nonsense}).content.decode()
    forged = admin.post(f"/privacy/inzage/{signal.pk}/correctie", {"identifier": "iemand@anders.nl", "contact": ""})
    assert forged.status_code == 404
    signal.refresh_from_db()
    assert signal.contact


def test_key_rotation_rebuilds_the_index(world, client, settings):
    signal = citizen_reports(client)
    old = set(SubjectIndex.objects.values_list("digest", flat=True))
    settings.ENCRYPTION_KEYS = f"{crypto.new_key()},{settings.ENCRYPTION_KEYS}"
    call_command("rotate_encryption_key", stdout=StringIO())
    assert set(SubjectIndex.objects.values_list("digest", flat=True)).isdisjoint(old)
    admin = verified(client, "admin.ijsselland")
    assert signal.reference in admin.get("/privacy/inzage", {"identifier": "anna@example.org"}).content.decode()
