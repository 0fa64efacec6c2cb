"""The municipalities a region can pick: the CBS list of 2025, read from the same file the maps are
drawn from (insights/data/gemeenten-2025.topojson, CBS and Kadaster via PDOK, CC BY 4.0; see its
SOURCE.md), so there is one source of truth for codes and names, not a copy that can drift."""
import json
from functools import lru_cache

from ketenzicht.insights.charts import ATTRIBUTION, BOUNDARIES

__all__ = ["ATTRIBUTION", "municipalities", "name_of"]


@lru_cache(maxsize=1)
def municipalities() -> dict[str, str]:
    """CBS code -> name, for all 342 municipalities of 2025, ordered by name."""
    with open(BOUNDARIES, encoding="utf-8") as handle:
        topology = json.load(handle)
    found = {}
    for collection in topology["objects"].values():
        for geometry in collection["geometries"]:
            properties = geometry["properties"]
            found[properties["statcode"]] = properties["statnaam"]
    return dict(sorted(found.items(), key=lambda item: item[1]))


def name_of(code) -> str | None:
    return municipalities().get(code)
