"""Record-level export in the IOM Human Trafficking Case Data Standard (HTCDS), for national and
international comparison: only victims who consented to registration with CoMensha (and have not
withdrawn it), pseudonymised, with nothing that names or places them below the region.

The pseudonym is a keyed hash of the trajectory (stable between exports, meaningless without the
key; a key rotation gives new pseudonyms). Field names follow `shared/standards/htcds`.
"""
import hashlib
import hmac

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ketenzicht.care.models import Consent, Trajectory
from ketenzicht.intake.models import Indicator
from ketenzicht.lib import crypto
from ketenzicht.privacy import audit

# Our forms of exploitation to HTCDS type-of-exploitation labels.
EXPLOITATION = {"sexual": "Sexual exploitation", "labour": "Labour exploitation",
                "criminal": "Forced criminal activity", "organ_removal": "Organ removal"}
GENDER = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Unknown"}


def methods_of_control():
    """The HTCDS MethodsOfControl* fields our indicators map to, in a fixed order."""
    return sorted(set(Indicator.objects.exclude(htcds_field="").values_list("htcds_field", flat=True)))


def pseudonym(trajectory_id):
    key = hashlib.sha256(b"ketenzicht-htcds:" + crypto.configured_keys().split(",")[0].encode()).digest()
    return hmac.new(key, str(trajectory_id).encode(), hashlib.sha256).hexdigest()[:16]


def consented(selection):
    today = timezone.localdate()
    consent = Consent.objects.filter(trajectory=OuterRef("pk"), purpose=Consent.Purpose.COMENSHA,
                                     given_on__lte=today).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
    start, end = selection.bounds
    return (Trajectory.objects.filter(region=selection.region, opened_at__gte=start, opened_at__lt=end,
                                      anonymised_at__isnull=True)
            .filter(Exists(consent)).prefetch_related("exploitation_forms", "signal__indicators").order_by("opened_at"))


def export(user, selection):
    """The records, as dicts with HTCDS field names; the export itself is written to the access log."""
    fields = methods_of_control()
    records = []
    for t in consented(selection):
        observed = {i.htcds_field for i in t.signal.indicators.all()} if t.signal else set()
        record = {
            "CaseId": pseudonym(t.pk),
            "RegistrationYear": t.opened_at.year,
            "RegistrationQuarter": (t.opened_at.month - 1) // 3 + 1,
            "TraffickingStatus": "Possible victim of trafficking",
            "Gender": GENDER.get(t.gender, "Unknown"),
            "AgeGroup": t.age_group,
            "IsMinor": t.is_minor,
            "CitizenshipGroup": "Third country" if t.third_country else "EU/EEA or unknown",
            "CountryOfExploitation": "NL",
            "TypeOfExploitation": "|".join(sorted(EXPLOITATION.get(f.code, f.code) for f in t.exploitation_forms.all())),
        }
        record.update({field: field in observed for field in fields})
        records.append(record)
    audit.record(user, "htcds_export", "region", selection.region.pk, region=selection.region.pk,
                 records=len(records))
    return records


def as_rows(records):
    if not records:
        yield ["CaseId"]
        return
    header = list(records[0])
    yield header
    for record in records:
        yield [record[k] for k in header]
