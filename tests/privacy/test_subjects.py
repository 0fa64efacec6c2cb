"""Rights of the people concerned: find by e-mail or phone, hand over, correct, erase; all logged."""
import importlib
import json
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from ketenzicht.care import services as care
from ketenzicht.care.models import Trajectory
from ketenzicht.intake import services as intake_services
from ketenzicht.intake.models import Signal
from ketenzicht.lib import crypto
from ketenzicht.linkage import services as linkage
from ketenzicht.linkage.models import PersonIdentifiers
from ketenzicht.privacy.models import AccessLog, SubjectIndex
from ketenzicht.regions.models import Municipality

from ..helpers import signal, user, verified


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


ANNA = {"given_name": "Anna", "family_name": "Jansen", "date_of_birth": "1990-02-28",
        "phones": "06-87654321\n+40 721 234 567", "emails": "Anna.J@example.org"}


def find(client, identifier):
    return client.get("/privacy/inzage", {"identifier": identifier}).content.decode()


def test_linkage_identifiers_are_found_handed_over_and_erased(world, client):
    """What linkage keeps of a person is found by a phone number or e-mail address kept only there,
    handed over in clear, and erased on request; the index follows every change."""
    person = signal("liaison.zwolle", "GM0193", timezone.now()).persons.get()
    linkage.record(user("liaison.zwolle"), person, ANNA)
    stored = PersonIdentifiers.objects.get(person=person)
    assert not SubjectIndex.objects.filter(digest__contains="8765").exists()
    admin = verified(client, "admin.ijsselland")
    for identifier in ("06 8765 4321", "+31 6 87654321", "anna.j@example.org"):
        page = find(admin, identifier)
        assert f"signaal {person.signal.reference}" in page and "Niets gevonden" not in page, identifier
    assert "Jansen" not in find(admin, "06 8765 4321")  # the page names the record, not what it holds
    export = json.loads(admin.get("/privacy/inzage", {"identifier": "0687654321", "format": "json"}).content)
    assert export["records"] == [{"kind": "linkage_identifiers", "signal": person.signal.reference,
                                  "updated_at": stored.updated_at.isoformat(), "given_name": "Anna",
                                  "family_name": "Jansen", "date_of_birth": "1990-02-28", "gender": "",
                                  "nationality": "", "phones": ANNA["phones"], "addresses": "",
                                  "emails": "Anna.J@example.org", "plates": "", "kvk": ""}]
    assert AccessLog.objects.filter(action="subject_export", object_type="linkage_identifiers",
                                    object_id=str(stored.pk), flagged=True).count() == 1
    assert "Niets gevonden" in find(verified(client, "admin.zeeland"), "0687654321")

    # Changed identifiers: the old phone number no longer finds them, the new one does.
    linkage.record(user("liaison.zwolle"), person, {**ANNA, "phones": "06-11112222"})
    admin = verified(client, "admin.ijsselland")
    assert "Niets gevonden" in find(admin, "0687654321")
    assert person.signal.reference in find(admin, "06-11112222")

    forged = admin.post(f"/privacy/inzage/linkage_identifiers/{stored.pk}/wissen", {"identifier": "iemand@anders.nl"})
    assert forged.status_code == 404 and PersonIdentifiers.objects.filter(pk=stored.pk).exists()
    admin.post(f"/privacy/inzage/linkage_identifiers/{stored.pk}/wissen", {"identifier": "0611112222"})
    assert not PersonIdentifiers.objects.filter(pk=stored.pk).exists()
    assert not SubjectIndex.objects.filter(object_type="linkage_identifiers").exists()
    assert AccessLog.objects.filter(action="subject_erase", object_type="linkage_identifiers",
                                    object_id=str(stored.pk), flagged=True).exists()


def test_anonymising_forgets_the_linkage_identifiers_in_the_index(world, client, settings):
    person = signal("liaison.zwolle", "GM0193", timezone.now()).persons.get()
    linkage.record(user("liaison.zwolle"), person, ANNA)
    own = care.open_trajectory(user("care.ijsselland"), name="A.", age=30,
                               municipality=Municipality.objects.get(name="Deventer"))
    linkage.record_trajectory(user("care.ijsselland"), own, {**ANNA, "phones": "06-33334444"})
    admin = verified(client, "admin.ijsselland")
    assert f"zorgtraject {own.reference}" in find(admin, "anna.j@example.org")
    settings.ENCRYPTION_KEYS = f"{crypto.new_key()},{settings.ENCRYPTION_KEYS}"
    call_command("rotate_encryption_key", stdout=StringIO())
    assert own.reference in find(admin, "0633334444") and person.signal.reference in find(admin, "0687654321")

    intake_services.anonymise(Signal.objects.filter(pk=person.signal_id))
    care.anonymise(Trajectory.objects.filter(pk=own.pk))
    assert not SubjectIndex.objects.filter(object_type="linkage_identifiers").exists()
    assert "Niets gevonden" in find(admin, "anna.j@example.org")


def test_identifiers_recorded_before_the_index_are_indexed_by_the_migration(world):
    person = signal("liaison.zwolle", "GM0193", timezone.now()).persons.get()
    linkage.record(user("liaison.zwolle"), person, ANNA)
    own = care.open_trajectory(user("care.ijsselland"), name="A.", age=30,
                               municipality=Municipality.objects.get(name="Deventer"))
    linkage.record_trajectory(user("care.ijsselland"), own, {"family_name": "Jansen"})  # no phone, no e-mail
    entries = set(SubjectIndex.objects.values_list("digest", "object_type", "object_id", "region_id"))
    assert len(entries) == 3
    SubjectIndex.objects.all().delete()
    importlib.import_module("ketenzicht.linkage.migrations.0003_subject_index").index_existing(apps, None)
    assert set(SubjectIndex.objects.values_list("digest", "object_type", "object_id", "region_id")) == entries
