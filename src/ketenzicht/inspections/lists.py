"""The order of the inspections list (lib/keyset.py), shared by the page and the API; served by the
index inspections_by_municipality within a municipality."""
from ketenzicht.lib.keyset import Keyset

INSPECTIONS = Keyset("inspections", "-planned_on", "-id")
