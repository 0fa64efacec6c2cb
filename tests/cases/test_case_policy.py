"""The permission matrix for cases: users x case situations x actions, expectations derived from the
rules of DESIGN.md section 4 (restated here, not read from policy.py), through the policy and HTTP."""
import itertools

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.cases import access as cases_access
from ketenzicht.cases import services as cases
from ketenzicht.cases.models import Case, Invitation, Meeting
from ketenzicht.intake import access as intake_access
from ketenzicht.intake import services as intake
from ketenzicht.intake.forms import ProfessionalSignalForm
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Organisation

from ..helpers import api_client, professional_payload, user, verified

# Partner accounts beside the demo's; the reporters at the OM and the RIEC work for an organisation
# that owns a track, has a task and is consulted, but their role opens none of it.
EXTRA = {"om.ijsselland": ("Openbaar Ministerie IJsselland", Role.TABLE_MEMBER),
         "riec.ijsselland": ("RIEC IJsselland", Role.TABLE_MEMBER),
         "inspecteur.ijsselland": ("Nederlandse Arbeidsinspectie", Role.TABLE_MEMBER),
         "melder.om.ijsselland": ("Openbaar Ministerie IJsselland", Role.REPORTER),
         "melder.riec.ijsselland": ("RIEC IJsselland", Role.REPORTER)}
USERS = ["reporter.zwolle", "liaison.zwolle", "liaison.deventer", "liaison.dalfsen", "chair.ijsselland",
         "police.ijsselland", "care.ijsselland", "analyst.ijsselland", "admin.ijsselland", "privacy.ijsselland",
         "liaison.middelburg", "chair.zeeland", *EXTRA]
ACTIONS = ["view", "view_all", "transition", "work_track", "do_task", "consult", "reply"]
# Roles that work their organisation's tracks and tasks, and answer for it in a consultation.
TRACK_ROLES = (Role.TABLE_MEMBER, Role.CARE_COORDINATOR, Role.TABLE_CHAIR, Role.LIAISON)
PARTICIPANTS = (Role.TABLE_MEMBER, Role.CARE_COORDINATOR, Role.TABLE_CHAIR)


def org(name, region="ijsselland"):
    return Organisation.objects.get(name=name, region__slug=region)


def escalate(reporter, lead, others=()):
    account = user(reporter)
    form = ProfessionalSignalForm(professional_payload(lead_municipality=lead, other_municipalities=list(others)),
                                  municipalities=intake_access.reportable_municipalities(account))
    assert form.is_valid(), form.errors
    signal, _code = intake.report(account, form.cleaned_data)
    liaison = next(u for u in User.objects.filter(role_assignments__role=Role.LIAISON,
                                                   role_assignments__municipality__cbs_code=lead))
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    signal = intake.take_transition(liaison, signal, "escaleren", reason="Naar de tafel")
    return signal.case


@pytest.fixture
def situation(world):
    """Zwolle: on the agenda with the police and the inspectorate (no legal basis) invited, a track
    owned by the OM, an urgent consultation asking the RIEC. Deventer+Dalfsen: just escalated.
    Middelburg (Zeeland): escalated there."""
    for username, (organisation, role) in EXTRA.items():
        account = User.objects.create_user(username, password="x" * 16)
        RoleAssignment.objects.create(user=account, role=role, organisation=org(organisation),
                                      approved_at=timezone.now())
        from django_otp.plugins.otp_totp.models import TOTPDevice
        TOTPDevice.objects.create(user=account, name="t", confirmed=True)
    zwolle = escalate("reporter.zwolle", "GM0193")
    chair = user("chair.ijsselland")
    meeting = Meeting.objects.create(table=zwolle.table, starts_at=timezone.now())
    cases.take_transition(chair, zwolle, "agenderen", meeting=meeting, invited=[org("Politie IJsselland")])
    # an invitation from before the rule (privacy.sharing) refused partners without a legal basis
    Invitation.objects.create(item=zwolle.agenda_items.get(), organisation=org("Nederlandse Arbeidsinspectie"))
    cases.take_transition(chair, zwolle, "besluiten", decision="Strafrecht",
                          tracks=[{"kind": "zorg_strafrecht", "owner": org("Openbaar Ministerie IJsselland"),
                                   "tasks": [{"description": "Dossier aanleveren", "assignee": org("RIEC IJsselland"),
                                              "due_on": timezone.localdate()}]}])
    cases.call_consultation(user("liaison.zwolle"), zwolle, "Wie weet meer?", [org("RIEC IJsselland")])
    deventer = escalate("liaison.deventer", "GM0150", [Organisation.objects.get(name="Gemeente Dalfsen")
                                                       .municipality])
    middelburg = escalate("liaison.middelburg", "GM0687")
    return {"zwolle": zwolle, "deventer": deventer, "middelburg": middelburg}


