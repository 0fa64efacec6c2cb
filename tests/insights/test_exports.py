"""What leaves the figures: the API's bad input, the CSV per figure, the monitor's workbook and PDF."""
import pytest

from ..helpers import api_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["to", "from", "period", "region"])
@pytest.mark.parametrize("path", ["/api/v1/stats/htcds-records", "/api/v1/stats/people"])
def test_an_empty_date_period_or_region_is_refused_naming_the_field(world, path, name):
    response = api_client("care.ijsselland").get(f"{path}?{name}=")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in response.json()["invalid_params"]] == [name]


def test_an_empty_filter_still_means_all(world):
    assert api_client("analyst.ijsselland").get("/api/v1/stats/people?sector=&gender=").status_code == 200
