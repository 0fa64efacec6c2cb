"""Rights of the people concerned (AVG articles 15-17): find what the system holds about one person
by an identifier they give (e-mail address or phone number), hand it over, correct or erase it.

Identifiers are stored encrypted, so they are found through `SubjectIndex`: keyed hashes (HMAC
with a key derived from the newest encryption key; `rotate_encryption_key` rebuilds them).
Every look and change is logged and flagged for the privacy officer.
"""
import hashlib
import hmac
import re

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


def reindex_signals():
    """Rebuild the index of every signal's contact field (after a key rotation)."""
    from ketenzicht.intake.models import Signal

    SubjectIndex.objects.filter(object_type="signal").delete()
    count = 0
    for signal in Signal.objects.exclude(contact="").only("pk", "region_id", "contact").iterator(chunk_size=1000):
        index("signal", signal.pk, signal.region_id, signal.contact)
        count += 1
    return count


def signals_about(user, identifier, region_ids):
    """The signals in these regions that hold this identifier in their contact details."""
    from ketenzicht.intake.models import Signal

    wanted = identifiers(identifier)
    if not wanted:
        return Signal.objects.none()
    ids = SubjectIndex.objects.filter(digest__in=[digest(i) for i in wanted], object_type="signal",
                                      region_id__in=region_ids).values("object_id")
    signals = Signal.objects.filter(pk__in=[row["object_id"] for row in ids]).select_related("lead_municipality")
    audit.record(user, "subject_search", "subject", "", flagged=True, region=min(region_ids, default=None),
                 found=len(signals))
    return signals


def export(user, signals):
    """Everything held about the person, per signal: what they sent and what they were told."""
    records = []
    for signal in signals:
        audit.record_signal(user, "subject_export", signal, flagged=True)
        records.append({
            "signal": signal.reference, "received_at": signal.received_at.isoformat(),
            "municipality": signal.lead_municipality.name, "contact": signal.contact,
            "description": signal.description, "location": signal.location,
            "status": signal.public_status,
            "feedback": [{"at": f.created_at.isoformat(), "text": f.text} for f in signal.feedback.all()],
        })
    return {"produced_at": timezone.now().isoformat(), "records": records}


# How each kind of record corrects or erases the contact details a person left, filled in by the
# app that owns the records (intake registers "signal" in its AppConfig.ready()): privacy asks for
# the change, the owning app's service makes it.
CONTACT_CORRECTORS = {}


def register_contact_corrector(object_type, correct):
    CONTACT_CORRECTORS[object_type] = correct


def correct_contact(user, signal, contact):
    CONTACT_CORRECTORS["signal"](user, signal, contact)
