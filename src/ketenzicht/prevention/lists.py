"""The order of this app's lists (lib/keyset.py), shared by the pages and the API."""
from ketenzicht.lib.keyset import Keyset

SESSIONS = Keyset("prevention_sessions", "-held_on", "-id")
ACTIVITIES = Keyset("prevention_activities", "-starts_on", "-id")
INTERVENTIONS = Keyset("prevention_interventions", "order", "id")
