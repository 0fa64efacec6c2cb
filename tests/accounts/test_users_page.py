"""The users page of a region: users and their roles there, approvals by a second administrator,
withdrawing a role, deactivating at once and resetting a lost second factor."""
import html
import re

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts import enrolment
from ketenzicht.accounts.models import Invitation, Role, RoleAssignment, User
from ketenzicht.demo.loader import password
from ketenzicht.privacy.models import AccessLog

from ..helpers import api_client, current_code, link_in, verified, visible_text

URL = "/inrichting/ijsselland/gebruikers"


def second_admin():
    """Another administrator of IJsselland, approved: the second person for approvals."""
    first = User.objects.get(username="admin.ijsselland")
    other = User.objects.create_user("admin2.ijsselland", email="admin2@ijsselland.example")
    TOTPDevice.objects.create(user=other, name="app", confirmed=True)
    RoleAssignment.objects.create(user=other, role=Role.REGION_ADMIN, organisation=first.assignments[0].organisation,
                                  approved_at=timezone.now())
    return other


def pending_liaison():
    admin = User.objects.get(username="admin.ijsselland")
    zwolle = admin.assignments[0].organisation.region.municipalities.get(name="Zwolle")
    invitation = enrolment.invite(admin, zwolle.region, "Lotte", "Smit", "lotte@zwolle.example", [
        {"role": Role.LIAISON, "organisation": zwolle.organisations.first(), "municipality": zwolle}])
    return invitation.user.role_assignments.get()


def test_the_page_lists_the_regions_users_with_their_roles_and_status(world, client):
    assignment = pending_liaison()
    User.objects.filter(username="police.ijsselland").update(is_active=False)
    verified(client, "admin.ijsselland")
    page = client.get(URL).content.decode()
    assert 'data-user="liaison.zwolle"' in page and "Aandachtsfunctionaris" in page
    assert 'data-user="liaison.middelburg"' not in page  # Zeeland's users are not listed
    assert 'data-user="lotte@zwolle.example"' in page
    row = page.split('data-user="lotte@zwolle.example"')[1].split("</tr>")[0]
    assert 'data-status="invited"' in row and "wacht op goedkeuring" in row
    row = page.split('data-user="police.ijsselland"')[1].split("</tr>")[0]
    assert 'data-status="deactivated"' in row
    assert f'data-assignment="{assignment.pk}"' in page  # waits for approval


def test_the_list_is_paginated(world, client):
    organisation = User.objects.get(username="admin.ijsselland").assignments[0].organisation
    for n in range(60):
        user = User.objects.create_user(f"extra{n:02d}", last_name=f"Zz{n:02d}")
        RoleAssignment.objects.create(user=user, role=Role.REPORTER, organisation=organisation)
    verified(client, "admin.ijsselland")
    first = client.get(URL).content.decode()
    total = User.objects.filter(role_assignments__organisation__region__slug="ijsselland").distinct().count()
    assert first.count('data-user="') == 50 and f"50 van {total} getoond" in first
    following = re.search(r'href="(\?cursor=[^"]+)">Volgende', first).group(1)
    second = client.get(URL + html.unescape(following)).content.decode()
    assert 'data-user="extra59"' in second and 'data-user="extra59"' not in first
    assert first.count('data-user="') + second.count('data-user="') == total


def test_only_the_regions_administrator_opens_the_page(world, client):
    for username in ("admin.zeeland", "liaison.zwolle", "privacy.ijsselland"):
        verified(client, username)
        assert client.get(URL).status_code == 403, username


def test_approval_by_a_second_administrator_not_the_granter(world, client):
    assignment = pending_liaison()
    verified(client, "admin.ijsselland")  # who granted it
    response = client.post(f"/inrichting/ijsselland/rollen/{assignment.pk}/goedkeuren", follow=True)
    assert "keurt een tweede beheerder goed" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.approved_at is None
    other = second_admin()
    verified(client, other.username)
    client.post(f"/inrichting/ijsselland/rollen/{assignment.pk}/goedkeuren")
    assignment.refresh_from_db()
    assert assignment.approved_by == other
    assert AccessLog.objects.filter(action="role_approve", user=other).count() == 1


def test_another_regions_assignment_is_not_found(world, client):
    verified(client, "admin.ijsselland")
    zeeland = RoleAssignment.objects.filter(organisation__region__slug="zeeland").first()
    assert client.post(f"/inrichting/ijsselland/rollen/{zeeland.pk}/intrekken").status_code == 404
    assert RoleAssignment.objects.filter(pk=zeeland.pk).exists()


def test_withdraw_a_role(world, client):
    verified(client, "admin.ijsselland")
    assignment = User.objects.get(username="analyst.ijsselland").role_assignments.get()
    client.post(f"/inrichting/ijsselland/rollen/{assignment.pk}/intrekken")
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AccessLog.objects.filter(action="role_withdraw", object_id=str(assignment.user_id)).count() == 1


