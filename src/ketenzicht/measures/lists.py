"""The order of the measures list (lib/keyset.py), shared by the page and the API; served by the
index measures_by_municipality."""
from ketenzicht.lib.keyset import Keyset

MEASURES = Keyset("measures", "-decided_on", "-id")

