"""The map of the region: drawn from the bundled municipal boundaries, shaded by the figure."""
import re
from datetime import date, timedelta

import pytest
from django.utils import translation

from ketenzicht.insights import charts, figures
from ketenzicht.insights.selection import Selection
from ketenzicht.regions.models import Region

from ..helpers import signal

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
    assert "Signalen per 10.000 inwoners" in svg and str(charts.ATTRIBUTION) in svg
    assert "url(#hatch-municipalities)" in svg  # no signals: every rate hidden, hatched
    assert "<rect x=\"0\" y=\"0\" width=\"96\"" not in svg  # not the grid of squares


def test_the_maps_source_and_legend_are_in_the_pages_language(world):
    region = Region.objects.get(slug="ijsselland")
    sel = Selection(region=region, start=date(2026, 1, 1), end=date(2026, 3, 31))
    for i in range(7):
        signal("liaison.zwolle", "GM0193", date(2026, 2, 1) + timedelta(days=i))
    with translation.override("en"):
        svg = str(charts.draw(figures.publish(sel, ["municipalities"])[0]))
    assert "Source: CBS and Kadaster (PDOK), municipal boundaries 2025, CC BY 4.0" in svg and "Bron:" not in svg
    legend = re.findall(r"\d+[.,]\d–\d+[.,]\d", svg)
    assert legend and all("." in span and "," not in span for span in legend)
    with translation.override("nl"):
        svg = str(charts.draw(figures.publish(sel, ["municipalities"])[0]))
    assert "Bron: CBS en Kadaster" in svg and all("," in span for span in re.findall(r"\d+[.,]\d–\d+[.,]\d", svg))
