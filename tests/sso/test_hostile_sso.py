"""A hostile review of single sign-on: what another region's administrator, or someone who only
controls a provider, could do with the per-region providers. Each test fails if the hole is open."""
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ketenzicht.accounts.models import Role
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Organisation, Region
from ketenzicht.sso.models import GroupMapping, Link, ProviderConfig
from tests.helpers import OidcProvider, user, verified

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rogue():
    """A second, real OpenID provider on 127.0.0.1: one the attacker runs, with its own signing key."""
    provider = OidcProvider()
    yield provider
    provider.stop()


def _through(client, provider, region, sub, **params):
    answer = client.get(f"/sso/{region}/start", params)
    assert answer.status_code == 302 and answer["Location"].startswith(provider.url), answer
    back = urlparse(provider.authorize(answer["Location"], sub))
    return client.get(back.path + "?" + back.query)


def test_another_region_cannot_claim_a_providers_issuer_to_take_over_its_accounts(sso, oidc, rogue):
    """Zeeland's administrator sets up Zeeland's provider with IJsselland's issuer but her own
    endpoints and keys, and a group that gives a harmless role at once. Her provider then vouches
    for IJsselland's liaison's subject: the account linked to that issuer and subject must not
    open (a link is only as good as the keys that made it)."""
    liaison = user("liaison.zwolle")
    Link.objects.create(provider=sso, issuer=oidc.url, subject="lz-victim", user=liaison)
    zeeland = Region.objects.get(slug="zeeland")
    hostile = ProviderConfig.objects.create(
        region=zeeland, enabled=True, label="Zeeland", issuer=oidc.url,  # IJsselland's issuer
        authorization_endpoint=f"{rogue.url}/oauth2/authorize", token_endpoint=f"{rogue.url}/oauth2/token",
        jwks_endpoint=f"{rogue.url}/jwks", client_id="ketenzicht", client_secret="geheim", mfa_amr="mfa")
    admin = user("admin.zeeland")
    GroupMapping.objects.create(provider=hostile, claim_value="iedereen", role=Role.ANALYST, created_by=admin,
                                organisation=Organisation.objects.filter(region=zeeland).first(),
                                approved_by=admin, approved_at=timezone.now())
    rogue.user("lz-victim", groups=["iedereen"], amr=["mfa"])
    rogue.tamper = lambda claims: ({**claims, "iss": oidc.url}, rogue.key)  # her own key, their issuer
    client = Client()
    try:
        answer = _through(client, rogue, "zeeland", "lz-victim")
    finally:
        rogue.tamper = None
    assert answer.status_code == 400, answer
    assert client.get(reverse("intake:inbox")).wsgi_request.user.pk != liaison.pk
    assert not liaison.role_assignments.filter(organisation__region=zeeland).exists()
    assert AccessLog.objects.filter(action="sso_refused", reason="issuer", user=liaison).exists()


def test_a_provider_two_regions_share_with_the_same_keys_still_opens_the_one_account(client, shared_with_zeeland,
                                                                                     oidc):
    """The fix above keeps what sharing a provider is for (see test_oidc_login)."""
    oidc.user("gijs-1", groups=["mh-zwolle", "beleid-zeeland"], amr=["mfa"])
    assert _through(client, oidc, "ijsselland", "gijs-1").status_code == 302
    client.logout()
    assert _through(client, oidc, "zeeland", "gijs-1").status_code == 302
    assert Link.objects.filter(subject="gijs-1").count() == 1


def test_the_next_address_of_a_sign_in_never_leaves_the_site(client, sso, oidc):
    oidc.user("next-1", groups=["beleid"], amr=["mfa"])
    answer = _through(client, oidc, "ijsselland", "next-1", next="https://evil.example/steal")
    assert answer.status_code == 302 and not answer["Location"].startswith(("http", "//")), answer["Location"]


