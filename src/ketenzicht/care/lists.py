"""The orders of care's lists (lib/keyset.py) and how a page's rows are fetched, shared by the pages
and the API. Each order ends in the id and is served by an index (care.models)."""
from django.db.models import Prefetch

from ketenzicht.lib.keyset import Keyset

from .models import Consent, Placement, Trajectory

REGISTER = Keyset("care-register", "status", "review_on", "id")  # index care_trajectory_register
CARE_MEETING = Keyset("care-meeting", "status", "review_on", "opened_at", "id")  # index care_trajectory_meeting
REFERRALS = Keyset("referrals", "-sent_on", "-id")  # index care_referral_list


def register_rows(ids):
    """The register's rows: a trajectory with its municipality and forms of exploitation."""
    return Trajectory.objects.select_related("municipality").prefetch_related("exploitation_forms").in_bulk(ids)


def api_rows(ids):
    """The API's trajectories, with what the serializer shows of each (filtered per reader in access):
    their consents and placements as lists (`page_consents`, `page_placements`). Prefetched into the
    related managers instead, Django builds a filtered queryset per row and relation, a third of the
    request for a page of 100."""
    return Trajectory.objects.select_related("municipality").prefetch_related(
        Prefetch("consents", Consent.objects.select_related("organisation"), to_attr="page_consents"),
        Prefetch("placements", Placement.objects.select_related("place__organisation"), to_attr="page_placements"),
    ).in_bulk(ids)


def status_rows(ids):
    """The care meeting's rows: a trajectory's status fields and its coordinator."""
    return Trajectory.objects.select_related("municipality", "coordinator").in_bulk(ids)
