"""A lost password: a link by e-mail, the same answer for any address, rate-limited and logged,
and the new password only with the second factor (a reset must not bypass it)."""
from ketenzicht.accounts.models import User
from ketenzicht.demo.loader import password
from ketenzicht.privacy.models import AccessLog

from ..helpers import NEW_PASSWORD, current_code, link_in, visible_text

ADDRESS = "liaison.zwolle@demo.ketenzicht.example"


def ask(client, email, **extra):
    return client.post("/wachtwoord-vergeten", {"email": email}, **extra)


def test_the_answer_is_the_same_whether_or_not_the_address_exists(world, client, mailoutbox):
    known, unknown = ask(client, ADDRESS), ask(client, "niemand@nergens.example")
    assert known.status_code == unknown.status_code == 200
    assert visible_text(known.content.decode()) == visible_text(unknown.content.decode())
    (mail,) = mailoutbox
    assert mail.to == [ADDRESS] and link_in(mail).startswith("/wachtwoord-herstellen/")
    assert AccessLog.objects.filter(action="password_reset_request").count() == 2


def test_asking_is_rate_limited_per_address(world, client, mailoutbox):
    answers = [ask(client, ADDRESS, REMOTE_ADDR="192.0.2.50").status_code for _ in range(7)]
    assert answers[:5] == [200] * 5 and answers[5:] == [429, 429]
    assert len(mailoutbox) == 5
    assert ask(client, ADDRESS, REMOTE_ADDR="192.0.2.51").status_code == 200


def test_reset_needs_the_second_factor(world, client, mailoutbox, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting after a failure
    ask(client, ADDRESS)
    link = link_in(mailoutbox[0])
    wrong = "000000" if current_code("liaison.zwolle") != "000000" else "111111"
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "code": wrong})
    assert response.status_code == 400 and "De code klopt niet" in response.content.decode()
    assert User.objects.get(username="liaison.zwolle").check_password(password())
    assert AccessLog.objects.filter(action="password_reset_refused", reason="otp").exists()
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
                                  "code": current_code("liaison.zwolle")})
    assert response.status_code == 302 and response["Location"] == "/inloggen"
    assert User.objects.get(username="liaison.zwolle").check_password(NEW_PASSWORD)
    assert AccessLog.objects.filter(action="password_reset").count() == 1
    assert len(mailoutbox) == 2 and "is gewijzigd" in mailoutbox[1].body


def test_a_reset_link_works_once(world, client, mailoutbox, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    ask(client, ADDRESS)
    link = link_in(mailoutbox[0])
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
                       "code": current_code("liaison.zwolle")})
    response = client.get(link)
    assert response.status_code == 410 and "niet (meer) geldig" in response.content.decode()


def test_a_weak_new_password_keeps_the_code_unused(world, client, mailoutbox):
    ask(client, ADDRESS)
    response = client.post(link_in(mailoutbox[0]), {"new_password1": "kort", "new_password2": "kort",
                                                   "code": current_code("liaison.zwolle")})
    assert response.status_code == 400 and "te kort" in response.content.decode()
    assert User.objects.get(username="liaison.zwolle").check_password(password())
