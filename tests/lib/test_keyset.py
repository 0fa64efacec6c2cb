"""Keyset pages (lib/keyset.py) on a real table: every row once, in order, both ways, with duplicate
keys, and cursors that cannot be forged or carried to another list."""
import pytest
from django.core.exceptions import BadRequest
from django.test import RequestFactory

from ketenzicht.lib import keyset, paging
from ketenzicht.lib.forms_bridge import InvalidInput
from ketenzicht.regions.models import Municipality, Region

pytestmark = pytest.mark.django_db

BY_INHABITANTS = keyset.Keyset("test-municipalities", "-inhabitants", "name", "pk")


@pytest.fixture
def municipalities():
    region = Region.objects.create(slug="keyset", name="Keyset")
    # Equal inhabitants and equal names, so the later keys must break the ties.
    for i in range(23):
        Municipality.objects.create(cbs_code=f"GM{7000 + i}", name=f"Plaats {i % 4}", region=region,
                                    inhabitants=1000 * (i % 5))
    return Municipality.objects.filter(region=region)


def expected(qs):
    return list(qs.order_by("-inhabitants", "name", "pk").values_list("pk", flat=True))


def walk_forward(qs, size):
    pages, window = [], BY_INHABITANTS.window(qs, size)
    pages.append(window)
    while window.next_cursor:
        window = BY_INHABITANTS.window(qs, size, cursor=window.next_cursor)
        pages.append(window)
    return pages


@pytest.mark.parametrize("size", [1, 4, 5, 23, 50])
def test_forward_pages_give_every_row_once_in_order(municipalities, size):
    pages = walk_forward(municipalities, size)
    assert [m.pk for page in pages for m in page] == expected(municipalities)
    assert pages[0].is_first and pages[0].previous_cursor is None
    assert all(not page.is_first and page.previous_cursor for page in pages[1:])
    assert all(page.count == 23 and page.count_is_exact for page in pages)


@pytest.mark.parametrize("size", [1, 4, 7])
def test_backward_from_the_last_page_gives_the_pages_before(municipalities, size):
    pages = walk_forward(municipalities, size)
    window, seen = pages[-1], []
    while window.previous_cursor:
        window = BY_INHABITANTS.window(municipalities, size, cursor=window.previous_cursor)
        seen = [m.pk for m in window] + seen
    assert window.is_first
    assert seen == expected(municipalities)[:len(seen)]
    assert [m.pk for m in window] == expected(municipalities)[:size]


@pytest.mark.parametrize(("offset", "size"), [(0, 1), (1, 4), (5, 5), (20, 3), (22, 10), (23, 1), (30, 2)])
def test_offset_pages_match_the_order(municipalities, offset, size):
    window = BY_INHABITANTS.window(municipalities, size, offset=offset)
    assert [m.pk for m in window] == expected(municipalities)[offset:offset + size]
    assert bool(window.next_cursor) == (offset + size < 23 and offset < 23)


def test_the_count_stops_at_its_limit(municipalities):
    assert keyset.bounded_count(municipalities, limit=10) == (10, False)
    assert keyset.bounded_count(municipalities, limit=23) == (23, True)


def test_a_forged_or_foreign_cursor_is_refused_naming_the_parameter(municipalities):
    cursor = BY_INHABITANTS.window(municipalities, 5).next_cursor
    other = keyset.Keyset("another-list", "-inhabitants", "name", "pk")
    for bad in (cursor[:-2] + "xx", "not-a-cursor", "", "1" * 5000):
        with pytest.raises(InvalidInput) as refused:
            BY_INHABITANTS.read(bad)
        assert "cursor" in refused.value.errors
    with pytest.raises(InvalidInput):
        other.read(cursor)
    request = RequestFactory().get("/lijst", {"cursor": "vervalst"})
    with pytest.raises(BadRequest):
        paging.page_window(request, municipalities, BY_INHABITANTS, 5)
