"""Signing in through a region's identity provider, against a real OpenID provider on 127.0.0.1
(oidc-provider-mock): the token request, JWKS and userinfo go over HTTP as in production."""
import time
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.privacy.models import AccessLog
from ketenzicht.sso.models import GroupMapping, Link
from tests.helpers import current_code, user

pytestmark = pytest.mark.django_db


def start(client, oidc, sub, region="ijsselland"):
    """From the product's start address through the provider's page, back to the callback."""
    answer = client.get(f"/sso/{region}/start")
    assert answer.status_code == 302 and answer["Location"].startswith(oidc.url), answer
    back = urlparse(oidc.authorize(answer["Location"], sub))
    return back.path + "?" + back.query


def sign_in(client, oidc, sub):
    return client.get(start(client, oidc, sub))


def refusals(reason):
    return AccessLog.objects.filter(action="sso_refused", reason=reason)


def test_a_group_claim_makes_a_liaison_and_the_providers_mfa_counts(client, sso, oidc):
    oidc.user("anna-1", email="anna@zwolle.nl", preferred_username="anna.zwolle", groups=["mh-zwolle", "sport"],
              amr=["pwd", "mfa"])
    answer = sign_in(client, oidc, "anna-1")
    assert answer.status_code == 302 and answer["Location"] == reverse("intake:inbox"), answer
    anna = User.objects.get(sso_links__subject="anna-1")
    assert anna.username == "anna.zwolle" and not anna.has_usable_password()
    liaison = anna.role_assignments.get()
    assert (liaison.role, liaison.municipality.cbs_code, liaison.approved_by.username) == (
        Role.LIAISON, "GM0193", "admin2.ijsselland")
    inbox = client.get(reverse("intake:inbox"))
    assert inbox.status_code == 200 and inbox.wsgi_request.user.is_verified()
    logged = AccessLog.objects.get(action="sso_roles", object_id=str(anna.pk))
    assert logged.detail["granted"] == ["liaison"] and logged.detail["unknown_groups"] == ["sport"]


def test_without_mfa_from_the_provider_ketenzicht_asks_its_own_code(client, sso, oidc):
    liaison = user("liaison.zwolle")
    Link.objects.create(provider=sso, issuer=oidc.url, subject="lz-1", user=liaison)
    oidc.user("lz-1", groups=["mh-zwolle"], amr=["pwd"])
    answer = sign_in(client, oidc, "lz-1")
    assert answer.status_code == 302 and answer["Location"] == "/sso/code"
    assert not client.get(reverse("intake:inbox")).wsgi_request.user.is_authenticated  # nobody is logged in before the code
    wrong = client.post("/sso/code", {"otp_token": "000000" if current_code("liaison.zwolle") != "000000" else "111111"})
    assert wrong.status_code == 400 and "Deze code klopt niet" in wrong.content.decode()
    TOTPDevice.objects.filter(user=liaison).update(throttling_failure_count=0)  # django-otp's wait after a failure
    right = client.post("/sso/code", {"otp_token": current_code("liaison.zwolle")})
    assert right.status_code == 302 and right["Location"] == reverse("intake:inbox")
    assert client.get(reverse("intake:inbox")).status_code == 200
    assert AccessLog.objects.filter(action="login", user=liaison, detail__mfa="totp").exists()
    # the hand-given liaison role is not managed by the claim: the mapped one was already there
    assert liaison.role_assignments.filter(role=Role.LIAISON).count() == 1


def test_wrong_codes_end_the_sign_in_and_lock_the_account(client, sso, oidc):
    liaison = user("liaison.zwolle")
    Link.objects.create(provider=sso, issuer=oidc.url, subject="lz-2", user=liaison)
    oidc.user("lz-2", groups=["mh-zwolle"])
    sign_in(client, oidc, "lz-2")
    wrong = "000000" if current_code("liaison.zwolle") != "000000" else "111111"
    for _attempt in range(4):
        assert client.post("/sso/code", {"otp_token": wrong}).status_code == 400
    assert client.post("/sso/code", {"otp_token": wrong}).status_code == 429  # django-axes locks the account
    ended = client.post("/sso/code", {"otp_token": current_code("liaison.zwolle")})
    assert ended.status_code == 302 and ended["Location"] == "/inloggen/organisatie"
    sign_in(client, oidc, "lz-2")  # a new sign-in at the provider does not reopen the locked account
    TOTPDevice.objects.filter(user=liaison).update(throttling_failure_count=0)
    locked = client.post("/sso/code", {"otp_token": current_code("liaison.zwolle")})
    assert locked.status_code == 429 and not client.get(reverse("intake:inbox")).wsgi_request.user.is_authenticated
    assert AccessLog.objects.filter(action="login_failed", user=liaison, detail__via="sso").count() == 5
    assert AccessLog.objects.filter(action="login_locked", user=liaison).exists()


