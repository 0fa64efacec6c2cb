"""The care permission matrix: users x trajectories x actions, from the rules restated here: the
care coordinator of the region handles, an organisation that received the dossier reads, no one else."""
import itertools

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Role
from ketenzicht.care import services
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Municipality, Organisation

from .conftest import api_client, user, verified

USERS = ["care.ijsselland", "care.zeeland", "opvang.ijsselland", "opvang.zeeland", "liaison.zwolle",
         "police.ijsselland", "chair.ijsselland", "analyst.ijsselland", "admin.ijsselland", "privacy.ijsselland",
         "reporter.zwolle"]


@pytest.fixture
def trajectories(world):
    made = {}
    for name, coordinator, code, receiver in (("zwolle", "care.ijsselland", "GM0193", None),
                                              ("zwolle_handed", "care.ijsselland", "GM0193", "Opvang IJsselland"),
                                              ("middelburg", "care.zeeland", "GM0687", None)):
        account = user(coordinator)
        t = services.open_trajectory(account, name=f"Persoon {name}", municipality=Municipality.objects.get(
            cbs_code=code))
        if receiver:
            shelter = Organisation.objects.get(name=receiver)
            services.record_consent(account, t, "share", "written", timezone.localdate(), shelter)
            services.hand_over(account, t, shelter, "Dossier")
        made[name] = t
    return made


def expected(username, trajectory):
    account = user(username)
    if any(a.role == Role.CARE_COORDINATOR and a.organisation.region_id == trajectory.region_id
           for a in account.assignments):
        return policy.CareAccess.HANDLE
    if set(trajectory.hand_overs.values_list("organisation_id", flat=True)) & {a.organisation_id
                                                                              for a in account.assignments}:
        return policy.CareAccess.RECEIVED
    return policy.CareAccess.NONE


def test_matrix_policy(trajectories):
    levels = set()
    for username, t in itertools.product(USERS, trajectories.values()):
        access = expected(username, t)
        levels.add(access)
        assert policy.trajectory_access(user(username), t) == access, (username, t.name)
        assert policy.trajectories_visible_to(user(username)).filter(pk=t.pk).exists() == bool(access)
    assert levels == set(policy.CareAccess)


@pytest.mark.parametrize("username", USERS)
def test_matrix_http(trajectories, client, username):
    verified(client, username)
    api = api_client(username)
    for t in trajectories.values():
        access = expected(username, t)
        assert client.get(f"/zorg/{t.pk}").status_code == (200 if access else 404), (username, t.name)
        assert api.get(f"/api/v1/care-trajectories/{t.pk}").status_code == (200 if access else 404)
        note = client.post(f"/zorg/{t.pk}/afspraken", {"text": "Poging"})
        assert note.status_code == (302 if access == policy.CareAccess.HANDLE else 404), (username, t.name)
        listed = str(t.pk) in api.get("/api/v1/care-trajectories").content.decode()
        assert listed == bool(access)
