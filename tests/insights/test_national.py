"""The national analyst: published figures of every region and the national view, nothing else;
a role only the platform operator grants."""
import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts import services as account_services
from ketenzicht.accounts.forms import RoleForm
from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.insights.selection import calendar_periods
from ketenzicht.regions.models import Organisation, Region

from ..helpers import api_client, case_with_care_track, signal, user, verified

pytestmark = pytest.mark.django_db


def last_quarter():
    _group, quarters = calendar_periods(timezone.localdate())[1]
    key, _label, start, end = quarters[0]
    return key, start, end


def national_analyst(username="national.analyst"):
    account = User.objects.create_user(username, email=f"{username}@example.org")
    TOTPDevice.objects.create(user=account, name="test", confirmed=True)
    operator = User.objects.create_superuser("operator", email="operator@example.org")
    assignment = RoleAssignment(user=account, role=Role.NATIONAL_ANALYST,
                                organisation=Organisation.objects.filter(region__slug="ijsselland").first())
    account_services.record_grant(operator, assignment, created=True)
    assert assignment.approved_at is not None  # no personal data: no second person needed
    return account


@pytest.fixture
def country(world):
    """Signals in IJsselland and Zeeland in the last quarter, and a case with a track."""
    _key, start, _end = last_quarter()
    made = [signal("liaison.zwolle", "GM0193", start) for _i in range(6)]
    made += [signal("liaison.middelburg", "GM0687", start) for _i in range(11)] if User.objects.filter(
        username="liaison.middelburg").exists() else []
    case = case_with_care_track()
    return {"signals": made, "case": case, "analyst": national_analyst()}


def test_the_national_view_shows_every_region_rounded_with_the_map(client, country):
    key, _start, _end = last_quarter()
    verified(client, "national.analyst")
    response = client.get(f"/cijfers/landelijk?period={key}")
    assert response.status_code == 200
    html = response.content.decode()
    for region in Region.objects.all():
        assert f'data-row="{region.slug}"' in html
    assert "CC BY 4.0" in html and "<svg" in html
    table = response.context["section"]["published"]
    ijsselland = next(values for row, values in table.shown_rows() if row.key == "ijsselland")
    assert ijsselland["signal"] == 5  # six, rounded down to a multiple of five
    # and every region's own dashboard, rounded
    for region in Region.objects.all():
        page = client.get(f"/cijfers?region={region.slug}&period={key}")
        assert page.status_code == 200 and page.context["threshold"]


def test_the_national_view_in_the_api(country):
    key, start, end = last_quarter()
    client = api_client("national.analyst")
    listing = client.get("/api/v1/stats").json()
    assert "regions" in {item["figure"] for item in listing}
    body = client.get(f"/api/v1/stats/regions?from={start}&to={end}").json()
    assert {row["key"] for row in body["rows"]} == set(Region.objects.values_list("slug", flat=True))
    assert body["threshold"] == 5
    bad = client.get("/api/v1/stats/regions?from=2025-01-01&to=2025-01-15")
    assert bad.status_code == 400 and "from" in bad.json()["invalid_params"][0]["name"]
    unknown = client.get("/api/v1/stats/regions?municipality=GM0193")
    assert unknown.status_code == 400
    # nobody else has a national view
    assert api_client("analyst.ijsselland").get(f"/api/v1/stats/regions?from={start}&to={end}").status_code == 404


def test_nobody_but_the_national_analyst_opens_the_national_view(client, country):
    for username in ("analyst.ijsselland", "chair.ijsselland", "admin.ijsselland", "liaison.zwolle"):
        verified(client, username)
        assert client.get("/cijfers/landelijk").status_code == 404, username


def test_the_national_analyst_opens_nothing_personal(client, country):
    signal_id = country["signals"][0].pk
    case = country["case"]
    verified(client, "national.analyst")
    pages = [f"/signalen/{signal_id}", f"/casussen/{case.pk}", f"/signalen/{signal_id}/bijlagen/1",
             "/cijfers/htcds.csv", "/privacy/toegangslog", "/privacy/inzage", "/acute-route"]
    for url in pages:
        assert client.get(url).status_code in (403, 404), url
    lists = ["/signalen", "/casussen", "/taken", "/taken/sporen", "/zorg", "/zorgoverleg", "/opvangplekken"]
    reference = str(signal_id)[:8].upper()
    for url in lists:
        response = client.get(url)
        assert response.status_code in (403, 404) or reference not in response.content.decode(), url
    api = api_client("national.analyst")
    for url in (f"/api/v1/signals/{signal_id}", f"/api/v1/cases/{case.pk}",
                f"/api/v1/cases/{case.pk}/tracks", "/api/v1/stats/htcds-records"):
        assert api.get(url).status_code in (403, 404), url
    for url in ("/api/v1/signals", "/api/v1/cases", "/api/v1/tasks"):
        response = api.get(url)
        assert response.status_code in (403, 404) or str(signal_id) not in response.content.decode(), url


def test_only_the_platform_operator_grants_the_national_role(world):
    admin = user("admin.ijsselland")
    assignment = RoleAssignment(user=user("analyst.ijsselland"), role=Role.NATIONAL_ANALYST,
                                organisation=Organisation.objects.filter(region__slug="ijsselland").first())
    with pytest.raises(account_services.GrantRefused):
        account_services.record_grant(admin, assignment, created=True)
    assert not RoleAssignment.objects.filter(user=assignment.user, role=Role.NATIONAL_ANALYST).exists()
    region = Region.objects.get(slug="ijsselland")
    assert Role.NATIONAL_ANALYST not in dict(RoleForm(region=region).fields["role"].choices)
    form = RoleForm({"role": Role.NATIONAL_ANALYST, "organisation": assignment.organisation.pk}, region=region)
    assert not form.is_valid() and "role" in form.errors
