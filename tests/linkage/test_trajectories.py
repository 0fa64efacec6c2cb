"""Identifiers on a care trajectory (issue 20, item 1, care side), matched like a signal's persons:
a trajectory without a signal carries them, a match with a signal elsewhere shows only whom to
contact, either side decides and the other side is told, and the care register counts once."""
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ketenzicht.accounts.models import Role, User
from ketenzicht.care import services as care
from ketenzicht.care.models import Trajectory
from ketenzicht.intake import services as intake_services
from ketenzicht.intake.models import Signal
from ketenzicht.lib.crypto import EncryptedTextField
from ketenzicht.lib.errors import Conflict
from ketenzicht.linkage import access, services
from ketenzicht.linkage.models import PersonIdentifiers, Suggestion, SuggestionStatus
from ketenzicht.notifications.models import Notification
from ketenzicht.privacy import grants
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Organisation

from ..helpers import signal, user, verified

ANNA = {"given_name": "Anna Maria", "family_name": "van der Berg", "date_of_birth": "1990-02-28",
        "gender": "v", "nationality": "ro", "phones": "06-12345678"}
ANNA_AGAIN = {"given_name": "Anna", "family_name": "Berg, van der", "date_of_birth": "28-02-1990",
              "gender": "v", "nationality": "RO", "phones": "+31 6 1234 5678"}


def trajectory(place="Deventer", source=None):
    return care.open_trajectory(user("care.ijsselland"), name="A.", municipality=Municipality.objects.get(name=place),
                                age=30, signal=source)


def victims():
    return care.caseload(Trajectory.objects.all())[0]["victims"]


@pytest.fixture
def zwolle(world):
    """Anna's signal in Zwolle, her identifiers recorded by Zwolle's liaison."""
    person = signal("liaison.zwolle", "GM0193", timezone.now()).persons.get()
    services.record(user("liaison.zwolle"), person, ANNA)
    return person


