"""A hostile review of the account paths: a regional administrator who wants a personal-data
account for herself without a second person, or to reach beyond her region. Each test fails if the
path is open."""
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts import enrolment, services
from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.demo.loader import password
from ketenzicht.regions.models import Organisation

from ..helpers import api_client, current_code, verified


def change_form_data(response):
    """The admin's change form as the browser would post it back unchanged (inline rows included)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if hasattr(field.widget, "decompress"):
                data.update({f"{key}_{i}": str(part) for i, part in enumerate(field.widget.decompress(value))})
            else:
                data[key] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    return data


def _admin():
    return verified(Client(), "admin.ijsselland")


def test_the_administrator_cannot_move_a_liaisons_mail_to_herself_in_the_django_admin(world, mailoutbox):
    """With the liaison's address changed to her own, the users page's 'lost device' would mail her the
    link to enrol her own app on the liaison's account: one person opening a liaison's data."""
    client = _admin()
    liaison = User.objects.get(username="liaison.zwolle")
    url = f"/beheer/accounts/user/{liaison.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = change_form_data(page)
    data.update({"email": "beheerder@evil.example", "_save": "Opslaan"})
    client.post(url, data)
    liaison.refresh_from_db()
    assert liaison.email != "beheerder@evil.example"


def test_the_administrator_cannot_set_someones_password_in_the_django_admin(world):
    client = _admin()
    liaison = User.objects.get(username="liaison.zwolle")
    url = f"/beheer/accounts/user/{liaison.pk}/password/"
    answer = client.post(url, {"password1": "Een-nieuw-wachtwoord-2026", "password2": "Een-nieuw-wachtwoord-2026",
                               "usable_password": "true"})
    assert answer.status_code in (403, 404)
    liaison.refresh_from_db()
    assert liaison.check_password(password())


def test_a_platform_operator_who_also_works_in_the_region_is_not_the_regions_to_change(world):
    operator = User.objects.create_user("operator", email="operator@example.org", is_staff=True, is_superuser=True)
    RoleAssignment.objects.create(user=operator, role=Role.ANALYST, approved_at=timezone.now(),
                                  organisation=Organisation.objects.get(name="Gemeente Zwolle"))
    client = _admin()
    page = client.get(f"/beheer/accounts/user/{operator.pk}/change/")
    data = change_form_data(page) if page.status_code == 200 else {}
    client.post(f"/beheer/accounts/user/{operator.pk}/change/", {**data, "first_name": "Overgenomen",
                                                                   "_save": "Opslaan"})
    operator.refresh_from_db()
    assert operator.first_name != "Overgenomen"


def test_granting_herself_a_liaison_role_waits_for_a_second_administrator(world):
    """In the Django admin, on her own account: the role is recorded, not in effect, and she cannot
    approve it herself on the users page either."""
    client = _admin()
    me = User.objects.get(username="admin.ijsselland")
    zwolle = Organisation.objects.get(name="Gemeente Zwolle")
    assignment = RoleAssignment(user=me, role=Role.LIAISON, organisation=zwolle, municipality=zwolle.municipality)
    services.record_grant(me, assignment, created=True)
    answer = client.post(f"/inrichting/ijsselland/rollen/{assignment.pk}/goedkeuren")
    assert answer.status_code == 302
    assignment.refresh_from_db()
    assert assignment.approved_at is None
    me = User.objects.get(pk=me.pk)
    assert not me.has_role(Role.LIAISON)


def test_a_deactivated_liaison_keeps_neither_session_nor_token(world):
    session = verified(Client(), "liaison.zwolle")
    token = api_client("liaison.zwolle")
    assert token.get("/api/v1/signals").status_code == 200
    assert _admin().post(f"/inrichting/ijsselland/gebruikers/{User.objects.get(username='liaison.zwolle').pk}"
                         "/deactiveren").status_code == 302
    assert token.get("/api/v1/signals").status_code == 401
    assert session.get("/signalen").status_code == 302  # to the login page


def test_an_invitation_link_opened_by_someone_logged_in_does_not_touch_her_account(world, mailoutbox):
    admin = User.objects.get(username="admin.ijsselland")
    zwolle = Organisation.objects.get(name="Gemeente Zwolle")
    invitation = enrolment.invite(admin, zwolle.region, "Piet", "Post", "piet@zwolle.example",
                                  [{"role": Role.REPORTER, "organisation": zwolle, "municipality": None}])
    link = next(line for line in mailoutbox[0].body.splitlines() if "/uitnodiging/" in line)
    path = link.split("testserver")[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    other = verified(Client(), "liaison.deventer")
    answer = other.post(path, {"new_password1": "Piet-zijn-wachtwoord-2026", "new_password2": "Piet-zijn-wachtwoord-2026"})
    assert answer.status_code == 302
    deventer = User.objects.get(username="liaison.deventer")
    assert deventer.check_password(password()) and TOTPDevice.objects.filter(user=deventer, confirmed=True).count() == 1
    assert User.objects.get(pk=invitation.user_id).check_password("Piet-zijn-wachtwoord-2026")
    assert other.post(path, {"new_password1": "Nog-een-wachtwoord-2026",
                             "new_password2": "Nog-een-wachtwoord-2026"}).status_code == 410  # replayed


def test_login_next_never_leaves_the_site(world, client):
    answer = client.post("/inloggen?next=https://evil.example/x", {
        "username": "liaison.zwolle", "password": password(), "otp_token": current_code("liaison.zwolle"),
        "next": "https://evil.example/x"})
    assert answer.status_code == 302 and not answer["Location"].startswith(("http", "//")), answer["Location"]
    client.logout()
    answer = client.post("/inloggen", {"username": "liaison.zwolle", "password": password(),
                                       "otp_token": current_code("liaison.zwolle"), "next": "//evil.example/x"})
    assert answer.status_code in (302, 400)
    if answer.status_code == 302:
        assert not answer["Location"].startswith("//")


def test_state_changes_on_the_users_page_need_the_csrf_token(world):
    client = verified(Client(enforce_csrf_checks=True), "admin.ijsselland")
    liaison = User.objects.get(username="liaison.zwolle")
    assert client.post(f"/inrichting/ijsselland/gebruikers/{liaison.pk}/deactiveren").status_code == 403
    liaison.refresh_from_db()
    assert liaison.is_active


def test_another_site_cannot_log_someone_out(world):
    client = verified(Client(enforce_csrf_checks=True), "liaison.zwolle")
    assert client.get("/uitloggen").status_code == 405
    assert client.post("/uitloggen").status_code == 403  # no token: a form on another site
    assert client.get("/signalen").status_code == 200  # still logged in


def test_another_regions_administrator_reaches_no_set_up_page(world):
    client, own = verified(Client(), "admin.zeeland"), _admin()
    liaison = User.objects.get(username="liaison.zwolle")
    assignment = liaison.role_assignments.first()
    for path in ("/inrichting/ijsselland", "/inrichting/ijsselland/gebruikers",
                 "/inrichting/ijsselland/gebruikers/uitnodigen", "/inrichting/ijsselland/organisaties",
                 "/inrichting/ijsselland/tafels", "/inrichting/ijsselland/signalenkaart", "/inrichting/ijsselland/opvang", "/inrichting/nieuw",
                 "/inrichting/ijsselland/inloggen"):
        assert client.get(path).status_code in (403, 404), path
        if path != "/inrichting/nieuw":  # the page exists: its own administrator opens it
            assert own.get(path).status_code == 200, path
    for path in (f"/inrichting/ijsselland/gebruikers/{liaison.pk}/deactiveren",
                 f"/inrichting/ijsselland/gebruikers/{liaison.pk}/tweede-factor",
                 f"/inrichting/ijsselland/rollen/{assignment.pk}/intrekken",
                 f"/inrichting/zeeland/gebruikers/{liaison.pk}/deactiveren",
                 f"/inrichting/zeeland/rollen/{assignment.pk}/intrekken"):
        assert client.post(path).status_code in (403, 404), path
    liaison.refresh_from_db()
    assert liaison.is_active and liaison.role_assignments.filter(pk=assignment.pk).exists()
