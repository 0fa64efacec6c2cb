"""One case convention for names (docs/api.md): JSON keys in snake_case, as the contract's
receipt_code and exploitation_forms; query parameters one lowercase word each, which snake_case and
the API Design Rules' camelCase (linted in CI) both accept. The two-word query parameters of v1
keep working under their old names."""
import re

from rest_framework.test import APIClient

from ..helpers import api_client, report_as

SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _properties(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                yield from value
            yield from _properties(value)
    elif isinstance(node, list):
        for item in node:
            yield from _properties(item)


WORD = re.compile(r"^[a-z]+$")


def test_every_key_is_snake_case_and_every_query_parameter_one_word(world):
    document = APIClient().get("/api/v1/openapi.json").json()
    parameters = {(p["in"], p["name"]) for item in document["paths"].values() for operation in item.values()
                  if isinstance(operation, dict) for p in operation.get("parameters", ()) if p["in"] != "header"}
    assert {("query", "size"), ("query", "age"), ("path", "receipt_code")} <= parameters
    assert sorted(n for place, n in parameters if place == "query" and not WORD.match(n)) == []
    assert sorted(n for place, n in parameters if not SNAKE.match(n)) == []
    assert sorted(n for n in set(_properties(document["components"])) if not SNAKE.match(n)) == []


def test_page_size_and_its_old_names(world):
    report_as("reporter.zwolle")
    report_as("reporter.zwolle")
    liaison = api_client("liaison.zwolle")
    for name in ("size", "pageSize", "page_size"):
        page = liaison.get(f"/api/v1/signals?{name}=1").json()
        assert page["count"] == 2 and len(page["results"]) == 1 and f"{name}=1" in page["next"]
        refused = liaison.get(f"/api/v1/signals?{name}=101")
        assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == name


def test_age_group_and_its_old_names(world):
    api = api_client("analyst.ijsselland")
    query = "/api/v1/stats/people?from=2026-01-01&to=2026-03-31"
    assert api.get(f"{query}&age=minor").json() == api.get(f"{query}&ageGroup=minor").json() \
        == api.get(f"{query}&age_group=minor").json()
    for name in ("age", "age_group", "ageGroup"):
        refused = api.get(f"/api/v1/stats/people?{name}=oud")
        assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == name
