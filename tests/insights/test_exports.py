"""What leaves the figures: the API's bad input, the CSV per figure, the monitor's workbook and PDF."""
import re

import pytest

from ketenzicht.insights.tables import Cell
from ketenzicht.insights.views import _csv_value

from ..helpers import api_client, verified

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["to", "from", "period", "region"])
@pytest.mark.parametrize("path", ["/api/v1/stats/htcds-records", "/api/v1/stats/people"])
def test_an_empty_date_period_or_region_is_refused_naming_the_field(world, path, name):
    response = api_client("care.ijsselland").get(f"{path}?{name}=")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in response.json()["invalid_params"]] == [name]


def test_an_empty_filter_still_means_all(world):
    assert api_client("analyst.ijsselland").get("/api/v1/stats/people?sector=&gender=").status_code == 200


def test_figure_csv_is_semicolon_separated_with_a_decimal_comma_and_a_bom(client, world):
    assert _csv_value(Cell(2.5, "2,5")) == "2,5" and _csv_value(Cell(10, "10")) == 10
    assert _csv_value(Cell(None, "<5", hidden=True)) == "<5" and _csv_value(Cell(None, "—")) == ""
    verified(client, "analyst.ijsselland")
    text = b"".join(client.get("/cijfers/municipalities.csv?period=2025").streaming_content).decode("utf-8")
    assert text.startswith("\ufeffGemeente;") and ";" in text.splitlines()[1]
    assert not re.search(r";-?\d+\.\d+(;|\r)", text)  # no decimal point a Dutch Excel would misread
