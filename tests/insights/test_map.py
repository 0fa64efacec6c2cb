"""The map of the region: drawn from the bundled municipal boundaries, shaded by the figure."""
from datetime import date

import pytest

from ketenzicht.insights import charts, figures
from ketenzicht.insights.selection import Selection
from ketenzicht.regions.models import Region

pytestmark = pytest.mark.django_db


def test_every_municipality_of_the_country_is_decoded_with_closed_rings():
    shapes = charts.boundaries()
    assert len(shapes) == 342
    for rings in shapes.values():
        for ring in rings:
            assert len(ring) >= 4 and ring[0] == pytest.approx(ring[-1])


def test_the_region_is_a_choropleth_with_legend_unit_and_source(world):
    region = Region.objects.get(slug="ijsselland")
    sel = Selection(region=region, start=date(2026, 1, 1), end=date(2026, 3, 31))
    published = figures.publish(sel, ["municipalities"], 5)[0]
    svg = str(charts.draw(published))
    assert svg.count("<path ") == region.municipalities.count()
    assert "Signalen per 10.000 inwoners" in svg and charts.ATTRIBUTION in svg
    assert "url(#hatch-municipalities)" in svg  # no signals: every rate hidden, hatched
    assert "<rect x=\"0\" y=\"0\" width=\"96\"" not in svg  # not the grid of squares
