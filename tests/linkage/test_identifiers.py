"""Identifiers on a signal's persons, possible matches and their review, networks (issue 20, items 1, 3, 4)."""
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ketenzicht.accounts.models import Role
from ketenzicht.insights import aggregates, figures
from ketenzicht.insights.selection import Selection
from ketenzicht.intake import services as intake_services
from ketenzicht.intake.models import Person, Signal
from ketenzicht.lib.crypto import EncryptedTextField
from ketenzicht.lib.errors import Conflict, Invalid, TooMany
from ketenzicht.linkage import services
from ketenzicht.linkage.models import LinkDecision, PersonIdentifiers, Suggestion, SuggestionStatus
from ketenzicht.notifications.models import Notification
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Region

from ..helpers import signal, user, verified

ANNA = {"given_name": "Anna Maria", "family_name": "van der Berg", "date_of_birth": "1990-02-28",
        "gender": "v", "nationality": "ro", "phones": "06-12345678"}
ANNA_AGAIN = {"given_name": "Anna", "family_name": "Berg, van der", "date_of_birth": "28-02-1990",
              "gender": "v", "nationality": "RO", "phones": "+31 6 1234 5678"}


def person_of(username, municipality="GM0193"):
    """A new signal of this municipality with one victim, as its liaison reports it."""
    return signal(username, municipality, timezone.now()).persons.get()


@pytest.fixture
def zwolle(world):
    return person_of("liaison.zwolle")


@pytest.fixture
def deventer(world):
    return person_of("liaison.deventer", "GM0150")


