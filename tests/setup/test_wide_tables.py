"""On a phone (390 px) the set-up tables are wider than the screen: each sits in
a scrolling region of its own (keyboard-reachable, named by its caption), so the page itself does not
scroll sideways and the form under the table keeps the screen's width."""
import re

import pytest

WIDE = ["/gebruikers", "/tafels", "/gemeenten", "/organisaties", "/opvang", "/signalenkaart"]


@pytest.mark.parametrize("page", WIDE)
def test_a_wide_set_up_table_scrolls_in_its_own_region(admin_client, page):
    html = admin_client.get(f"/inrichting/ijsselland{page}").content.decode()
    region = re.search(r'<div class="kz-table-scroll" role="region" tabindex="0" aria-labelledby="([a-z0-9_-]+)">\s*'
                       r'<table\b', html)
    assert region, page
    assert f'id="{region.group(1)}"' in html.split("<table", 1)[1].split("</caption>", 1)[0] + "</caption>"
