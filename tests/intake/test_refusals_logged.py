"""A refused change of a signal is logged, and the entry stays.

The entry used to be written inside the service's transaction and went with its rollback (here,
inside the test's transaction, the service's savepoint): the privacy officer never saw the attempt."""
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ketenzicht.intake import emergency, services
from ketenzicht.intake.models import Signal
from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy.models import AccessLog

from ..helpers import signal, user


@pytest.fixture
def zwolle(world):
    """Two linked signals of Zwolle's liaison, each with a person, and one of Deventer's."""
    today = timezone.localdate()
    mine, other = signal("liaison.zwolle", "GM0193", today), signal("liaison.zwolle", "GM0193", today)
    services.link(user("liaison.zwolle"), mine, other)
    deventer = signal("liaison.deventer", "GM0150", today)
    return {"mine": mine, "other": other, "deventer": deventer}


# Each service that changes a signal, called by someone who may not: (arguments, the action refused).
CALLS = {
    "update": (lambda s: (s["mine"], {"urgency": "urgent"}, None), "update"),
    "update is_acute": (lambda s: (s["mine"], {"is_acute": True}, None), "mark_acute"),
    "link": (lambda s: (s["mine"], s["other"]), "update"),
    "link_person": (lambda s: (s["mine"].persons.get(), s["other"].persons.get()), "update"),
    "add_note": (lambda s: (s["mine"], "Een notitie"), "note"),
    "give_feedback": (lambda s: (s["mine"], "Dank voor uw melding"), "feedback"),
    "set_acute": (lambda s: (s["mine"], True), "mark_acute"),
    "take_transition": (lambda s: (s["mine"], "in_behandeling_nemen"), "transition"),
    "add_attachment": (lambda s: (s["mine"], None), "attach"),  # refused before the upload is read
}


def denials():
    return AccessLog.objects.filter(action="denied")


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("username", ["liaison.deventer", "analyst.ijsselland"])
def test_a_refused_change_of_a_signal_is_logged_once(zwolle, name, username):
    arguments, action = CALLS[name]
    mine = zwolle["mine"]
    before = Signal.objects.filter(pk=mine.pk).values().get()
    outsider = user(username)
    with pytest.raises(PermissionDenied):
        getattr(services, name.split()[0])(outsider, *arguments(zwolle))
    entry = denials().get()  # exactly one
    assert (entry.user, entry.object_type, entry.object_id, entry.reason, entry.region_id) == (
        outsider, "signal", str(mine.pk), action, mine.region_id)
    assert Signal.objects.filter(pk=mine.pk).values().get() == before


def test_linking_to_a_signal_that_is_not_hers_is_logged_on_that_signal(zwolle):
    with pytest.raises(PermissionDenied):
        services.link(user("liaison.zwolle"), zwolle["mine"], zwolle["deventer"])
    assert list(denials().values_list("object_id", flat=True)) == [str(zwolle["deventer"].pk)]
    assert not zwolle["mine"].related.filter(pk=zwolle["deventer"].pk).exists()


def test_the_liaison_is_not_refused(zwolle):
    """What the services allow is unchanged: the liaison of the signal goes through."""
    services.add_note(user("liaison.zwolle"), zwolle["mine"], "Een notitie")
    services.update(user("liaison.zwolle"), zwolle["mine"], {"urgency": "urgent", "is_acute": True}, None)
    assert zwolle["mine"].notes.count() == 1 and Signal.objects.get(pk=zwolle["mine"].pk).is_acute
    assert not denials().exists()


def test_a_refused_break_the_glass_is_logged_once(zwolle):
    mine = zwolle["mine"]
    with pytest.raises(Invalid):
        emergency.break_glass(user("analyst.ijsselland"), mine, "Slachtoffer staat aan de balie")
    entry = denials().get()
    assert (entry.object_id, entry.reason) == (str(mine.pk), "break_glass")
    assert not mine.emergency_grants.exists()
