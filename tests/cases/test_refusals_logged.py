"""A refused step of a case, or refused work on a track, is logged, and the entry stays.

The entry used to be written inside the service's transaction and went with its rollback (here,
inside the test's transaction, the service's savepoint): the privacy officer never saw the attempt."""
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ketenzicht.cases import services
from ketenzicht.cases.models import Case, Track
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Organisation

from ..helpers import case_with_care_track, user


@pytest.fixture
def track(world):
    return case_with_care_track().tracks.get(kind="zorg")


# Each service, called by someone who may not: (arguments, object type and id of the entry, action refused).
CALLS = {
    "take_transition": (lambda t: (t.case, "sluiten"), lambda t: ("case", t.case_id), "sluiten"),
    "add_task": (lambda t: (t, "Bel de school", Organisation.objects.get(name="Politie IJsselland"),
                            timezone.localdate()), lambda t: ("track", t.pk), "add_task"),
    "report_progress": (lambda t: (t, "Gesprek gevoerd"), lambda t: ("track", t.pk), "progress"),
    "close_track": (lambda t: (t, "Afgerond"), lambda t: ("track", t.pk), "close_track"),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("username", ["liaison.zwolle", "chair.zeeland"])
def test_a_refused_change_of_a_case_is_logged_once(track, name, username):
    arguments, logged_on, action = CALLS[name]
    before = (Case.objects.filter(pk=track.case_id).values().get(), Track.objects.filter(pk=track.pk).values().get(),
              track.tasks.count(), track.progress.count())
    outsider = user(username)
    with pytest.raises(PermissionDenied):
        getattr(services, name)(outsider, *arguments(track))
    entry = AccessLog.objects.get(action="denied")  # exactly one
    object_type, object_id = logged_on(track)
    assert (entry.user, entry.object_type, entry.object_id, entry.reason, entry.region_id) == (
        outsider, object_type, str(object_id), action, track.case.region_id)
    assert (Case.objects.filter(pk=track.case_id).values().get(), Track.objects.filter(pk=track.pk).values().get(),
            track.tasks.count(), track.progress.count()) == before
