"""Enrolment at the invitation link: a password by the baseline's rules, a TOTP app confirmed with
a code, recovery codes shown once; then the account logs in like any other."""
import re

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts import enrolment
from ketenzicht.accounts.models import Invitation, User
from ketenzicht.privacy.models import AccessLog

from ..helpers import NEW_PASSWORD, code_of, enrol, enrolling_device, link_in


def invited(mailoutbox):
    """A reporter of Zwolle invited by the region's administrator: (user, link)."""
    admin, zwolle = User.objects.get(username="admin.ijsselland"), "Gemeente Zwolle"
    organisation = admin.assignments[0].organisation.region.organisations.get(name=zwolle)
    invitation = enrolment.invite(admin, organisation.region, "Noor", "de Vries", "noor@zwolle.example",
                                  [{"role": "reporter", "organisation": organisation, "municipality": None}])
    return invitation.user, link_in(mailoutbox[-1])


def test_enrolment_end_to_end_then_login(world, client, mailoutbox):
    user, link = invited(mailoutbox)
    page = client.get(link).content.decode()
    assert "noor@zwolle.example" in page and "Stap 1 van 3" in page
    codes = enrol(client, link)
    assert len(codes) == 10 and len(set(codes)) == 10
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    assert Invitation.objects.get(user=user).used_at is not None
    response = client.post("/inloggen", {"username": "noor@zwolle.example", "password": NEW_PASSWORD,
                                         "otp_token": code_of(device, drift=1)})
    assert response.status_code == 302
    assert AccessLog.objects.filter(action="device_enrol", object_id=str(user.pk)).count() == 1
    assert "authenticator-app gekoppeld" in mailoutbox[-1].body  # she is told of the new device


def test_a_weak_password_is_refused_by_the_baseline_rules(world, client, mailoutbox):
    user, link = invited(mailoutbox)
    for weak, message in [("kort", "te kort"), ("Wachtwoord2026!", "bekend woord"), ("123456789012", "")]:
        response = client.post(link, {"new_password1": weak, "new_password2": weak})
        assert response.status_code == 400, weak
        assert message in response.content.decode()
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert "De twee wachtwoorden zijn niet gelijk." in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password() and Invitation.objects.get(user=user).used_at is None  # still usable


def test_qr_code_and_secret_are_shown_only_while_enrolling(world, client, mailoutbox, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting after the wrong code below
    _user, link = invited(mailoutbox)
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    page = client.get("/uitnodiging/app").content.decode()
    assert 'src="data:image/svg+xml' in page and 'alt="QR-code' in page
    secret = re.search(r"data-secret>([A-Z2-7 ]+)<", page).group(1)
    assert all(len(group) == 4 for group in secret.split())  # grouped for reading
    device = enrolling_device(client)
    assert secret.replace(" ", "") in device.config_url
    wrong = "000000" if code_of(device) != "000000" else "111111"
    response = client.post("/uitnodiging/app", {"code": wrong})
    assert response.status_code == 400 and "De code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    client.post("/uitnodiging/app", {"code": code_of(device)})
    again = client.get("/uitnodiging/app")
    assert again.status_code == 404 and secret not in again.content.decode()


def test_the_qr_page_needs_the_session_that_used_the_link(world, client, mailoutbox):
    _user, link = invited(mailoutbox)
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    from django.test import Client

    stranger = Client()
    assert stranger.get("/uitnodiging/app").status_code == 404


def test_an_unconfirmed_app_does_not_open_the_account(world, client, mailoutbox):
    user, link = invited(mailoutbox)
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    device = enrolling_device(client)
    response = client.post("/inloggen", {"username": user.username, "password": NEW_PASSWORD,
                                         "otp_token": code_of(device)})
    assert response.status_code == 400 and StaticToken.objects.filter(device__user=user).count() == 0
