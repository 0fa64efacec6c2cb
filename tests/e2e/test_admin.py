"""The admin the platform operator uses speaks Dutch, carries the product's name and passes the same
page check as every other page (styles, unique ids, axe WCAG 2.1 AA). What a region's administrator
sees there is scoped to their region (accounts.admin_scope, tests/accounts); their set-up pages come
with issue 16."""
from ..helpers import check_page, login


def test_the_admin_is_dutch_and_accessible(live_world, new_page):
    admin = new_page()
    login(admin, live_world.url, "admin.ijsselland")
    for path in ["/beheer/", "/beheer/route/routedefinition/", "/beheer/route/routedefinition/add/",
                 "/beheer/regions/organisation/"]:
        admin.goto(f"{live_world.url}{path}")
        check_page(admin)
        assert admin.locator("html").get_attribute("lang") == "nl" and admin.title().endswith("Ketenzicht beheer")
    admin.goto(f"{live_world.url}/beheer/")
    assert admin.title() == "Beheer van het platform | Ketenzicht beheer"
