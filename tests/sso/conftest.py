import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.regions.models import Municipality, Organisation, Region
from ketenzicht.sso.models import GroupMapping, ProviderConfig
from tests.helpers import OidcProvider


@pytest.fixture(scope="session")
def oidc():
    """One provider for the session; each test names its own subjects."""
    provider = OidcProvider()
    yield provider
    provider.stop()


@pytest.fixture
def second_admin(world):
    """IJsselland's second administrator: approves what admin.ijsselland sets up."""
    region = Region.objects.get(slug="ijsselland")
    account = User.objects.create_user("admin2.ijsselland", email="admin2@example.org")
    first = User.objects.get(username="admin.ijsselland")
    RoleAssignment.objects.create(user=account, role=Role.REGION_ADMIN, approved_at=timezone.now(), approved_by=first,
                                  organisation=Organisation.objects.filter(region=region).first())
    return account


@pytest.fixture
def sso(world, oidc, second_admin):
    """IJsselland signs in through the provider; group "mh-zwolle" makes a liaison for Zwolle,
    approved by a second administrator; "beleid" an analyst."""
    oidc.tamper = None
    region = Region.objects.get(slug="ijsselland")
    config = ProviderConfig.objects.create(
        region=region, enabled=True, label="Gemeenten IJsselland", issuer=oidc.url,
        authorization_endpoint=f"{oidc.url}/oauth2/authorize", token_endpoint=f"{oidc.url}/oauth2/token",
        jwks_endpoint=f"{oidc.url}/jwks", userinfo_endpoint=f"{oidc.url}/userinfo", client_id="ketenzicht",
        client_secret="geheim-van-de-client", email_domains="zwolle.nl", mfa_amr="mfa, hwk")
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    municipality = Organisation.objects.get(region=region, name="Gemeente Zwolle")
    admin = User.objects.get(username="admin.ijsselland")
    GroupMapping.objects.create(provider=config, claim_value="mh-zwolle", role=Role.LIAISON, organisation=municipality,
                                municipality=zwolle, created_by=admin, approved_by=second_admin,
                                approved_at=timezone.now())
    GroupMapping.objects.create(provider=config, claim_value="beleid", role=Role.ANALYST, organisation=municipality,
                                created_by=admin, approved_by=admin, approved_at=timezone.now())
    return config


@pytest.fixture
def shared_with_zeeland(sso):
    """Zeeland signs in through the same provider (same issuer and keys) as IJsselland, where the
    group "beleid-zeeland" gives an approved analyst role."""
    zeeland = Region.objects.get(slug="zeeland")
    provider = ProviderConfig.objects.create(
        region=zeeland, enabled=True, label="Zeeland", issuer=sso.issuer, authorization_endpoint=sso.authorization_endpoint,
        token_endpoint=sso.token_endpoint, jwks_endpoint=sso.jwks_endpoint, client_id="ketenzicht",
        client_secret="geheim", mfa_amr="mfa")
    admin = User.objects.get(username="admin.zeeland")
    GroupMapping.objects.create(provider=provider, claim_value="beleid-zeeland", role=Role.ANALYST, created_by=admin,
                                organisation=Organisation.objects.filter(region=zeeland).first(),
                                approved_by=admin, approved_at=timezone.now())
    return provider