def test_identifiers_are_encrypted_at_rest_and_encoded(zwolle):
    services.record(user("liaison.zwolle"), zwolle, ANNA)
    stored = PersonIdentifiers.objects.get(person=zwolle)
    assert stored.family_name == "van der Berg" and len(bytes(stored.bloom)) == 128 and stored.key_version
    assert sorted(stored.codes.values_list("kind", flat=True)) == ["phone"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, family_name, phones FROM linkage_personidentifiers")
        raw = " ".join(cursor.fetchone())
    assert "Anna" not in raw and "Berg" not in raw and "1234" not in raw
    assert AccessLog.objects.filter(action="identifiers", object_id=str(zwolle.signal_id)).count() == 1


@pytest.mark.parametrize(("field", "value", "words"), [
    ("date_of_birth", "31-02-1990", "bestaat niet"),
    ("phones", "bel mij", "geen telefoonnummer"),
    ("family_name", "x" * 10_000, "te lang"),
    ("given_name", "<script>alert(1)</script>", "HTML"),
    ("nationality", "Roemeens", "landcode"),
    ("kvk", "1234", "acht cijfers"),
])
def test_bad_input_names_the_field_keeps_the_input_and_stores_nothing(zwolle, client, field, value, words):
    verified(client, "liaison.zwolle")
    url = reverse("linkage:person", args=[zwolle.signal_id, zwolle.pk])
    response = client.post(url, {**ANNA, field: value})
    assert response.status_code == 400
    form = response.context["form"]
    assert words in " ".join(form.errors[field]) and form[field].value() == value
    assert not PersonIdentifiers.objects.filter(person=zwolle).exists()


def test_nothing_given_is_refused(zwolle):
    with pytest.raises(Invalid):
        services.record(user("liaison.zwolle"), zwolle, {"gender": "v"})


def test_only_who_handles_the_signal_records_or_reads_identifiers(zwolle, client):
    services.record(user("liaison.zwolle"), zwolle, ANNA)
    for username in ("liaison.deventer", "reporter.zwolle", "analyst.ijsselland", "care.ijsselland"):
        verified(client, username)
        for name, args in (("signal", [zwolle.signal_id]), ("person", [zwolle.signal_id, zwolle.pk]),
                           ("network", [zwolle.signal_id])):
            assert client.get(reverse(f"linkage:{name}", args=args)).status_code == 404, (username, name)
        assert client.post(reverse("linkage:person", args=[zwolle.signal_id, zwolle.pk]), ANNA).status_code == 404
    verified(client, "liaison.zwolle")
    page = client.get(reverse("linkage:signal", args=[zwolle.signal_id]))
    assert page.status_code == 200 and "van der Berg" in page.content.decode()
    assert "Identificatie en mogelijke matches" in client.get(reverse("intake:detail", args=[zwolle.signal_id])).content.decode()


def test_matching_runs_with_the_clear_fields_unavailable(zwolle, deventer):
    services.record(user("liaison.deventer"), deventer, ANNA)
    original = EncryptedTextField.from_db_value

    def unavailable(field, value, expression, connection_):
        if field.model is PersonIdentifiers:
            raise AssertionError(f"the matcher read {field.name}")
        return original(field, value, expression, connection_)

    with mock.patch.object(EncryptedTextField, "from_db_value", unavailable):
        with pytest.raises(AssertionError):  # the patch holds: a clear field cannot be read
            PersonIdentifiers.objects.get(person=deventer)
        found = services.record(user("liaison.zwolle"), zwolle, ANNA_AGAIN)
    assert [(s.person_id, s.candidate_id) for s in found] == [(zwolle.pk, deventer.pk)]
    assert found[0].score > 0.9


def test_outside_the_scope_only_that_a_match_exists_and_whom_to_contact(zwolle, deventer, client):
    services.record(user("liaison.zwolle"), zwolle, ANNA)
    services.record(user("liaison.deventer"), deventer, ANNA_AGAIN)
    verified(client, "liaison.deventer")
    html = client.get(reverse("linkage:signal", args=[deventer.signal_id])).content.decode()
    assert "mogelijke match met een betrokkene die buiten uw zicht ligt" in html
    assert "Aandachtsfunctionaris, Gemeente Zwolle" in html
    assert "Anna Maria" not in html and zwolle.signal.reference not in html and "0612345678" not in html
    assert str(zwolle.signal_id) not in html
    assert "score" not in html  # no score to steer a guess by, out of scope
    entry = AccessLog.objects.filter(user=user("liaison.deventer"), action="identifiers").latest("pk")
    assert entry.detail["candidates"] == [zwolle.pk]  # what the save found, for the privacy officer
    # The mirror notice: Zwolle's liaison is told, about her own signal, and sees Deventer's contact.
    notice = Notification.objects.get(user=user("liaison.zwolle"), kind="linkage_match")
    assert notice.url == reverse("linkage:signal", args=[zwolle.signal_id])
    assert not Notification.objects.filter(user=user("liaison.deventer"), kind="linkage_match").exists()
    verified(client, "liaison.zwolle")
    html = client.get(notice.url).content.decode()
    assert "Aandachtsfunctionaris, Gemeente Deventer" in html and "Anna Maria" in html  # her own person only
    assert "28-02-1990" not in html and deventer.signal.reference not in html


def test_either_side_confirms_after_contact_and_may_undo_it(zwolle, deventer, client):
    services.record(user("liaison.deventer"), deventer, ANNA)
    suggestion = services.record(user("liaison.zwolle"), zwolle, ANNA_AGAIN)[0]
    assert Person.objects.get(pk=zwolle.pk).identity != Person.objects.get(pk=deventer.pk).identity  # nothing automatic
    verified(client, "liaison.deventer")  # the other side, who got the notice
    url = reverse("linkage:decide", args=[suggestion.pk])
    response = client.post(url, {"decision": "same", "version": suggestion.version})
    assert response.status_code == 302 and response.url == reverse("linkage:signal", args=[deventer.signal_id])
    assert Person.objects.get(pk=zwolle.pk).identity == Person.objects.get(pk=deventer.pk).identity
    decision = LinkDecision.objects.get(suggestion=suggestion)
    assert (decision.user.username, decision.decision, decision.score) == ("liaison.deventer", "same", suggestion.score)
    assert AccessLog.objects.filter(action="link_decision", object_id=str(deventer.signal_id)).count() == 1
    # A replayed confirmation changes nothing.
    with pytest.raises(Conflict):
        services.decide(user("liaison.deventer"), Suggestion.objects.get(pk=suggestion.pk), "same", suggestion.version)
    client.post(url, {"decision": "same", "version": suggestion.version})
    assert LinkDecision.objects.filter(suggestion=suggestion).count() == 1
    # Undone: each gets back the identity it had.
    verified(client, "liaison.zwolle")
    client.post(url, {"decision": "undone", "version": suggestion.version + 1})
    assert Person.objects.get(pk=zwolle.pk).identity != Person.objects.get(pk=deventer.pk).identity
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.OPEN
    client.post(url, {"decision": "different", "version": suggestion.version + 2})
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.REJECTED
    assert list(LinkDecision.objects.filter(suggestion=suggestion).order_by("pk").values_list("decision", flat=True)) \
        == ["same", "undone", "different"]


def test_in_scope_both_are_shown(world, client):
    first, second = person_of("liaison.zwolle"), person_of("liaison.zwolle")
    services.record(user("liaison.zwolle"), first, ANNA)
    services.record(user("liaison.zwolle"), second, ANNA_AGAIN)
    verified(client, "liaison.zwolle")
    html = client.get(reverse("linkage:signal", args=[second.signal_id])).content.decode()
    assert 'data-scope="in"' in html and first.signal.reference in html and "Anna Maria" in html
    assert not Notification.objects.filter(kind="linkage_match").exists()  # nobody outside to tell


def test_a_forged_id_from_another_region_gives_404(zwolle, deventer, client):
    services.record(user("liaison.deventer"), deventer, ANNA)
    suggestion = services.record(user("liaison.zwolle"), zwolle, ANNA_AGAIN)[0]
    outsider = user("liaison.deventer").__class__.objects.holding([Role.LIAISON],
                                                                   organisation__region__slug="zeeland").first()
    verified(client, outsider.username)
    assert client.post(reverse("linkage:decide", args=[suggestion.pk]), {"decision": "same"}).status_code == 404
    assert client.post(reverse("linkage:decide", args=[999999]), {"decision": "same"}).status_code == 404
    assert client.get(reverse("linkage:signal", args=[zwolle.signal_id])).status_code == 404
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.OPEN
    assert AccessLog.objects.filter(user=outsider, action="denied", object_type="link_suggestion").exists()


def test_a_network_shows_the_signals_in_scope_that_share_an_identifier(world, client):
    first, second = person_of("liaison.zwolle"), person_of("liaison.zwolle")
    elsewhere = person_of("liaison.deventer", "GM0150")
    services.record(user("liaison.zwolle"), first, {"family_name": "Jansen", "phones": "0612345678",
                                                    "addresses": "Dorpsstraat 1, Zwolle"})
    services.record(user("liaison.zwolle"), second, {"family_name": "Pietersen", "phones": "+31612345678",
                                                     "plates": "12-ABC-3", "addresses": "dorpsstraat 1 zwolle"})
    services.record(user("liaison.deventer"), elsewhere, {"family_name": "Klaassen", "plates": "12ABC3"})
    verified(client, "liaison.zwolle")
    html = client.get(reverse("linkage:network", args=[first.signal_id])).content.decode()
    assert second.signal.reference in html and "zelfde adres, telefoonnummer" in html
    assert elsewhere.signal.reference not in html
    html = client.get(reverse("linkage:network", args=[second.signal_id])).content.decode()
    assert first.signal.reference in html and elsewhere.signal.reference not in html  # the plate's other is out of scope
    verified(client, "liaison.deventer")
    html = client.get(reverse("linkage:network", args=[elsewhere.signal_id])).content.decode()
    assert "Geen andere signalen" in html


def test_anonymising_a_signal_forgets_its_identifiers(zwolle, deventer):
    services.record(user("liaison.deventer"), deventer, ANNA)
    services.record(user("liaison.zwolle"), zwolle, ANNA_AGAIN)
    intake_services.anonymise(Signal.objects.filter(pk=zwolle.signal_id))
    assert not PersonIdentifiers.objects.filter(person=zwolle).exists()
    assert PersonIdentifiers.objects.filter(person=deventer).exists()
    assert not Suggestion.objects.exists()


def test_a_key_rotation_encodes_the_stored_identifiers_again(world, settings):
    first, second = person_of("liaison.zwolle"), person_of("liaison.zwolle")
    services.record(user("liaison.zwolle"), first, ANNA)
    old = PersonIdentifiers.objects.get(person=first)
    old_code = old.codes.get().code
    settings.LINKAGE_KEYS = "n" * 40 + "," + settings.LINKAGE_KEYS
    assert services.record(user("liaison.zwolle"), second, ANNA_AGAIN) == []  # the old encoding matches nothing
    call_command("linkage_reencode", stdout=io.StringIO())
    new = PersonIdentifiers.objects.get(person=first)
    assert new.key_version != old.key_version and bytes(new.bloom) != bytes(old.bloom)
    assert new.codes.get().code != old_code and new.family_name == "van der Berg"
    assert [s.candidate_id for s in services.record(user("liaison.zwolle"), second, ANNA_AGAIN)] == [first.pk]


def test_a_confirmed_match_counts_one_person_in_the_figures(zwolle, deventer):
    """The region's figures count people by identity: confirming a match across municipalities takes
    the distinct persons down by one, undoing it brings them back (issue 20's "done means")."""
    today = timezone.localdate()
    selection = Selection(region=Region.objects.get(slug="ijsselland"), start=today.replace(day=1), end=today)

    def persons():
        with aggregates.facts_for(selection) as monthly:
            return {r.key: r.values["n"] for r in figures.compute(selection, facts=monthly)[0].rows}["persons"]

    services.record(user("liaison.deventer"), deventer, ANNA)
    suggestion = services.record(user("liaison.zwolle"), zwolle, ANNA_AGAIN)[0]
    before = persons()
    services.decide(user("liaison.deventer"), suggestion, "same", suggestion.version)
    assert persons() == before - 1
    services.decide(user("liaison.zwolle"), suggestion, "undone", suggestion.version + 1)
    assert persons() == before


@pytest.mark.parametrize(("field", "value"), [("given_name", "Anna\x07"), ("family_name", "x" * 300),
                                              ("emails", "anna@"), ("plates", "12-ABC-3-XYZ-99")])
def test_the_service_names_the_field_whoever_calls_it(zwolle, field, value):
    with pytest.raises(Invalid) as refused:
        services.record(user("liaison.zwolle"), zwolle, {**ANNA, field: value})
    assert list(refused.value.errors) == [field]
    assert not PersonIdentifiers.objects.exists()


def one_minute():
    """The rate limit's clock held within one minute: a test that crossed a minute's boundary would
    find its counter new again."""
    return mock.patch("ketenzicht.ratelimit.time", mock.Mock(time=mock.Mock(return_value=60 * 29_000_000 + 1)))


def test_recording_identifiers_is_rate_limited_per_user(zwolle, deventer):
    """Trying name after name against the country's encodings does not get far."""
    with one_minute():
        for number in range(services.RECORDS_PER_MINUTE):
            services.record(user("liaison.zwolle"), zwolle, {**ANNA, "given_name": f"Anna {number}"})
        with pytest.raises(TooMany, match="deze minuut al"):
            services.record(user("liaison.zwolle"), zwolle, {**ANNA, "given_name": "Anna Laatste"})
    assert PersonIdentifiers.objects.get(person=zwolle).given_name != "Anna Laatste"  # nothing changed
    services.record(user("liaison.deventer"), deventer, ANNA_AGAIN)  # another user is not held up