def test_deactivation_ends_sessions_and_tokens_at_once(world, client):
    liaison = User.objects.get(username="liaison.zwolle")
    other_browser = verified(Client(), "liaison.zwolle")
    api = api_client("liaison.zwolle")
    assert api.get("/api/v1/signals").status_code == 200
    verified(client, "admin.ijsselland")
    client.post(f"{URL}/{liaison.pk}/deactiveren")
    liaison.refresh_from_db()
    assert not liaison.is_active
    assert not any(s.get_decoded().get("_auth_user_id") == str(liaison.pk) for s in Session.objects.all())
    assert other_browser.get("/signalen").status_code == 302
    assert api.get("/api/v1/signals").status_code == 401
    assert liaison.api_tokens.filter(revoked_at__isnull=True).count() == 0
    assert AccessLog.objects.filter(action="user_deactivate", object_id=str(liaison.pk)).count() == 1
    login = Client().post("/inloggen", {"username": "liaison.zwolle", "password": password(),
                                        "otp_token": current_code("liaison.zwolle")})
    assert login.status_code == 400  # and no new login either


def test_nobody_deactivates_herself_or_someone_who_also_works_elsewhere(world, client):
    admin = User.objects.get(username="admin.ijsselland")
    verified(client, "admin.ijsselland")
    response = client.post(f"{URL}/{admin.pk}/deactiveren", follow=True)
    assert "eigen account" in response.content.decode()
    both = User.objects.get(username="liaison.deventer")
    RoleAssignment.objects.create(user=both, role=Role.REPORTER,
                                  organisation=RoleAssignment.objects.filter(organisation__region__slug="zeeland")
                                  .first().organisation)
    response = client.post(f"{URL}/{both.pk}/deactiveren", follow=True)
    assert "platformbeheerder" in response.content.decode()
    assert User.objects.filter(pk__in=[admin.pk, both.pk], is_active=True).count() == 2


def test_a_lost_device_is_reset_by_the_administrator(world, client, mailoutbox):
    liaison = User.objects.get(username="liaison.zwolle")
    StaticDevice.objects.create(user=liaison, name="recovery")
    verified(client, "admin.ijsselland")
    client.post(f"{URL}/{liaison.pk}/tweede-factor")
    assert not TOTPDevice.objects.filter(user=liaison).exists() and not StaticDevice.objects.filter(user=liaison).exists()
    (mail,) = mailoutbox
    assert mail.to == [liaison.email] and "/uitnodiging/" in mail.body
    assert Invitation.objects.get(user=liaison).purpose == Invitation.Purpose.SECOND_FACTOR
    assert AccessLog.objects.filter(action="second_factor_reset", object_id=str(liaison.pk)).count() == 1
    stranger = Client()  # the link asks for the password: a mailbox alone enrols nothing
    response = stranger.post(link_in(mail), {"password": "niet het wachtwoord"})
    assert response.status_code == 400 and "Het wachtwoord klopt niet." in response.content.decode()


def test_nobody_resets_her_own_second_factor(world, client, mailoutbox):
    admin = User.objects.get(username="admin.ijsselland")
    verified(client, "admin.ijsselland")
    response = client.post(f"{URL}/{admin.pk}/tweede-factor", follow=True)
    assert "andere beheerder" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists() and mailoutbox == []


def test_an_invitation_is_sent_again_and_only_the_newest_link_works(world, client, mailoutbox):
    assignment = pending_liaison()
    verified(client, "admin.ijsselland")
    page = client.get(URL).content.decode()
    row = page.split('data-user="lotte@zwolle.example"')[1].split("</tr>")[0]
    assert "Uitnodiging opnieuw versturen" in row and "Tweede factor opnieuw instellen" not in row
    response = client.post(f"{URL}/{assignment.user_id}/tweede-factor", follow=True)
    assert "nieuwe uitnodiging verstuurd" in response.content.decode()
    first, second = link_in(mailoutbox[0]), link_in(mailoutbox[1])
    client.logout()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    assert Invitation.objects.get(pk=Invitation.objects.filter(user=assignment.user).latest("pk").pk).purpose == \
        Invitation.Purpose.ACCOUNT


def test_the_set_up_overview_offers_the_users_page(world, client):
    verified(client, "admin.ijsselland")
    assert f'href="{URL}"' in client.get("/inrichting/ijsselland").content.decode()


def test_the_privacy_officer_reads_account_events_in_words(world, client):
    liaison = User.objects.get(username="liaison.zwolle")
    verified(client, "admin.ijsselland")
    client.post(f"{URL}/{liaison.pk}/deactiveren")
    verified(client, "privacy.ijsselland")
    text = visible_text(client.get("/privacy/toegangslog").content.decode()).lower()
    assert text.count("account gedeactiveerd") >= 2  # the action filter and the event's row
    assert "user deactivate" not in text