def test_without_mfa_and_without_an_app_the_user_is_sent_to_enrol(client, sso, oidc):
    oidc.user("bram-1", groups=["beleid"])
    answer = sign_in(client, oidc, "bram-1")
    assert answer.status_code == 400 and "nog geen authenticator-app gekoppeld" in answer.content.decode()
    assert refusals("no_device").exists()
    assert not client.get("/cijfers").wsgi_request.user.is_authenticated


def test_roles_follow_the_claim_on_every_login(client, sso, oidc):
    oidc.user("carla-1", groups=["mh-zwolle", "beleid"], amr=["mfa"])
    sign_in(client, oidc, "carla-1")
    carla = User.objects.get(sso_links__subject="carla-1")
    assert set(carla.role_assignments.values_list("role", flat=True)) == {Role.LIAISON, Role.ANALYST}
    client.logout()
    oidc.user("carla-1", groups=["beleid"], amr=["mfa"])
    sign_in(client, oidc, "carla-1")
    assert set(carla.role_assignments.values_list("role", flat=True)) == {Role.ANALYST}
    assert AccessLog.objects.filter(action="role_withdraw", object_id=str(carla.pk), detail__role="liaison").exists()


def test_a_mapping_waiting_for_its_second_administrator_grants_nothing(client, sso, oidc):
    GroupMapping.objects.filter(claim_value="mh-zwolle").update(approved_at=None, approved_by=None)
    oidc.user("dirk-1", groups=["mh-zwolle"], amr=["mfa"])
    answer = sign_in(client, oidc, "dirk-1")
    assert answer.status_code == 400 and "geen groep die in Ketenzicht een rol geeft" in answer.content.decode()
    assert not User.objects.filter(sso_links__subject="dirk-1").exists()


def test_who_approved_the_mapping_does_not_get_its_role_in_effect_by_it(client, sso, oidc, second_admin):
    Link.objects.create(provider=sso, issuer=oidc.url, subject="admin2", user=second_admin)
    TOTPDevice.objects.create(user=second_admin, name="app", confirmed=True)
    oidc.user("admin2", groups=["mh-zwolle"], amr=["mfa"])
    sign_in(client, oidc, "admin2")
    liaison = second_admin.role_assignments.get(role=Role.LIAISON)
    assert liaison.approved_at is None  # a role that opens personal data is never granted by oneself


def test_a_deactivated_account_is_refused(client, sso, oidc):
    left = User.objects.create_user("left", is_active=False)
    Link.objects.create(provider=sso, issuer=oidc.url, subject="left-1", user=left)
    oidc.user("left-1", groups=["mh-zwolle"], amr=["mfa"])
    answer = sign_in(client, oidc, "left-1")
    assert answer.status_code == 400 and "gedeactiveerd" in answer.content.decode()
    assert not left.role_assignments.exists()


def test_only_unknown_groups_refuse_the_login_and_change_nothing(client, sso, oidc):
    users = User.objects.count()
    oidc.user("eva-1", groups=["sport", "kantine"], amr=["mfa"])
    answer = sign_in(client, oidc, "eva-1")
    assert answer.status_code == 400 and "geen groep die in Ketenzicht een rol geeft" in answer.content.decode()
    assert User.objects.count() == users and not Link.objects.filter(subject="eva-1").exists()
    assert refusals("no_role").get().detail["unknown_groups"] == ["kantine", "sport"]


def _refused(client, sso, oidc, sub, reason, text):
    users, assignments = User.objects.count(), RoleAssignment.objects.count()
    oidc.user(sub, groups=["mh-zwolle"], amr=["mfa"])
    answer = sign_in(client, oidc, sub)
    oidc.tamper = None
    assert answer.status_code == 400, answer
    assert text in answer.content.decode()
    assert (User.objects.count(), RoleAssignment.objects.count()) == (users, assignments)
    assert refusals(reason).count() == 1
    assert not client.get(reverse("intake:inbox")).wsgi_request.user.is_authenticated


