"""Recovery codes: ten, shown once, each accepted once at login in place of the app's code; new
ones from the own account page with a code from the app."""
import re

from ketenzicht.accounts import enrolment
from ketenzicht.accounts.models import User
from ketenzicht.privacy.models import AccessLog

from ..helpers import NEW_PASSWORD, code_of, enrol, link_in, verified


def enrolled(client, mailoutbox):
    admin = User.objects.get(username="admin.ijsselland")
    organisation = admin.assignments[0].organisation
    invitation = enrolment.invite(admin, organisation.region, "Sam", "Jansen", "sam@zwolle.example",
                                  [{"role": "analyst", "organisation": organisation, "municipality": None}])
    codes = enrol(client, link_in(mailoutbox[-1]))
    client.logout()
    return invitation.user, codes


def login(client, username, code, password=NEW_PASSWORD):
    return client.post("/inloggen", {"username": username, "password": password, "otp_token": code})


def test_a_recovery_code_logs_in_once(world, client, mailoutbox, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting after a failure
    user, codes = enrolled(client, mailoutbox)
    assert login(client, user.username, codes[0].upper().replace(" ", "-")).status_code == 302  # as typed
    client.logout()
    response = login(client, user.username, codes[0])
    assert response.status_code == 400 and "klopt niet" in response.content.decode()
    assert AccessLog.objects.filter(action="login_failed", object_id=str(user.pk), reason="recovery_code").exists()
    assert login(client, user.username, codes[1]).status_code == 302


def test_a_recovery_code_is_no_password(world, client, mailoutbox, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user, codes = enrolled(client, mailoutbox)
    assert login(client, user.username, codes[0], password="Een fout wachtwoord hier").status_code == 400
    assert login(client, user.username, codes[0]).status_code == 302  # the failed try did not use it up


def test_new_codes_need_a_code_from_the_app_and_end_the_old_ones(world, client, mailoutbox, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user, codes = enrolled(client, mailoutbox)
    login(client, user.username, codes[0])
    page = client.get("/account").content.decode()
    assert "Analist / beleid" in page
    response = client.post("/account", {"action": "codes", "codes-code": "000000" if code_of(
        user.totpdevice_set.get(), drift=1) != "000000" else "111111"})
    assert response.status_code == 400 and "klopt niet" in response.content.decode()
    assert AccessLog.objects.filter(action="recovery_codes_refused", object_id=str(user.pk)).exists()
    response = client.post("/account", {"action": "codes", "codes-code": code_of(user.totpdevice_set.get(), drift=1)})
    fresh = re.findall(r"<li><code>([a-z2-7]{4} [a-z2-7]{4})</code></li>", response.content.decode())
    assert "nieuwe herstelcodes" in mailoutbox[-1].body and mailoutbox[-1].to == ["sam@zwolle.example"]
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    client.logout()
    assert login(client, user.username, codes[1]).status_code == 400
    assert login(client, user.username, fresh[0]).status_code == 302


def test_change_password_needs_the_current_one(world, client, mailoutbox):
    verified(client, "liaison.zwolle")
    from ketenzicht.demo.loader import password

    data = {"action": "password", "current_password": "niet het goede wachtwoord",
            "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post("/account", data)
    assert response.status_code == 400 and "Uw huidige wachtwoord klopt niet." in response.content.decode()
    assert User.objects.get(username="liaison.zwolle").check_password(password())
    response = client.post("/account", {**data, "current_password": password()})
    assert response.status_code == 302
    assert User.objects.get(username="liaison.zwolle").check_password(NEW_PASSWORD)
    assert client.get("/signalen").status_code == 200  # still logged in in this session
    (notice,) = mailoutbox  # she is told, in case it was not her
    assert notice.to == ["liaison.zwolle@demo.ketenzicht.example"] and "is gewijzigd" in notice.body


def test_nobody_reads_or_adds_recovery_codes_in_the_django_admin(world, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    operator = User.objects.create_superuser("operator", "operator@platform.example")
    TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    verified(client, "operator")
    assert client.get("/beheer/otp_static/staticdevice/").status_code == 404
    assert client.get("/beheer/otp_static/staticdevice/add/").status_code == 404
