"""The care permission matrix: users x trajectories x actions, from the rules restated here: the
care coordinator of the region handles, an organisation that received the dossier reads, a member
of the care meeting of the trajectory's municipality sees its status only, no one else."""
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts.models import Role, RoleAssignment
from ketenzicht.care import access as care_access
from ketenzicht.care import services
from ketenzicht.care.models import Trajectory
from ketenzicht.cases.models import Seat, Table
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Municipality, Organisation

from ..helpers import api_client, user, verified

USERS = ["care.ijsselland", "care.zeeland", "opvang.ijsselland", "opvang.zeeland", "liaison.zwolle",
         "police.ijsselland", "chair.ijsselland", "analyst.ijsselland", "admin.ijsselland", "privacy.ijsselland",
         "reporter.zwolle", "melder.opvang.ijsselland"]


@pytest.fixture
def trajectories(world):
    # A reporter at the shelter that receives the dossier: her organisation received it, her role does not.
    from django.contrib.auth import get_user_model
    reporter = get_user_model().objects.create_user("melder.opvang.ijsselland", password="x" * 16)
    RoleAssignment.objects.create(user=reporter, role=Role.REPORTER, organisation=Organisation.objects.get(
        name="Opvang IJsselland"))
    TOTPDevice.objects.create(user=reporter, name="t", confirmed=True)
    care_meeting = Table.objects.get(name="Zorgoverleg IJsselland")  # the demo's, for the whole region
    Seat.objects.create(table=care_meeting, organisation=Organisation.objects.get(name="Politie IJsselland"),
                        basis_kind="covenant", legal_basis="Convenant Zorg- en Veiligheidshuis", article="5")
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
        return care_access.CareAccess.HANDLE
    if set(trajectory.hand_overs.values_list("organisation_id", flat=True)) & {
            a.organisation_id for a in account.assignments if a.role == Role.CARE_PROVIDER}:
        return care_access.CareAccess.RECEIVED
    if username == "police.ijsselland" and trajectory.region.slug == "ijsselland":  # seated at the care meeting
        return care_access.CareAccess.STATUS
    return care_access.CareAccess.NONE


def test_matrix_policy(trajectories):
    levels = set()
    for username, t in itertools.product(USERS, trajectories.values()):
        access = expected(username, t)
        levels.add(access)
        assert care_access.trajectory_access(user(username), t) == access, (username, t.name)
        assert policy.visible(user(username), Trajectory).filter(pk=t.pk).exists() == (
            access >= care_access.CareAccess.RECEIVED)
    assert levels == set(care_access.CareAccess)


@pytest.mark.parametrize("username", USERS)
def test_matrix_http(trajectories, client, username):
    verified(client, username)
    api = api_client(username)
    for t in trajectories.values():
        access = expected(username, t)
        reads = access >= care_access.CareAccess.RECEIVED  # the care meeting's status is no dossier
        assert client.get(f"/zorg/{t.pk}").status_code == (200 if reads else 404), (username, t.name)
        assert api.get(f"/api/v1/care-trajectories/{t.pk}").status_code == (200 if reads else 404)
        note = client.post(f"/zorg/{t.pk}/afspraken", {"text": "Poging"})
        assert note.status_code == (302 if access == care_access.CareAccess.HANDLE else 404), (username, t.name)
        listed = str(t.pk) in api.get("/api/v1/care-trajectories").content.decode()
        assert listed == reads


def test_a_dossier_goes_only_where_someone_can_receive_it(trajectories):
    """Red-team finding: a hand-over accepted any organisation of any region."""
    account = user("care.ijsselland")
    t = trajectories["zwolle"]
    elsewhere = Organisation.objects.get(name="Politie Zeeland")  # another region, no care provider there
    nobody = Organisation.objects.get(name="GGD IJsselland")  # in the region, but no one receives dossiers
    other_shelter = Organisation.objects.get(name="Opvang Zeeland")  # shelters take people from everywhere
    for organisation in (elsewhere, nobody, other_shelter):
        services.record_consent(account, t, "share", "written", timezone.localdate(), organisation)
    for organisation in (elsewhere, nobody):
        with pytest.raises(ValidationError) as refused:
            services.hand_over(account, t, organisation, "Dossier")
        assert "organisation" in refused.value.message_dict
        with pytest.raises(ValidationError):
            services.refer(account, t, organisation, "shelter")
    services.hand_over(account, t, other_shelter, "Dossier")
    assert list(t.hand_overs.values_list("organisation__name", flat=True)) == ["Opvang Zeeland"]
    assert care_access.trajectory_access(user("opvang.zeeland"), t) == care_access.CareAccess.RECEIVED


def test_a_received_dossier_closes_when_the_consent_is_withdrawn(trajectories):
    """Review finding: the provider kept reading the dossier after the person withdrew consent."""
    t = trajectories["zwolle_handed"]
    provider = user("opvang.ijsselland")
    assert care_access.trajectory_access(provider, t) == care_access.CareAccess.RECEIVED
    consent = t.consents.get(purpose="share")
    services.withdraw_consent(user("care.ijsselland"), consent)
    provider = user("opvang.ijsselland")
    assert care_access.trajectory_access(provider, t) == care_access.CareAccess.NONE
    assert not policy.visible(provider, Trajectory).filter(pk=t.pk).exists()


def test_a_care_provider_reads_what_was_handed_to_it_and_no_more(trajectories, client):
    """Review finding: a provider that received the dossier read every note, every other partner's
    consent and every other hand-over. It reads what was handed to it."""
    t = trajectories["zwolle_handed"]
    coordinator = user("care.ijsselland")
    services.add_note(coordinator, t, "Gesprek met de advocaat over aangifte")
    police = Organisation.objects.get(name="Politie IJsselland")
    services.record_consent(coordinator, t, "share", "written", timezone.localdate(), police)
    page = verified(client, "opvang.ijsselland").get(f"/zorg/{t.pk}").content.decode()
    assert "Opvang IJsselland: Dossier" in page  # what was handed over
    assert "advocaat" not in page and "Politie IJsselland" not in page
    consents = api_client("opvang.ijsselland").get(f"/api/v1/care-trajectories/{t.pk}").json()["consents"]
    assert [c["organisation"] for c in consents] == ["Opvang IJsselland"]
    full = verified(client, "care.ijsselland").get(f"/zorg/{t.pk}").content.decode()
    assert "advocaat" in full and "Politie IJsselland" in full
