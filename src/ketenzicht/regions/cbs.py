"""The municipalities of the Netherlands: the CBS list of 2025 and their boundaries, one bundled file
(data/gemeenten-2025.topojson, CBS and Kadaster via PDOK, CC BY 4.0; see its SOURCE.md). A region
picks its municipalities from it and the figures draw their maps from it, so codes and names have
one source of truth, not a copy that can drift."""
import json
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BOUNDARIES = Path(__file__).parent / "data" / "gemeenten-2025.topojson"
# To be shown wherever the map is (CC BY 4.0).
ATTRIBUTION = _("Bron: CBS en Kadaster (PDOK), gebiedsindelingen 2025, CC BY 4.0")


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
