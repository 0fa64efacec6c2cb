"""Signing in through one's own organisation, in Chromium, against a real OpenID provider on
127.0.0.1: the provider's MFA lets a liaison straight in; without it Ketenzicht asks its own code.
Every product page on the way passes check_page (the provider's own page is not ours to check)."""
import re

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.regions.models import Municipality, Organisation, Region
from ketenzicht.sso.models import GroupMapping, Link, ProviderConfig

from ..helpers import OidcProvider, check_page, current_code, login


@pytest.fixture
def oidc():
    provider = OidcProvider()
    yield provider
    provider.stop()


@pytest.fixture
def region_signs_in(live_world, oidc):
    region = Region.objects.get(slug="ijsselland")
    first = User.objects.get(username="admin.ijsselland")
    second = User.objects.create_user("admin2.ijsselland")
    zwolle = Organisation.objects.get(region=region, name="Gemeente Zwolle")
    RoleAssignment.objects.create(user=second, role=Role.REGION_ADMIN, organisation=zwolle, approved_by=first,
                                  approved_at=timezone.now())
    config = ProviderConfig.objects.create(
        region=region, enabled=True, label="Gemeenten IJsselland", issuer=oidc.url,
        authorization_endpoint=f"{oidc.url}/oauth2/authorize", token_endpoint=f"{oidc.url}/oauth2/token",
        jwks_endpoint=f"{oidc.url}/jwks", userinfo_endpoint=f"{oidc.url}/userinfo", client_id="ketenzicht",
        client_secret="geheim", email_domains="zwolle.nl", mfa_amr="mfa")
    GroupMapping.objects.create(provider=config, claim_value="mh-zwolle", role=Role.LIAISON, organisation=zwolle,
                                municipality=Municipality.objects.get(cbs_code="GM0193"), created_by=first,
                                approved_by=second, approved_at=timezone.now())
    return config


def through_provider(page, base, sub):
    page.goto(f"{base}/inloggen")
    check_page(page)
    page.get_by_role("link", name="Inloggen via uw organisatie").click()
    check_page(page)
    page.get_by_label("Uw e-mailadres bij uw organisatie").fill("medewerker@zwolle.nl")
    page.get_by_role("button", name="Verder").click()
    page.locator("input[name=sub]").first.fill(sub)  # the provider's own sign-in page
    page.get_by_role("button", name="Authorize").click()


def test_a_liaison_signs_in_through_her_municipality(live_world, region_signs_in, oidc, new_page):
    page = new_page()
    oidc.user("anna-zwolle", email="anna@zwolle.nl", preferred_username="anna.zwolle", groups=["mh-zwolle"],
              amr=["pwd", "mfa"])
    through_provider(page, live_world.url, "anna-zwolle")
    page.wait_for_url(re.compile(r"/signalen$"))
    check_page(page)
    assert page.get_by_role("heading", level=1).count() == 1
    assert "anna.zwolle" in page.content()
    anna = User.objects.get(username="anna.zwolle")
    assert anna.role_assignments.get().role == Role.LIAISON


def test_without_the_providers_mfa_the_liaison_types_her_code(live_world, region_signs_in, oidc, new_page):
    liaison = User.objects.get(username="liaison.zwolle")
    Link.objects.create(provider=region_signs_in, issuer=oidc.url, subject="lz", user=liaison)
    oidc.user("lz", groups=["mh-zwolle"], amr=["pwd"])
    page = new_page()
    through_provider(page, live_world.url, "lz")
    page.wait_for_url(re.compile(r"/sso/code$"))
    check_page(page)
    page.get_by_label("Code uit uw authenticator-app").fill(current_code("liaison.zwolle"))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/signalen$"))
    check_page(page)


def test_the_administrator_sets_up_the_provider_in_the_browser(live_world, oidc, new_page):
    page = new_page()
    login(page, live_world.url, "admin.ijsselland")
    page.goto(f"{live_world.url}/inrichting/ijsselland/inloggen")
    check_page(page)
    page.get_by_label("Tekst op de knop").fill("Gemeenten IJsselland")
    page.get_by_label("Discovery-adres").fill(f"{oidc.url}/.well-known/openid-configuration")
    page.get_by_label("Client-id").fill("ketenzicht")
    page.get_by_role("button", name="Opslaan").click()
    check_page(page)  # the secret is missing: the error summary names it, what was typed stays
    assert page.get_by_label("Client-id").input_value() == "ketenzicht"
    page.get_by_label("Client-secret").fill("geheim")
    page.get_by_role("button", name="Opslaan").click()
    check_page(page)
    assert ProviderConfig.objects.get(region__slug="ijsselland").token_endpoint == f"{oidc.url}/oauth2/token"
    page.get_by_label("Groep (waarde in de claim)").fill("beleid")
    page.locator("#id_mapping_role").select_option(Role.ANALYST)
    page.locator("#id_mapping_organisation").select_option(label="Gemeente Zwolle")
    page.get_by_role("button", name="Toevoegen").click()
    check_page(page)
    assert page.locator("[data-mapping=beleid]").count() == 1
