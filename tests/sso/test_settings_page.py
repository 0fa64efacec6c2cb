"""The region's single sign-on set-up page: who may open it, what it refuses, and that the client
secret never leaves the server."""
import pytest
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts import access as accounts_access
from ketenzicht.accounts import setup
from ketenzicht.accounts.models import Role
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Organisation, Region
from ketenzicht.sso.models import GroupMapping, ProviderConfig
from tests.helpers import user, verified

pytestmark = pytest.mark.django_db
PAGE = "/inrichting/ijsselland/inloggen"
SECRET = "zeer-geheim-client-secret-42"


def provider_data(oidc, **overrides):
    data = {"action": "provider", "enabled": "on", "label": "Gemeenten IJsselland", "discovery_url": "",
            "issuer": "", "authorization_endpoint": "", "token_endpoint": "", "jwks_endpoint": "",
            "userinfo_endpoint": "", "signing_algorithm": "RS256", "client_id": "ketenzicht", "client_secret": SECRET,
            "email_domains": "zwolle.nl, deventer.nl", "group_claim": "groups", "mfa_amr": "mfa", "mfa_acr": ""}
    data.update(overrides)
    return data


@pytest.fixture
def admin(client, world):
    return verified(client, "admin.ijsselland")


def test_only_the_regions_administrators_open_it(client, world):
    assert client.get(PAGE).status_code == 302  # to the login page
    assert verified(client, "liaison.zwolle").get(PAGE).status_code == 404
    assert verified(client, "admin.zeeland").get(PAGE).status_code == 404
    assert verified(client, "admin.ijsselland").get(PAGE).status_code == 200


def test_the_set_up_overview_lists_it_for_administrators(world):
    region = Region.objects.get(slug="ijsselland")
    listed = setup.sections(user("admin.ijsselland"), region, accounts_access.administers)
    assert PAGE in [s["url"] for s in listed]
    assert PAGE not in [s["url"] for s in setup.sections(user("admin.zeeland"), region, accounts_access.administers)]


def test_the_endpoints_come_from_the_discovery_address_and_the_secret_is_never_shown(admin, oidc):
    answer = admin.post(PAGE, provider_data(oidc, discovery_url=f"{oidc.url}/.well-known/openid-configuration"))
    assert answer.status_code == 302
    provider = ProviderConfig.objects.get(region__slug="ijsselland")
    assert (provider.issuer, provider.token_endpoint, provider.jwks_endpoint) == (
        oidc.url, f"{oidc.url}/oauth2/token", f"{oidc.url}/jwks")
    assert provider.client_secret == SECRET and provider.domains() == {"zwolle.nl", "deventer.nl"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM sso_providerconfig WHERE id = %s", [provider.pk])
        assert cursor.fetchone()[0].startswith("enc1:")  # encrypted at rest
    page = admin.get(PAGE).content.decode()
    assert SECRET not in page and "Er is een geheim opgeslagen" in page
    assert "http://testserver/sso/terugkeer" in page
    # saved again with the secret left blank: the stored one stays
    assert admin.post(PAGE, provider_data(oidc, client_secret="", label="Nieuw",
                                          discovery_url=f"{oidc.url}/.well-known/openid-configuration")).status_code == 302
    provider.refresh_from_db()
    assert (provider.label, provider.client_secret) == ("Nieuw", SECRET)
    assert AccessLog.objects.filter(action="sso_configure", detail__secret_changed=False).count() == 1


def test_without_discovery_or_endpoints_nothing_is_saved(admin, oidc):
    answer = admin.post(PAGE, provider_data(oidc, client_id="mijn-client"))
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Vul dit in, of geef een discovery-adres" in text and 'value="mijn-client"' in text  # typed, kept
    assert SECRET not in text
    assert not ProviderConfig.objects.exists()


def test_a_discovery_address_that_answers_nothing_useful_is_named(admin, oidc):
    answer = admin.post(PAGE, provider_data(oidc, discovery_url=f"{oidc.url}/bestaat-niet"))
    assert answer.status_code == 400
    assert "Het discovery-adres gaf geen OpenID-configuratie terug" in answer.content.decode()
    assert not ProviderConfig.objects.exists()


def test_a_first_save_needs_the_secret(admin, oidc):
    answer = admin.post(PAGE, provider_data(oidc, client_secret="",
                                            discovery_url=f"{oidc.url}/.well-known/openid-configuration"))
    assert answer.status_code == 400 and "Vul het client-secret in" in answer.content.decode()
    assert not ProviderConfig.objects.exists()


@pytest.fixture
def configured(admin, oidc):
    admin.post(PAGE, provider_data(oidc, discovery_url=f"{oidc.url}/.well-known/openid-configuration"))
    return ProviderConfig.objects.get(region__slug="ijsselland")


def mapping_data(**overrides):
    data = {"action": "mapping", "claim_value": "mh-zwolle", "role": Role.LIAISON,
            "organisation": Organisation.objects.get(name="Gemeente Zwolle").pk,
            "municipality": Municipality.objects.get(cbs_code="GM0193").pk}
    data.update(overrides)
    return data


def test_a_liaison_mapping_needs_its_municipality(admin, configured):
    answer = admin.post(PAGE, mapping_data(municipality=""))
    assert answer.status_code == 400 and "Een aandachtsfunctionaris werkt voor een gemeente" in answer.content.decode()
    assert 'value="mh-zwolle"' in answer.content.decode()
    assert not GroupMapping.objects.exists()


def test_another_regions_organisation_is_not_offered(admin, configured):
    zeeland = Organisation.objects.filter(region__slug="zeeland").first()
    answer = admin.post(PAGE, mapping_data(organisation=zeeland.pk, role=Role.ANALYST, municipality=""))
    assert answer.status_code == 400 and not GroupMapping.objects.exists()


def test_a_mapping_to_personal_data_waits_for_a_second_administrator(client, admin, configured, second_admin):
    assert admin.post(PAGE, mapping_data()).status_code == 302
    mapping = GroupMapping.objects.get()
    assert not mapping.in_effect
    assert "Wacht op een tweede beheerder" in admin.get(PAGE).content.decode()
    own = admin.post(PAGE, {"action": "approve", "mapping": mapping.pk})
    assert own.status_code == 400 and "keurt een tweede beheerder goed" in own.content.decode()
    mapping.refresh_from_db()
    assert not mapping.in_effect
    TOTPDevice.objects.create(user=second_admin, name="app", confirmed=True)
    other = client.__class__()
    other.force_login(second_admin)
    session = other.session
    session["otp_device_id"] = second_admin.totpdevice_set.get().persistent_id
    session.save()
    assert other.post(PAGE, {"action": "approve", "mapping": mapping.pk}).status_code == 302
    mapping.refresh_from_db()
    assert mapping.in_effect and mapping.approved_by == second_admin
    assert AccessLog.objects.filter(action="sso_mapping_approve", user=second_admin).exists()


def test_an_analyst_mapping_is_in_effect_at_once_and_can_be_removed(admin, configured):
    data = mapping_data(claim_value="beleid", role=Role.ANALYST, municipality="")
    assert admin.post(PAGE, data).status_code == 302
    mapping = GroupMapping.objects.get()
    assert mapping.in_effect
    again = admin.post(PAGE, data)
    assert again.status_code == 400 and "geeft deze rol bij deze organisatie al" in again.content.decode()
    assert admin.post(PAGE, {"action": "remove", "mapping": mapping.pk}).status_code == 302
    assert not GroupMapping.objects.exists()
    assert AccessLog.objects.filter(action="sso_mapping_remove").exists()
