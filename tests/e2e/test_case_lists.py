"""The case lists in the browser (issue 17): the chair and a police member page through their
cases, tasks and a table's waiting list by the window's links, each page saying how much it shows;
axe and the page checks on every page."""
import re

from ketenzicht.cases import views

from ..cases import bulk
from ..helpers import check_page, login


def test_the_chair_and_the_police_page_through_their_lists(live_world, new_page, monkeypatch):
    for name, size in (("CASE_PAGE_SIZE", 4), ("TASK_PAGE_SIZE", 5), ("WAITING_PAGE_SIZE", 4)):
        monkeypatch.setattr(views, name, size)
    cases = bulk.cases(30)
    bulk.tasks(12, on=bulk.tracks(6, on=cases[:6]))
    base = live_world.url
    table = bulk.regional_table()

    chair = new_page()
    login(chair, base, "chair.ijsselland")
    chair.goto(f"{base}/casussen")
    check_page(chair)
    assert "4 van 30 getoond" in chair.locator(".kz-pagination").inner_text()
    first = chair.locator("tr[data-case]").first.get_attribute("data-case")
    chair.locator(".kz-pagination").get_by_role("link", name="Volgende").click()
    chair.wait_for_url(re.compile(r"cursor="))
    check_page(chair)
    assert chair.locator("tr[data-case]").count() == 4 and first not in chair.content()
    chair.get_by_role("link", name="Vorige").click()
    chair.wait_for_load_state()
    assert chair.locator("tr[data-case]").first.get_attribute("data-case") == first
    chair.goto(f"{base}/tafels/{table.pk}")
    check_page(chair)
    waiting = chair.locator("section[aria-labelledby=h-waiting]")
    assert "4 van 30 getoond" in waiting.inner_text()
    waiting.get_by_role("link", name="Volgende").click()
    chair.wait_for_url(re.compile(r"cursor="))
    check_page(chair)

    police = new_page()
    login(police, base, "police.ijsselland")
    police.goto(f"{base}/taken")
    check_page(police)
    assert "5 van 12 getoond" in police.locator(".kz-pagination").inner_text()
    police.locator(".kz-pagination").get_by_role("link", name="Volgende").click()
    police.wait_for_url(re.compile(r"cursor="))
    check_page(police)
    assert police.locator("tr[data-task]").count() == 5
    police.goto(f"{base}/casussen")
    check_page(police)
    assert "4 van 6 getoond" in police.locator(".kz-pagination").inner_text()