def test_a_forged_token_is_refused(client, sso, oidc):
    oidc.tamper = lambda claims: (claims, oidc.other_key())
    _refused(client, sso, oidc, "forged-1", "signature", "niet ondertekend met een sleutel")


def test_a_token_for_another_client_is_refused(client, sso, oidc):
    oidc.tamper = lambda claims: ({**claims, "aud": "een-andere-applicatie"}, oidc.key)
    _refused(client, sso, oidc, "aud-1", "audience", "niet voor Ketenzicht bestemd")


def test_a_token_from_another_issuer_is_refused(client, sso, oidc):
    oidc.tamper = lambda claims: ({**claims, "iss": "https://idp.example.org"}, oidc.key)
    _refused(client, sso, oidc, "iss-1", "issuer", "issuer klopt niet")


def test_a_token_with_another_nonce_is_refused(client, sso, oidc):
    oidc.tamper = lambda claims: ({**claims, "nonce": "van-een-andere-aanmelding"}, oidc.key)
    _refused(client, sso, oidc, "nonce-1", "nonce", "nonce klopt niet")


def test_an_expired_token_is_refused(client, sso, oidc):
    hour_ago = int(time.time()) - 3600
    oidc.tamper = lambda claims: ({**claims, "iat": hour_ago - 600, "exp": hour_ago}, oidc.key)
    _refused(client, sso, oidc, "exp-1", "expired", "verlopen")


def test_a_callback_whose_state_was_not_started_here_is_refused(client, sso, oidc):
    oidc.user("state-1", groups=["mh-zwolle"], amr=["mfa"])
    callback = start(client, oidc, "state-1")
    other = client.__class__()
    answer = other.get(callback)  # another browser: the state is not in its session
    assert answer.status_code == 400 and "state klopt niet" in answer.content.decode()
    assert refusals("state").count() == 1
    replay = client.get(callback)
    assert replay.status_code == 302  # the browser that started it still can, once
    assert client.get(callback).status_code == 400  # a state is used once
    assert refusals("state").count() == 2


def test_a_user_who_declines_at_the_provider_is_told_so(client, sso, oidc):
    """The provider answers with an error and the state (OpenID Connect Core 3.1.2.6)."""
    answer = client.get("/sso/ijsselland/start")
    state = parse_qs(urlparse(answer["Location"]).query)["state"][0]
    refused = client.get("/sso/terugkeer", {"error": "access_denied", "state": state})
    assert refused.status_code == 400 and "afgebroken" in refused.content.decode()
    assert refusals("denied").get().detail["error"] == "access_denied"


def test_the_e_mail_domain_leads_to_the_regions_provider(client, sso):
    answer = client.post("/inloggen/organisatie", {"email": "anna@Zwolle.nl"})
    assert answer.status_code == 302 and answer["Location"] == "/sso/ijsselland/start"
    unknown = client.post("/inloggen/organisatie", {"email": "anna@example.org"})
    assert unknown.status_code == 400 and "example.org" in unknown.content.decode()
    assert "Gemeenten IJsselland" in client.get("/inloggen/organisatie").content.decode()


def test_a_region_without_single_sign_on_has_no_start(client, sso):
    assert client.get("/sso/zeeland/start").status_code == 404
    sso.enabled = False
    sso.save()
    assert client.get("/sso/ijsselland/start").status_code == 404


def test_mfa_by_acr(client, sso, oidc):
    sso.mfa_amr, sso.mfa_acr = "", "http://eidas.europa.eu/LoA/substantial"
    sso.save()
    oidc.user("acr-1", groups=["beleid"], acr="http://eidas.europa.eu/LoA/substantial")
    answer = sign_in(client, oidc, "acr-1")
    assert answer.status_code == 302 and answer["Location"] != "/sso/code"
    assert timezone.now() >= User.objects.get(sso_links__subject="acr-1").sso_links.get().last_login_at


def test_a_provider_two_regions_share_keeps_one_account_and_each_regions_roles(client, shared_with_zeeland, oidc):
    oidc.user("femke-1", groups=["mh-zwolle", "beleid-zeeland"], amr=["mfa"])
    sign_in(client, oidc, "femke-1")
    client.logout()
    assert client.get(start(client, oidc, "femke-1", region="zeeland")).status_code == 302
    femke = User.objects.get(sso_links__subject="femke-1")
    assert set(femke.role_assignments.values_list("role", flat=True)) == {Role.LIAISON, Role.ANALYST}