def test_a_trajectory_without_signal_carries_encrypted_identifiers(world, client):
    own = trajectory()
    verified(client, "care.ijsselland")
    assert "Identificatie en mogelijke matches" in client.get(reverse("care:detail", args=[own.pk])).content.decode()
    response = client.post(reverse("linkage:trajectory", args=[own.pk]), ANNA)
    assert response.status_code == 302
    stored = PersonIdentifiers.objects.get(trajectory=own)
    assert stored.person_id is None and len(bytes(stored.bloom)) == 128
    assert list(stored.codes.values_list("kind", flat=True)) == ["phone"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT family_name, phones FROM linkage_personidentifiers")
        raw = " ".join(cursor.fetchone())
    assert "Berg" not in raw and "1234" not in raw
    assert AccessLog.objects.filter(action="identifiers", object_type="trajectory", object_id=str(own.pk)).exists()
    html = client.get(reverse("linkage:trajectory", args=[own.pk])).content.decode()
    assert "van der Berg" in html and "Geen mogelijke matches" in html


def test_a_match_with_a_signal_elsewhere_shows_whom_to_contact_and_both_sides_hear(zwolle, client):
    own = trajectory("Deventer")
    found = services.record_trajectory(user("care.ijsselland"), own, ANNA_AGAIN)
    assert [(s.trajectory_id, s.candidate_id) for s in found] == [(own.pk, zwolle.pk)]
    verified(client, "care.ijsselland")
    html = client.get(reverse("linkage:trajectory", args=[own.pk])).content.decode()
    assert 'data-scope="out"' in html and "Aandachtsfunctionaris, Gemeente Zwolle" in html
    assert "Anna Maria" not in html and zwolle.signal.reference not in html and str(zwolle.signal_id) not in html
    # The mirror notice: Zwolle's liaison hears of it on her own signal and sees whom to call in care.
    notice = Notification.objects.get(user=user("liaison.zwolle"), kind="linkage_match")
    assert notice.url == reverse("linkage:signal", args=[zwolle.signal_id])
    verified(client, "liaison.zwolle")
    html = client.get(notice.url).content.decode()
    coordinator = user("care.ijsselland").role_assignments.get(role=Role.CARE_COORDINATOR).organisation.name
    assert f"Zorgcoördinator, {coordinator}" in html and "Anna Maria" in html
    assert own.reference not in html and "28-02-1990" not in html


def test_confirming_counts_one_victim_the_other_side_is_told_and_undo_restores(zwolle, client):
    trajectory("Zwolle", source=zwolle.signal)  # opened from her signal
    own = trajectory("Deventer")  # opened directly, later: the same Anna?
    suggestion = services.record_trajectory(user("care.ijsselland"), own, ANNA_AGAIN)[0]
    assert victims() == 2
    verified(client, "liaison.zwolle")  # the other side, after contact
    response = client.post(reverse("linkage:decide", args=[suggestion.pk]),
                           {"decision": "same", "version": suggestion.version})
    assert response.url == reverse("linkage:signal", args=[zwolle.signal_id])
    assert victims() == 1
    # The trajectory's side is told, with a link to its own page, and the log holds it there too.
    notice = Notification.objects.get(user=user("care.ijsselland"), kind="linkage_decision_care")
    assert notice.url == reverse("linkage:trajectory", args=[own.pk])
    assert AccessLog.objects.filter(action="link_decision", object_type="trajectory", object_id=str(own.pk)).exists()
    assert AccessLog.objects.filter(action="link_decision", object_id=str(zwolle.signal_id)).exists()
    verified(client, "care.ijsselland")
    client.post(reverse("linkage:decide", args=[suggestion.pk]), {"decision": "undone", "version": suggestion.version + 1})
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.OPEN
    assert victims() == 2
    assert Notification.objects.filter(user=user("liaison.zwolle"), kind="linkage_decision").count() == 1


def test_two_trajectories_in_scope_are_shown_and_confirmed_as_one(world, client):
    first, second = trajectory("Zwolle"), trajectory("Deventer")
    services.record_trajectory(user("care.ijsselland"), first, ANNA)
    suggestion = services.record_trajectory(user("care.ijsselland"), second, ANNA_AGAIN)[0]
    verified(client, "care.ijsselland")
    html = client.get(reverse("linkage:trajectory", args=[second.pk])).content.decode()
    assert 'data-scope="in"' in html and first.reference in html and "Anna Maria" in html
    assert victims() == 2
    client.post(reverse("linkage:decide", args=[suggestion.pk]), {"decision": "same", "version": suggestion.version})
    assert victims() == 1
    assert services.record_trajectory(user("care.ijsselland"), second, ANNA_AGAIN) == []  # one person: no match


def test_a_trajectory_of_another_region_is_refused_and_nothing_changes(zwolle, client):
    own = trajectory()
    suggestion = services.record_trajectory(user("care.ijsselland"), own, ANNA_AGAIN)[0]
    outsider = User.objects.holding([Role.CARE_COORDINATOR], organisation__region__slug="zeeland").first()
    verified(client, outsider.username)
    url = reverse("linkage:trajectory", args=[own.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {**ANNA, "family_name": "Jansen"}).status_code == 404
    assert client.post(reverse("linkage:decide", args=[suggestion.pk]), {"decision": "same"}).status_code == 404
    assert PersonIdentifiers.objects.get(trajectory=own).family_name == "Berg, van der"
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.OPEN
    assert AccessLog.objects.filter(user=outsider, action="denied", object_type="trajectory").exists()


@pytest.mark.parametrize(("field", "value", "words"), [
    ("date_of_birth", "31-02-1990", "bestaat niet"),
    ("family_name", "x" * 10_000, "te lang"),
    ("given_name", "<script>alert(1)</script>", "HTML"),
])
def test_bad_input_names_the_field_keeps_the_input_and_stores_nothing(world, client, field, value, words):
    own = trajectory()
    verified(client, "care.ijsselland")
    response = client.post(reverse("linkage:trajectory", args=[own.pk]), {**ANNA, field: value})
    assert response.status_code == 400
    form = response.context["form"]
    assert words in " ".join(form.errors[field]) and form[field].value() == value
    assert not PersonIdentifiers.objects.exists()


def test_anonymising_a_trajectory_forgets_its_identifiers_and_open_suggestions(zwolle):
    own = trajectory()
    services.record_trajectory(user("care.ijsselland"), own, ANNA_AGAIN)
    care.anonymise(Trajectory.objects.filter(pk=own.pk))
    assert not PersonIdentifiers.objects.filter(trajectory=own).exists()
    assert PersonIdentifiers.objects.filter(person=zwolle).exists()
    assert not Suggestion.objects.exists()


# Review of the care side (hostile reading): each test below failed before its fix.

def _unavailable(*models):
    """Make the clear (encrypted) fields of these models unreadable: loading one raises."""
    original = EncryptedTextField.from_db_value

    def unavailable(field, value, expression, connection_):
        if field.model in models:
            raise AssertionError(f"read {field.model.__name__}.{field.name}")
        return original(field, value, expression, connection_)

    return mock.patch.object(EncryptedTextField, "from_db_value", unavailable)


def test_matching_a_trajectory_reads_no_clear_field_of_any_record(zwolle):
    """Not the identifiers, nor the other trajectory's name and date of birth, nor the signal's text."""
    coordinator = user("care.ijsselland")
    first = trajectory("Zwolle")
    services.record_trajectory(coordinator, first, ANNA)
    own = trajectory("Deventer")
    with _unavailable(PersonIdentifiers, Trajectory, Signal):
        with pytest.raises(AssertionError):  # the patch holds
            Trajectory.objects.get(pk=first.pk)
        found = services.record_trajectory(coordinator, own, ANNA_AGAIN)
    assert sorted((s.candidate_id is not None, s.candidate_trajectory_id is not None) for s in found) == [
        (False, True), (True, False)]
    assert Notification.objects.filter(user=user("liaison.zwolle"), kind="linkage_match").exists()


def test_a_liaison_cannot_decide_between_two_trajectories(world, client):
    first, second = trajectory("Zwolle"), trajectory("Deventer")
    services.record_trajectory(user("care.ijsselland"), first, ANNA)
    suggestion = services.record_trajectory(user("care.ijsselland"), second, ANNA_AGAIN)[0]
    verified(client, "liaison.zwolle")
    response = client.post(reverse("linkage:decide", args=[suggestion.pk]),
                           {"decision": "same", "version": suggestion.version})
    assert response.status_code == 404
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.OPEN
    assert AccessLog.objects.filter(user=user("liaison.zwolle"), action="denied", object_type="link_suggestion").exists()


@pytest.mark.parametrize("anonymised", ["trajectory", "signal"])
def test_no_decision_reopens_a_match_once_a_side_is_anonymised(zwolle, client, anonymised):
    own = trajectory("Deventer")
    suggestion = services.record_trajectory(user("care.ijsselland"), own, ANNA_AGAIN)[0]
    services.decide(user("liaison.zwolle"), suggestion, "same", suggestion.version)
    if anonymised == "trajectory":
        care.anonymise(Trajectory.objects.filter(pk=own.pk))
    else:
        intake_services.anonymise(Signal.objects.filter(pk=zwolle.signal_id))
    verified(client, "care.ijsselland")
    response = client.post(reverse("linkage:decide", args=[suggestion.pk]),
                           {"decision": "undone", "version": suggestion.version + 1}, follow=True)
    assert "geanonimiseerd" in response.content.decode()
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.CONFIRMED
    assert not Suggestion.objects.filter(status=SuggestionStatus.OPEN).exists()
    assert victims() == 1


def test_a_decision_on_a_match_that_went_meanwhile_is_a_clear_error(zwolle, client):
    own = trajectory("Deventer")
    suggestion = services.record_trajectory(user("care.ijsselland"), own, ANNA_AGAIN)[0]
    stale = Suggestion.objects.get(pk=suggestion.pk)  # the page was open ...
    care.anonymise(Trajectory.objects.filter(pk=own.pk))  # ... when retention forgot the open match
    with pytest.raises(Conflict):
        services.decide(user("liaison.zwolle"), stale, "same", stale.version)


def test_the_pages_cost_no_query_per_match(zwolle, client):
    """The trajectory's page and the signal's page: a fixed number of reads however many matches
    (in and out of scope, persons of signals and trajectories, either side recorded first)."""
    coordinator, liaison = user("care.ijsselland"), user("liaison.zwolle")
    no_phone = {key: value for key, value in ANNA.items() if key != "phones"}  # no network to show

    def more():
        services.record_trajectory(coordinator, trajectory("Zwolle"), ANNA)
        services.record(liaison, signal("liaison.zwolle", "GM0193", timezone.now()).persons.get(), no_phone)

    def reads(username, url):
        verified(client, username)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len([q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")])

    own = trajectory("Deventer")
    services.record_trajectory(coordinator, own, ANNA_AGAIN)
    more()
    pages = [("care.ijsselland", reverse("linkage:trajectory", args=[own.pk])),
             ("liaison.zwolle", reverse("linkage:signal", args=[zwolle.signal_id]))]
    before = [reads(*page) for page in pages]
    assert len(access.suggestions_about_trajectory(own)) == 3
    more()
    assert len(access.suggestions_about_trajectory(own)) == 5
    assert [reads(*page) for page in pages] == before


def test_the_identifiers_of_another_record_shown_in_scope_are_logged_against_it(world, client):
    first, second = trajectory("Zwolle"), trajectory("Deventer")
    services.record_trajectory(user("care.ijsselland"), first, ANNA)
    services.record_trajectory(user("care.ijsselland"), second, ANNA_AGAIN)
    verified(client, "care.ijsselland")
    client.get(reverse("linkage:trajectory", args=[second.pk]))
    shown = AccessLog.objects.filter(user=user("care.ijsselland"), action="linkage", object_type="trajectory")
    assert sorted(shown.values_list("object_id", flat=True)) == sorted([str(first.pk), str(second.pk)])


def test_the_pages_decrypt_nothing_of_the_records_on_the_other_side(zwolle, client):
    """A match row needs the other record's reference and place, never its clear fields: the other
    trajectory's name and date of birth, the other signal's text stay encrypted, in scope or not."""
    own = trajectory("Deventer")
    services.record_trajectory(user("care.ijsselland"), own, ANNA_AGAIN)
    services.record_trajectory(user("care.ijsselland"), trajectory("Zwolle"), ANNA)
    original = EncryptedTextField.from_db_value
    read = []

    def counted(field, value, expression, connection_):
        if field.model in (Signal, Trajectory):
            read.append(f"{field.model.__name__}.{field.name}")
        return original(field, value, expression, connection_)

    for username, url, own_fields in (
            ("care.ijsselland", reverse("linkage:trajectory", args=[own.pk]), ["Trajectory.birth_date", "Trajectory.name"]),
            ("liaison.zwolle", reverse("linkage:signal", args=[zwolle.signal_id]),
             ["Signal.contact", "Signal.description", "Signal.location"])):
        verified(client, username)
        read.clear()
        with mock.patch.object(EncryptedTextField, "from_db_value", counted):
            assert client.get(url).status_code == 200
        assert sorted(read) == own_fields, url  # the page's own record, once


def test_a_decision_decrypts_nothing_of_either_record(zwolle, client):
    own = trajectory("Deventer")
    suggestion = services.record_trajectory(user("care.ijsselland"), own, ANNA_AGAIN)[0]
    original = EncryptedTextField.from_db_value
    read = []

    def counted(field, value, expression, connection_):
        if field.model in (Signal, Trajectory):
            read.append(f"{field.model.__name__}.{field.name}")
        return original(field, value, expression, connection_)

    verified(client, "liaison.zwolle")
    with mock.patch.object(EncryptedTextField, "from_db_value", counted):
        response = client.post(reverse("linkage:decide", args=[suggestion.pk]),
                               {"decision": "same", "version": suggestion.version})
    assert response.status_code == 302 and read == []
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.CONFIRMED


def test_who_received_the_dossier_sees_no_identification_and_cannot_decide(zwolle, client):
    """Only the care coordinator handles a trajectory's identification: not the care provider it
    was handed to (who reads the dossier), nor the liaison of the signal it matched."""
    coordinator = user("care.ijsselland")
    own = trajectory("Deventer")
    shelter = Organisation.objects.get(name="Opvang IJsselland")
    care.record_consent(coordinator, own, "share", "written", timezone.localdate(), shelter)
    care.hand_over(coordinator, own, shelter, "Dossier")
    suggestion = services.record_trajectory(coordinator, own, ANNA_AGAIN)[0]
    verified(client, "opvang.ijsselland")
    page = client.get(reverse("care:detail", args=[own.pk]))
    assert page.status_code == 200 and 'data-testid="linkage-panel"' not in page.content.decode()
    assert client.get(reverse("linkage:trajectory", args=[own.pk])).status_code == 404
    assert client.post(reverse("linkage:trajectory", args=[own.pk]), ANNA).status_code == 404
    assert client.post(reverse("linkage:decide", args=[suggestion.pk]), {"decision": "different"}).status_code == 404
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.OPEN
    assert PersonIdentifiers.objects.get(trajectory=own).family_name == "Berg, van der"
    verified(client, "liaison.zwolle")
    assert client.get(reverse("linkage:trajectory", args=[own.pk])).status_code == 404


def test_a_signal_open_by_break_the_glass_shows_on_the_trajectory_page_flagged(zwolle, client):
    """A coordinator who broke the glass for Zwolle's signal sees its person's identifiers beside the
    trajectory's: that read is logged against the signal, flagged for the privacy officer."""
    own = trajectory("Deventer")
    services.record_trajectory(user("care.ijsselland"), own, ANNA_AGAIN)
    grants.grant(user("care.ijsselland"), zwolle.signal, "Acute situatie")
    verified(client, "care.ijsselland")
    html = client.get(reverse("linkage:trajectory", args=[own.pk])).content.decode()
    assert 'data-scope="in"' in html and "Anna Maria" in html
    entry = AccessLog.objects.get(user=user("care.ijsselland"), action="linkage", object_id=str(zwolle.signal_id))
    assert entry.flagged and entry.object_type == "signal"
