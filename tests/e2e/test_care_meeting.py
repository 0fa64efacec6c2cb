"""The care meeting in the browser: its member logs in, lands on the status list of the care
trajectories its meeting follows, and finds no name there; axe on every page."""
import re

from ketenzicht.care import services as care
from ketenzicht.regions.models import Municipality

from ..helpers import check_page, login, user


def test_a_care_meeting_member_lands_on_the_status_list(live_world, new_page):
    trajectory = care.open_trajectory(user("care.ijsselland"), name="Lisa de Vries", age=17, needs=["shelter"],
                                      municipality=Municipality.objects.get(name="Zwolle"))
    base = live_world.url
    page = new_page()
    login(page, base, "zorgoverleg.ijsselland")
    page.wait_for_url(re.compile(r"/zorgoverleg$"))
    check_page(page)
    row = page.locator(f'tr[data-trajectory="{trajectory.reference}"]')
    assert "Zwolle" in row.inner_text() and "Zorgcoördinator" in row.inner_text()
    assert "Lisa" not in page.content()
    assert page.get_by_role("link", name="Zorgoverleg", exact=True).get_attribute("aria-current") == "page"
