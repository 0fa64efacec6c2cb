"""The orders of this app's lists (lib/keyset.py), shared by the pages and the API. Each ends in
the id and is served by an index (models.py)."""
from ketenzicht.lib.keyset import Keyset

from .models import BibobRequest, Permit

PERMITS = Keyset("permits", "-valid_from", "-id")  # index permits_permit_list
BIBOB = Keyset("bibob-requests", "-requested_at", "-id")  # index permits_bibob_list


def permit_rows(ids):
    return Permit.objects.select_related("municipality").in_bulk(ids)


def bibob_rows(ids):
    return BibobRequest.objects.select_related("municipality", "permit").in_bulk(ids)
