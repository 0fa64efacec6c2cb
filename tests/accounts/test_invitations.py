"""Inviting a person by e-mail with their roles, from the region's users page."""
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from ketenzicht.accounts.models import Invitation, RoleAssignment, User
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Organisation

from ..helpers import enrol, link_in, verified

URL = "/inrichting/ijsselland/gebruikers/uitnodigen"


def zwolle_org():
    return Organisation.objects.get(name="Gemeente Zwolle")


def invite_data(**overrides):
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    data = {"first_name": "Fatima", "last_name": "Bakker", "email": "F.Bakker@Zwolle.example",
            "roles-TOTAL_FORMS": "3", "roles-INITIAL_FORMS": "0",
            "roles-0-role": "liaison", "roles-0-organisation": str(zwolle_org().pk),
            "roles-0-municipality": str(zwolle.pk),
            "roles-1-role": "reporter",
            "roles-1-organisation": str(zwolle_org().pk)}
    data.update(overrides)
    return data


def test_invitation_mails_a_link_and_records_roles_through_the_grant_rules(world, client, mailoutbox):
    verified(client, "admin.ijsselland")
    response = client.post(URL, invite_data())
    assert response.status_code == 302 and response["Location"] == "/inrichting/ijsselland/gebruikers"
    user = User.objects.get(username="f.bakker@zwolle.example")
    assert not user.has_usable_password()  # cannot log in before enrolling
    roles = {a.role: a for a in user.role_assignments.all()}
    assert roles["liaison"].approved_at is None  # opens personal data: waits for a second administrator
    assert roles["reporter"].approved_at is not None
    assert roles["liaison"].granted_by.username == "admin.ijsselland"
    (mail,) = mailoutbox
    assert mail.to == ["f.bakker@zwolle.example"] and link_in(mail).startswith("/uitnodiging/")
    invitation = Invitation.objects.get(user=user)
    assert link_in(mail).rsplit("/", 1)[1] not in invitation.token_hash  # only the hash is stored
    assert invitation.expires_at - timezone.now() > timedelta(days=6)
    assert AccessLog.objects.filter(action="invitation_send", object_id=str(user.pk)).count() == 1
    assert AccessLog.objects.filter(action="role_grant", object_id=str(user.pk)).count() == 2


def test_another_regions_organisation_is_refused_with_a_clear_error(world, client, mailoutbox):
    verified(client, "admin.ijsselland")
    middelburg = Municipality.objects.get(name="Middelburg")
    forged = Organisation.objects.filter(region=middelburg.region).first()
    response = client.post(URL, invite_data(**{"roles-1-organisation": str(forged.pk)}))
    assert response.status_code == 400
    assert "Kies een organisatie uit deze regio." in response.content.decode()
    assert 'value="Fatima"' in response.content.decode()  # nothing typed is lost
    response = client.post(URL, invite_data(**{"roles-0-municipality": str(middelburg.pk)}))
    assert "Kies een gemeente uit deze regio." in response.content.decode()
    assert not User.objects.filter(email__iexact="f.bakker@zwolle.example").exists() and mailoutbox == []


def test_a_liaison_needs_a_municipality_and_someone_needs_a_role(world, client):
    verified(client, "admin.ijsselland")
    text = client.post(URL, invite_data(**{"roles-0-municipality": ""})).content.decode()
    assert "Een aandachtsfunctionaris werkt voor een gemeente" in text
    empty = invite_data(**{"roles-0-role": "", "roles-0-organisation": "", "roles-0-municipality": "",
                           "roles-1-role": "", "roles-1-organisation": ""})
    assert "Geef minstens één rol." in client.post(URL, empty).content.decode()
    assert not User.objects.filter(email__iexact="f.bakker@zwolle.example").exists()


def test_an_existing_address_is_refused(world, client, mailoutbox):
    verified(client, "admin.ijsselland")
    response = client.post(URL, invite_data(email="liaison.zwolle@demo.ketenzicht.example"))
    assert response.status_code == 400 and "Er is al een account met dit e-mailadres." in response.content.decode()
    assert mailoutbox == []


def test_only_the_regions_administrator_invites(world, client):
    verified(client, "admin.zeeland")
    assert client.post(URL, invite_data()).status_code == 403
    verified(client, "liaison.zwolle")
    assert client.get(URL).status_code == 403
    assert not User.objects.filter(email__iexact="f.bakker@zwolle.example").exists()


def test_a_link_used_twice_changes_nothing_and_is_logged(world, client, mailoutbox):
    verified(client, "admin.ijsselland")
    client.post(URL, invite_data())
    link = link_in(mailoutbox[0])
    client.logout()
    enrol(client, link)
    user = User.objects.get(username="f.bakker@zwolle.example")
    password_hash = user.password
    response = client.post(link, {"new_password1": "Een ander lang wachtwoord", "new_password2": "Een ander lang wachtwoord"})
    assert response.status_code == 410 and "Deze link is al gebruikt." in response.content.decode()
    user.refresh_from_db()
    assert user.password == password_hash
    assert AccessLog.objects.filter(action="invitation_refused", reason="used", object_id=str(user.pk)).exists()


def test_an_expired_link_is_refused_and_logged(world, client, mailoutbox):
    verified(client, "admin.ijsselland")
    client.post(URL, invite_data())
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.get(link_in(mailoutbox[0]))
    assert response.status_code == 410 and "Deze link is verlopen." in response.content.decode()
    assert AccessLog.objects.filter(action="invitation_refused", reason="expired").exists()
    assert client.get("/uitnodiging/nietsbestaands").status_code == 410


def test_create_operator_prints_a_link_to_enrol_a_superuser(world, client, capsys):
    call_command("create_operator", "beheer@platform.example")
    link = capsys.readouterr().out.strip()
    operator = User.objects.get(username="beheer@platform.example")
    assert operator.is_superuser and not operator.has_usable_password()
    assert link.startswith("http") and "/uitnodiging/" in link
    codes = enrol(client, "/" + link.split("/", 3)[3])
    assert len(codes) == 10
    assert RoleAssignment.objects.filter(user=operator).count() == 0
