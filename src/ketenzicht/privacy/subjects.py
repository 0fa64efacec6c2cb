"""Rights of the people concerned (AVG articles 15-17): find what the system holds about one person
by an identifier they give (e-mail address or phone number), hand it over, correct or erase it.

Identifiers are stored encrypted, so they are found through `SubjectIndex`: keyed hashes (HMAC
with a key derived from the newest encryption key; `rotate_encryption_key` rebuilds them).
Every look and change is logged and flagged for the privacy officer.
"""
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Callable

from django.utils import timezone

from ketenzicht.lib import crypto

from . import audit
from .models import SubjectIndex

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d\s()-]{7,}\d")


def identifiers(text):
    """The e-mail addresses and phone numbers in a free-text contact field, normalised."""
    found = {m.lower() for m in EMAIL.findall(text or "")}
    for match in PHONE.findall(text or ""):
        digits = re.sub(r"\D", "", match)
        if digits.startswith("31") and len(digits) == 11:  # +31 6... -> 06...
            digits = "0" + digits[2:]
        found.add(digits)
    return found


def digest(identifier):
    key = hashlib.sha256(b"ketenzicht-subject-index:" + crypto.configured_keys().split(",")[0].encode()).digest()
    return hmac.new(key, identifier.encode(), hashlib.sha256).hexdigest()


def index(object_type, object_id, region_id, text):
    """(Re)write the index entries of one record's identifiers."""
    SubjectIndex.objects.filter(object_type=object_type, object_id=str(object_id)).delete()
    SubjectIndex.objects.bulk_create([
        SubjectIndex(digest=digest(i), object_type=object_type, object_id=str(object_id), region_id=region_id)
        for i in identifiers(text)])


def forget(object_type, object_ids):
    """Drop the index entries of these records, when what they held about a person is erased."""
    SubjectIndex.objects.filter(object_type=object_type, object_id__in=[str(pk) for pk in object_ids]).delete()


@dataclass(frozen=True)
class Source:
    """One kind of record that keeps contact details people left, registered by the app that owns
    it from its registrations.py (intake: signals; linkage: the identifiers of a person). Privacy finds, hands over and logs; the
    owning app reads and changes its own rows."""

    object_type: str
    records: Callable  # (ids) -> queryset of those records (with a region_id), with what `export` reads
    contacts: Callable  # () -> iterable of (pk, region_id, contact text), to rebuild the index
    export: Callable  # (record) -> dict: everything held, what the person sent and was told
    correct: Callable  # (user, record, contact): correct or (with "") erase, in the owner's service
    describe: Callable = str  # (record) -> what the request page lists of it, no identifier in it


SOURCES = {}


def register(source: Source):
    SOURCES[source.object_type] = source


def reindex():
    """Rebuild the index of every registered source (after a key rotation); how many records."""
    count = 0
    for object_type, source in SOURCES.items():
        SubjectIndex.objects.filter(object_type=object_type).delete()
        for pk, region_id, contact in source.contacts():
            index(object_type, pk, region_id, contact)
            count += 1
    return count


def _found(identifier, region_ids, object_type):
    wanted = identifiers(identifier)
    ids = SubjectIndex.objects.filter(digest__in=[digest(i) for i in wanted], object_type=object_type,
                                      region_id__in=region_ids).values_list("object_id", flat=True)
    return SOURCES[object_type].records(list(ids) if wanted else [])


def records_about(user, identifier, region_ids, object_type="signal"):
    """The records of this kind in these regions that hold this identifier in their contact details."""
    records = _found(identifier, region_ids, object_type)
    audit.record(user, "subject_search", "subject", "", flagged=True, region=min(region_ids, default=None),
                 found=len(records))
    return records


def everything_about(user, identifier, region_ids):
    """Per registered kind of record, those in these regions that hold this identifier (a signal's
    contact details, the identifiers linkage keeps of a person): one search, logged once."""
    found = {object_type: _found(identifier, region_ids, object_type) for object_type in SOURCES}
    audit.record(user, "subject_search", "subject", "", flagged=True, region=min(region_ids, default=None),
                 found=sum(len(records) for records in found.values()))
    return found


def export(user, records, object_type="signal"):
    """Everything held about the person, per record."""
    source = SOURCES[object_type]
    for record in records:
        audit.record(user, "subject_export", object_type, record.pk, region=record.region_id, flagged=True)
    return {"produced_at": timezone.now().isoformat(), "records": [source.export(record) for record in records]}


def export_all(user, found):
    """Everything held about the person, per record of every kind `everything_about` found."""
    exported = [export(user, records, object_type)["records"] for object_type, records in found.items()]
    return {"produced_at": timezone.now().isoformat(), "records": [record for part in exported for record in part]}


def correct_contact(user, record, contact, object_type="signal"):
    SOURCES[object_type].correct(user, record, contact)