def expected(username, case):
    """DESIGN.md section 4, restated: chair of the table > liaison of a municipality of the case >
    partner invited (agenda or urgent consultation) with a valid legal basis > owner of a track."""
    account = user(username)
    orgs = {a.organisation_id: a.role for a in account.assignments}
    if any(role == Role.TABLE_CHAIR and org_id == case.table.chair_organisation_id for org_id, role in orgs.items()):
        return cases_access.CaseAccess.CHAIR
    liaison_of = {a.municipality_id for a in account.assignments if a.role == Role.LIAISON}
    if liaison_of & set(case.municipality_links.values_list("municipality_id", flat=True)):
        return cases_access.CaseAccess.HANDLE
    invited = set(case.agenda_items.values_list("invitations__organisation_id", flat=True)) | set(
        case.consultations.values_list("invitations__organisation_id", flat=True))
    based = {s.organisation_id for s in case.table.seats.all() if s.has_valid_basis}
    participants = {o for o, role in orgs.items() if role in PARTICIPANTS}
    if participants & invited & based:
        return cases_access.CaseAccess.MEMBER
    if {o for o, role in orgs.items() if role in TRACK_ROLES} & set(case.tracks.values_list("owner_id", flat=True)):
        return cases_access.CaseAccess.TRACK
    return cases_access.CaseAccess.NONE


def allowed(username, case, action):
    access = expected(username, case)
    working = {a.organisation_id for a in user(username).assignments if a.role in TRACK_ROLES}
    answering = {a.organisation_id for a in user(username).assignments if a.role in PARTICIPANTS}
    works_track = case.tracks.exists() and (
        access == cases_access.CaseAccess.CHAIR or bool(working & set(case.tracks.values_list("owner_id", flat=True))))
    return {
        "view": access >= cases_access.CaseAccess.TRACK,
        "view_all": access >= cases_access.CaseAccess.MEMBER,
        "transition": access == cases_access.CaseAccess.CHAIR,
        "work_track": works_track,
        "do_task": works_track or bool(working & set(case.tracks.values_list("tasks__assignee_id", flat=True))),
        "consult": access >= cases_access.CaseAccess.HANDLE,
        "reply": bool(answering & set(case.consultations.values_list("invitations__organisation_id", flat=True))),
    }[action]


def actual(username, case, action):
    account = user(username)
    if action in ("view", "view_all", "transition"):
        return policy.can(account, action, case)
    if action == "work_track":
        return any(cases_access.can_work_track(account, t) for t in case.tracks.all())
    if action == "do_task":
        return any(cases_access.can_do_task(account, task) for t in case.tracks.all() for task in t.tasks.all())
    if action == "consult":
        return cases_access.case_access(account, case) >= cases_access.CaseAccess.HANDLE
    consultation = case.consultations.first()
    return consultation is not None and cases_access.answering_organisation(account, consultation) is not None


def test_matrix_policy(situation):
    checked = 0
    for username, (name, case), action in itertools.product(USERS, situation.items(), ACTIONS):
        assert actual(username, case, action) == allowed(username, case, action), (username, name, action)
        visible = policy.visible(user(username), Case).filter(pk=case.pk).exists()
        assert visible == allowed(username, case, "view"), (username, name)
        checked += 1
    assert checked == len(USERS) * len(situation) * len(ACTIONS)
    # the matrix is not trivial: every access level occurs
    levels = {expected(u, c) for u, c in itertools.product(USERS, situation.values())}
    assert levels == set(cases_access.CaseAccess)


@pytest.mark.parametrize("username", USERS)
def test_matrix_http(situation, client, username):
    verified(client, username)
    api = api_client(username)
    for name, case in situation.items():
        see = allowed(username, case, "view")
        assert client.get(f"/casussen/{case.pk}").status_code == (200 if see else 404), (username, name)
        response = api.get(f"/api/v1/cases/{case.pk}")
        assert response.status_code == (200 if see else 404), (username, name)
        if see:
            tracks = response.json()["tracks"]
            owners = {t["owner"] for t in tracks}
            mine = {a.organisation.name for a in user(username).assignments}
            assert bool(tracks) == bool(case.tracks.exists() and (allowed(username, case, "view_all") or owners & mine))
            assert (response.json()["decisions"] != []) == (allowed(username, case, "view_all")
                                                             and case.decisions.exists())
        steps = api.get(f"/api/v1/cases/{case.pk}/transitions")
        assert (steps.status_code == 200 and steps.json() != []) == allowed(username, case, "transition")


@pytest.mark.parametrize("username", USERS)
def test_tracks_and_tasks_over_http_follow_roles(situation, username):
    """Red-team finding: a partner account with only the reporter role worked its organisation's
    track and task. Progress and completion go through the same role rules as everything else."""
    from ketenzicht.cases.models import Task

    api = api_client(username)
    case = situation["zwolle"]
    track = case.tracks.get()
    task = Task.objects.get(track=track)
    progress = api.post(f"/api/v1/cases/{case.pk}/tracks/{track.pk}/progress", {"text": "Gesprek gevoerd"},
                        format="json")
    assert progress.status_code == (201 if allowed(username, case, "work_track") else 404), username
    listed = task.pk in {t["id"] for t in api.get("/api/v1/tasks").json()}
    done = api.post(f"/api/v1/tasks/{task.pk}/completion")
    assert done.status_code == (201 if allowed(username, case, "do_task") else 404), username
    task.refresh_from_db()
    assert (task.done_at is not None) == allowed(username, case, "do_task")
    assert listed == (task.assignee_id in {a.organisation_id for a in user(username).assignments
                                           if a.role in TRACK_ROLES})