def test_another_regions_administrator_neither_sees_nor_changes_the_provider(sso):
    client = verified(Client(), "admin.zeeland")
    assert client.get("/inrichting/ijsselland/inloggen").status_code in (403, 404)
    secret_before = ProviderConfig.objects.get(pk=sso.pk).client_secret
    mapping = GroupMapping.objects.get(claim_value="mh-zwolle")
    for data in ({"action": "provider", "label": "x", "issuer": "https://evil.example", "client_id": "x",
                  "client_secret": "gestolen"},
                 {"action": "remove", "mapping": mapping.pk}):
        assert client.post("/inrichting/ijsselland/inloggen", data).status_code in (403, 404)
    assert ProviderConfig.objects.get(pk=sso.pk).client_secret == secret_before
    assert GroupMapping.objects.filter(pk=mapping.pk).exists()


def test_the_django_admin_shows_no_provider_secret_nor_invitation(world):
    """Region administrators open the Django admin; neither the providers (with their client secret)
    nor the invitations are there, for them or for anyone."""
    client = verified(Client(), "admin.ijsselland")
    for path in ("/beheer/sso/providerconfig/", "/beheer/sso/groupmapping/", "/beheer/accounts/invitation/",
                 "/beheer/sso/link/"):
        assert client.get(path).status_code == 404, path


def _provider_form(provider, **changes):
    data = {"action": "provider", "enabled": "on", "label": provider.label, "discovery_url": "",
            "issuer": provider.issuer, "authorization_endpoint": provider.authorization_endpoint,
            "token_endpoint": provider.token_endpoint, "jwks_endpoint": provider.jwks_endpoint,
            "userinfo_endpoint": provider.userinfo_endpoint, "signing_algorithm": provider.signing_algorithm,
            "client_id": provider.client_id, "client_secret": "", "email_domains": provider.email_domains,
            "group_claim": provider.group_claim, "mfa_amr": provider.mfa_amr, "mfa_acr": provider.mfa_acr}
    data.update(changes)
    return data


def test_pointing_the_provider_elsewhere_needs_the_second_administrator_again(sso, oidc, rogue):
    """The second administrator approved "group mh-zwolle of THIS provider makes a liaison". If the
    first one alone then points the provider at her own server (keys, userinfo or the claim read),
    she decides who is in that group: the approval no longer stands for it."""
    client = verified(Client(), "admin.ijsselland")
    answer = client.post("/inrichting/ijsselland/inloggen", _provider_form(
        sso, userinfo_endpoint=f"{rogue.url}/userinfo", jwks_endpoint=f"{rogue.url}/jwks"))
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert ProviderConfig.objects.get(pk=sso.pk).jwks_endpoint == f"{rogue.url}/jwks"
    liaison = GroupMapping.objects.get(claim_value="mh-zwolle")
    assert not liaison.in_effect
    assert GroupMapping.objects.get(claim_value="beleid").in_effect  # no personal data: in effect as before
    logged = AccessLog.objects.filter(action="sso_configure", user=user("admin.ijsselland")).latest("pk")
    assert logged.detail["approvals_withdrawn"] == 1


def test_a_label_or_domain_change_keeps_the_approvals(sso):
    client = verified(Client(), "admin.ijsselland")
    answer = client.post("/inrichting/ijsselland/inloggen", _provider_form(sso, label="Nieuwe knop",
                                                                           email_domains="zwolle.nl, kampen.nl"))
    assert answer.status_code == 302
    assert GroupMapping.objects.get(claim_value="mh-zwolle").in_effect


def test_another_region_cannot_claim_a_regions_mail_domain_for_its_own_provider(sso, oidc):
    """Whoever types an address at zwolle.nl on the chooser goes to IJsselland's provider. Zeeland's
    administrator claiming zwolle.nl too would send them to a login page she chose instead."""
    client = verified(Client(), "admin.zeeland")
    page = "/inrichting/zeeland/inloggen"
    answer = client.post(page, _provider_form(sso, label="Zeeland", email_domains="zeeland.nl, Zwolle.nl",
                                              client_secret="geheim"))
    assert answer.status_code == 400 and "zwolle.nl" in answer.content.decode()
    assert not ProviderConfig.objects.filter(region__slug="zeeland").exists()
    chosen = Client().post("/inloggen/organisatie", {"email": "anna@zwolle.nl"})
    assert chosen.status_code == 302 and chosen["Location"] == "/sso/ijsselland/start"
    fine = client.post(page, _provider_form(sso, label="Zeeland", email_domains="zeeland.nl", client_secret="geheim"))
    assert fine.status_code == 302
