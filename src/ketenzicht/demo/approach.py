"""The demo's basisniveau and barrier model, made through the approach app's services as the
region's administrator and each municipality's liaison would; running it again changes nothing.

Configuration (always): IJsselland uses the three points of the basisniveau as Zwolle's information
note gives them (seed 000, IJsselland's own seed on it); Zeeland the five of its plan (seed 002
§4.1); IJsselstreek, whose plan (seed 003) calls the basisniveau mandatory without listing it, the
same five (the current national wording). Every region gets the same barrier model to start from.

Example records (with the signals only): Zeeland as seed 002 §3.2 describes it — of its
municipalities only Goes and Vlissingen have appointed an aandachtsfunctionaris; the seed names no
date, so the demo dates it to the plan's network list (January 2020) and takes that as the decision
date; the seed says nothing of the other criteria per municipality, so they stay unassessed. (The
seed's "13 municipalities" count Tholen, which works with De Markiezaten; the demo's Zeeland has 12.)
IJsselland's statuses are invented but plausible; Deventer has its first two criteria not yet met,
so a visitor can follow the issue's scenario (its liaison marks them met)."""
from datetime import date, timedelta

from django.utils import timezone

from ketenzicht.accounts.models import Role, User
from ketenzicht.approach import services
from ketenzicht.approach.models import Assessment, Criterion, Instrument, InstrumentState, Level, Presence
from ketenzicht.intake.models import Barrier
from ketenzicht.regions.models import Organisation, Sector

PRESET = {"ijsselland": "ibp2018_3", "zeeland": "ccv_5", "ijsselstreek": "ccv_5"}

# name, English name, description, barriers, partner sectors (of the region), partners outside Ketenzicht
INSTRUMENTS = [
    ("Vergunningstelsel seksbedrijven (APV)", "Permits for sex businesses (APV)",
     "Vergunning met een maximum en eisen aan locatie en exploitant; toezicht door handhaving en politie.",
     ("employment", "housing"), (Sector.POLICE,), ""),
    ("Bibob-toets", "Bibob screening",
     "Integriteitsbeoordeling van aanvragers en zakelijke relaties bij vergunningen en vastgoed.",
     ("employment", "financial_flows"), (Sector.RIEC,), "Landelijk Bureau Bibob"),
    ("Sluiting van panden en last onder dwangsom", "Closing premises and penalty orders",
     "Bestuurlijke maatregelen van de burgemeester, ook zonder bewezen mensenhandel.",
     ("housing",), (Sector.POLICE, Sector.PROSECUTION), ""),
    ("Landelijke Aanpak Adreskwaliteit (LAA)", "National address-quality approach (LAA)",
     "Adresonderzoek bij veel inschrijvingen op één adres of twijfel aan de identiteit.",
     ("identity", "housing"), (), "Rijksdienst voor Identiteitsgegevens"),
    ("Integrale controles", "Integral inspections",
     "Gezamenlijke controles van bedrijven en panden met de Arbeidsinspectie, politie en anderen.",
     ("employment", "housing"), (Sector.LABOUR_INSPECTION, Sector.POLICE), "Belastingdienst, omgevingsdienst"),
    ("Identiteitscontrole bij inschrijving en aanvraag", "Identity checks at registration and application",
     "Balie Burgerzaken let op signalen bij inschrijving in de BRP en bij aanvragen van documenten.",
     ("entry", "identity"), (Sector.KMAR,), "IND"),
    ("Signalen uit geldstromen", "Signals from financial flows",
     "Afspraken met banken en de Belastingdienst over ongebruikelijke transacties en geldezels.",
     ("financial_flows",), (Sector.RIEC,), "Belastingdienst/FIOD, banken"),
]

ZEELAND_NETWORK = date(2020, 1, 1)  # "Netwerk mensenhandel Zeeland januari 2020" (seed 002, bijlage 1)
ZEELAND_LIAISONS = {"GM0664", "GM0718"}  # Goes and Vlissingen (seed 002 §3.2)

