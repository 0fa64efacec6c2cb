"""The national analyst's view in the browser: every region side by side with the country's map,
rounded, and nothing else in the menu."""
from datetime import timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts import services as account_services
from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.demo.loader import password
from ketenzicht.insights.selection import calendar_periods
from ketenzicht.regions.models import Organisation

from ..helpers import check_page, login, signal


def test_national_analyst_reads_every_region_and_the_map(live_world, new_page):
    _group, quarters = calendar_periods(timezone.localdate())[1]
    key, _label, start, _end = quarters[0]
    for i in range(7):
        signal("liaison.zwolle", "GM0193", start + timedelta(days=i))
    analyst = User.objects.create_user("national.analyst", email="national@example.org", password=password())
    TOTPDevice.objects.create(user=analyst, name="app", confirmed=True)
    operator = User.objects.create_superuser("operator", email="operator@example.org")
    account_services.record_grant(operator, RoleAssignment(
        user=analyst, role=Role.NATIONAL_ANALYST, organisation=Organisation.objects.first()), created=True)

    page = new_page()
    login(page, live_world.url, "national.analyst")
    page.get_by_role("link", name="Landelijk").click()
    check_page(page)
    assert page.get_by_role("link", name="Signalen").count() == 0  # nothing personal on offer
    page.get_by_label("Periode", exact=True).select_option(key)
    page.get_by_role("button", name="Cijfers tonen").click()
    check_page(page)
    figure = page.locator("#figure-regions")
    assert figure.locator("svg[role=img] path").count() == 1  # one region, drawn from its municipalities
    assert "CC BY 4.0" in figure.inner_text()
    row = figure.locator("tr[data-row=ijsselland]")
    assert row.locator("td").first.inner_text() == "<5" and row.locator("td").nth(1).inner_text() == "5"
