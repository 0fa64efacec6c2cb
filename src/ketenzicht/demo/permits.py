"""The demo's permit register: Zwolle's APV maximum (seed 000: the mayor may grant at most 10
permits for sex businesses or escort firms together, art. 3:4 lid 2 APV; 5 are granted), and with
the example records, those 5 permits and a few Bibob requests. Made through the app's services, as
a licensing officer would; running it again changes nothing. The businesses are invented."""
from datetime import date, timedelta

from django.utils import timezone

from ketenzicht.accounts.models import User
from ketenzicht.permits import access, services
from ketenzicht.permits.models import BibobRequest, Kind, Permit, PermitMaximum, Scope

# CBS code: (maximum, scope, reference, permits granted) — from the seeds, exactly.
SEEDED = {"GM0193": (10, Scope.ALL, "artikel 3:4 lid 2 APV Zwolle", 5)}
# The seed (2020) gives no date of the council's decision: the demo's maximum applies from 2020.
SINCE = date(2020, 1, 1)

PERMITS = [  # kind, business, KvK, address, started days ago, runs days ahead, Bibob outcome
    (Kind.SEX_BUSINESS, "Club Aurora", "90000011", "Industrieweg 12, Zwolle", 900, 60, "no_danger"),
    (Kind.SEX_BUSINESS, "Privéhuis De Linde", "90000022", "Lindelaan 4, Zwolle", 700, 400, "no_danger"),
    (Kind.SEX_BUSINESS, "Salon Nova", "90000033", "Havenkade 8, Zwolle", 400, 700, "conditions"),
    (Kind.ESCORT, "Escort Oost", "90000044", "Postbus 210, Zwolle", 300, 800, "no_danger"),
    (Kind.ESCORT, "Velvet Escort", "90000055", "Stationsplein 3, Zwolle", 100, 1000, "pending"),
]


def load(region, municipalities, with_signals):
    """Zwolle's maximum always (the region's configuration); its permits and Bibob requests only
    with the example records (`with_signals`)."""
    for municipality in municipalities:
        seeded = SEEDED.get(municipality.cbs_code)
        if seeded is None:
            continue
        maximum, scope, reference, granted = seeded
        officer = User.objects.holding(access.KEEPING_ROLES, municipality=municipality).first()
        if officer is None:
            continue
        if not PermitMaximum.objects.filter(municipality=municipality).exists():
            services.record_maximum(officer, municipality, scope, maximum, SINCE, SINCE, reference)
        if with_signals and not Permit.objects.filter(municipality=municipality).exists():
            _examples(officer, municipality, granted)


def _examples(officer, municipality, granted):
    today = timezone.localdate()
    permits = []
    for kind, business, kvk, address, ago, ahead, outcome in PERMITS[:granted]:
        permits.append(services.register_permit(officer, municipality, {
            "kind": kind, "business_name": business, "kvk_number": kvk, "address": address,
            "valid_from": today - timedelta(days=ago), "valid_until": today + timedelta(days=ahead),
            "conditions": "Stil alarm in elke werkkamer; GGD krijgt toegang voor voorlichting.",
            "bibob_outcome": outcome}))
    if BibobRequest.objects.filter(municipality=municipality).exists():
        return
    services.create_bibob(officer, municipality, {
        "subject_name": "Velvet Escort", "kvk_number": "90000055", "permit": str(permits[-1].pk),
        "reason": "Aanvraag exploitatievergunning escortbedrijf; eigendomsstructuur onduidelijk.",
        "advice_requested_on": today - timedelta(days=90)})
    services.create_bibob(officer, municipality, {
        "subject_name": "Salon Nova", "kvk_number": "90000033", "permit": str(permits[2].pk),
        "reason": "Verlenging vergunning; financiering van het pand niet te herleiden.",
        "advice_requested_on": today - timedelta(days=420), "advice_received_on": today - timedelta(days=405),
        "advice": "lesser", "outcome": "Mindere mate van gevaar; vergunning met voorschriften.",
        "decision": "Vergunning verleend met aanvullende voorschriften over de administratie.",
        "decided_on": today - timedelta(days=400)})
    services.create_bibob(officer, municipality, {
        "subject_name": "Massagesalon Zon", "kvk_number": "90000066",
        "reason": "Aanvraag seksinrichting; signalen van de politie over de beoogde exploitant.",
        "advice_requested_on": today - timedelta(days=200), "advice_received_on": today - timedelta(days=150),
        "advice": "serious", "outcome": "Ernstige mate van gevaar dat de vergunning wordt gebruikt om strafbare "
                                        "feiten te plegen.",
        "decision": "Aanvraag geweigerd op grond van artikel 3 Wet Bibob.", "decided_on": today - timedelta(days=140)})