# IJsselland, invented: per CBS code the level of each of the three criteria, in order.
M, P, N = Level.MET, Level.PARTLY, Level.NOT_MET
IJSSELLAND = {
    "GM0193": (M, M, P), "GM0150": (P, N, P), "GM0166": (M, M, N), "GM0160": (P, M, N), "GM0148": (P, N, N),
    "GM1773": (N, N, N), "GM0175": (P, N, N), "GM0177": (M, P, N), "GM0180": (N, N, N), "GM1708": (P, M, P),
    "GM1896": (N, P, N),
}
STEPS = {
    "signalering": "Training signaleren voor wijkteams en toezichthouders plannen",
    "aandachtsfunctionaris": "Aandachtsfunctionaris benoemen (stappenplan CCV)",
    "beleid-regelgeving": "Beleidsnotitie mensenhandel en aanpassing APV voorleggen aan het college",
}


def _first(roles, **where):
    return User.objects.holding(roles, **where).order_by("pk").first()


def _configure(region, admin):
    if not Criterion.objects.filter(region=region).exists():
        services.adopt_preset(admin, region, PRESET[region.slug])
    if Instrument.objects.filter(region=region).exists():
        return
    barriers = {b.code: b for b in Barrier.objects.all()}
    partners = {o.sector: o for o in Organisation.objects.filter(region=region, municipality__isnull=True)}
    for name, name_en, description, codes, sectors, others in INSTRUMENTS:
        services.add_instrument(admin, region, name=name, name_en=name_en, description=description,
                                barriers=[barriers[c] for c in codes],
                                partners=[partners[s] for s in sectors if s in partners], other_partners=others)


def _assess(liaison, municipality, criterion, level, since, index):
    today = timezone.localdate()
    if level == Level.MET:
        services.record_assessment(liaison, municipality, criterion, level=level, since=since, decision_date=since)
    else:
        services.record_assessment(liaison, municipality, criterion, level=level, since=since,
                                   next_step=STEPS.get(criterion.code, "Plan van aanpak opstellen"),
                                   next_step_owner="Team Openbare Orde en Veiligheid",
                                   next_step_due=today + timedelta(days=(index * 17) % 120))


def load(region, municipalities, with_signals):
    """The region's criteria and barrier model always; statuses and instruments in place only with
    the example records (`with_signals`)."""
    admin = _first((Role.REGION_ADMIN,), organisation__region=region)
    if admin is None or region.slug not in PRESET:
        return
    _configure(region, admin)
    if not with_signals:
        return
    criteria = {c.code: c for c in Criterion.objects.filter(region=region, retired_at__isnull=True)}
    instruments = list(Instrument.objects.filter(region=region, retired_at__isnull=True))
    for index, municipality in enumerate(municipalities):
        liaison = _first((Role.LIAISON,), municipality=municipality)
        if liaison is None or Assessment.objects.filter(municipality=municipality).exists():
            continue
        if region.slug == "zeeland":
            met = municipality.cbs_code in ZEELAND_LIAISONS
            criterion = criteria["aandachtsfunctionaris"]
            services.record_assessment(
                liaison, municipality, criterion, level=Level.MET if met else Level.NOT_MET, since=ZEELAND_NETWORK,
                decision_date=ZEELAND_NETWORK if met else None,
                next_step="" if met else "Aandachtsfunctionaris benoemen (stappenplan aandachtsfunctionaris, CCV)",
                next_step_owner="" if met else "Werkgroep mensenhandel Zeeland",
                next_step_due=None if met else timezone.localdate() + timedelta(days=60 + index * 7))
        elif region.slug == "ijsselland" and municipality.cbs_code in IJSSELLAND:
            for number, (code, level) in enumerate(zip(("signalering", "aandachtsfunctionaris",
                                                        "beleid-regelgeving"), IJSSELLAND[municipality.cbs_code], strict=True)):
                since = date(2021, 3, 1) + timedelta(days=90 * ((index + number) % 12))
                _assess(liaison, municipality, criteria[code], level, since, index + number)
        if region.slug == "ijsselland" and not InstrumentState.objects.filter(municipality=municipality).exists():
            for number, instrument in enumerate(instruments):
                presence = (Presence.IN_PLACE, Presence.PLANNED, Presence.IN_PLACE, Presence.ABSENT)[
                    (index + number) % 4]
                if municipality.cbs_code == "GM0193" and number < 2:  # Zwolle's APV maximum and Bibob (seed 000)
                    presence = Presence.IN_PLACE
                services.set_presence(liaison, municipality, instrument, presence=presence)
