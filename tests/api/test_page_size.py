"""Every list pages with a bounded size (issue 16): `size` (the documented name; `pageSize` and
`page_size` still understood), its default and maximum stated in the OpenAPI document, a size out
of bounds refused naming the parameter; array lists carry the total and the next page in headers."""
import pytest
from rest_framework.test import APIClient

from ..helpers import api_client, report_as

LISTS = ["/api/v1/signals", "/api/v1/cases", "/api/v1/tasks", "/api/v1/tables", "/api/v1/organisations",
         "/api/v1/meetings", "/api/v1/municipalities", "/api/v1/care-trajectories", "/api/v1/shelter-places"]


def test_every_list_documents_a_bounded_size(world):
    document = APIClient().get("/api/v1/openapi.json").json()
    for path in LISTS + ["/api/v1/tables/{id}/meetings"]:
        parameters = {p["name"]: p for p in document["paths"][path.removeprefix("/api/v1")]["get"]["parameters"]}
        size = parameters["size"]["schema"]
        assert size["minimum"] == 1 and size["maximum"] >= size["default"] >= 1, path
        assert "page" in parameters, path
    tasks = document["paths"]["/tasks"]["get"]["responses"]["200"]["headers"]
    assert {"X-Total-Count", "Link"} <= set(tasks)


@pytest.mark.parametrize("path", LISTS)
def test_a_size_out_of_bounds_is_refused_by_its_name(world, path):
    client = api_client("liaison.zwolle")
    for name in ("size", "pageSize", "page_size"):
        refused = client.get(f"{path}?{name}=100000")
        assert refused.status_code == 400, (path, name)
        assert refused.json()["invalid_params"][0]["name"] == name
    assert client.get(f"{path}?size=0").status_code == 400
    # Past the end: 404; page numbers reach the first 10,000 rows, beyond them a 400 names `page`.
    assert client.get(f"{path}?size=1&page=5000").status_code == 404
    far = client.get(f"{path}?page=999")
    assert far.status_code == 404 or (far.status_code == 400 and far.json()["invalid_params"][0]["name"] == "page")


def test_array_lists_page_with_headers(world):
    client = api_client("liaison.zwolle")
    first = client.get("/api/v1/organisations?size=2")
    total = int(first["X-Total-Count"])
    assert len(first.json()) == 2 and total > 2 and 'rel="next"' in first["Link"] and "size=2" in first["Link"]
    second = client.get("/api/v1/organisations?size=2&page=2")
    assert {o["id"] for o in second.json()}.isdisjoint({o["id"] for o in first.json()})
    assert 'rel="prev"' in second["Link"]
    municipalities = APIClient().get("/api/v1/municipalities?pageSize=3")
    assert len(municipalities.json()) == 3 and int(municipalities["X-Total-Count"]) > 3


def test_signal_and_case_pages_name_their_neighbours(world):
    report_as("reporter.zwolle")
    report_as("reporter.zwolle")
    page = api_client("liaison.zwolle").get("/api/v1/signals?size=1").json()
    assert page["count"] == 2 and len(page["results"]) == 1 and "size=1" in page["next"]
    cases = api_client("chair.ijsselland").get("/api/v1/cases?size=1").json()
    assert {"count", "next", "previous", "results"} <= set(cases)


@pytest.mark.parametrize("path", ["/api/v1/care-trajectory-statuses", "/api/v1/signals", "/api/v1/cases",
                                  "/api/v1/tasks"])
def test_every_parameter_of_a_window_is_checked_even_beside_a_cursor(world, path):
    """Found by the fuzzer: a `page` beside a `cursor`, or a cursor of a list the user has no scope
    in, went unchecked and answered 200."""
    client = api_client("analyst.ijsselland")  # sees no care trajectory: an empty list
    refused = client.get(f"{path}?cursor=vervalst&page=false")
    assert refused.status_code == 400, path
    assert {p["name"] for p in refused.json()["invalid_params"]} <= {"cursor", "page"}
    refused = client.get(f"{path}?cursor=vervalst")
    assert refused.status_code in (400, 403), path
