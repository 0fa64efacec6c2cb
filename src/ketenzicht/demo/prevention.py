"""The demo's training and awareness, made through the prevention app's services as the region's
administrator and the municipalities' liaisons would; running it again changes nothing.

Configuration (always): IJsselland's catalogue is its training offer of December 2021 (seed 001,
bijlage 2), word for word, with an English translation: thirteen interventions. The seed's table has
fourteen rows, but its thirteenth repeats the sixth ("Bewustwording en deskundigheidsbevordering
zorgpartners meldcode huiselijk geweld", VTIJ, the target group written "Jeugdhulpverleners Sociale
Wijkteams" instead of "Jeugdhulpverleners en sociale wijkteams") only to introduce the fourteenth,
whose cell reads "Gerelateerd aan bovenstaand / Workshop mensenhandel": a remark and a name. The
catalogue holds the intervention once and the workshop under its name, "Workshop mensenhandel" (a
catalogue refuses the same intervention twice). "Focus op uitbuiting" maps
onto the intake's forms: "Algemeen" is none (general), "Alle vormen" and "Mensenhandel" every form.
Zeeland and IJsselstreek get no catalogue: the offer is IJsselland's own (seed 001 calls the
signalenkaarten "specifiek voor IJsselland"), and their administrators set up their own.

Example records (with the signals only): IJsselland's sessions over the last two years in several
municipalities for police, care, the municipality and the social district teams, while education,
enforcement and employers stay untrained, so the dashboard shows both; and a few awareness
activities and a region-wide campaign. IJsselstreek records nothing: seed 004 found that none of
its four municipalities trained its staff."""
from datetime import timedelta

from django.utils import timezone

from ketenzicht.accounts.models import Role, User
from ketenzicht.intake.models import ExploitationForm
from ketenzicht.prevention import services
from ketenzicht.prevention.models import Intervention, Scale, TrainingSession
from ketenzicht.regions.models import Organisation, Sector

ALL = ("sexual", "labour", "criminal", "organ_removal")
L, R, N = Scale.LOCAL, Scale.REGIONAL, Scale.NATIONAL
# Seed 001 bijlage 2: intervention, English, forms, target group, English, scale, provider.
CATALOGUE = [
    ("THINK", "THINK", (), "Leerlingen VO", "Secondary school pupils", L, "THINK"),
    ("Keuzekaart loverboys 2.0", "Choice card loverboys 2.0", ("sexual", "criminal"),
     "Leerlingen, docenten, professionals en ouders", "Pupils, teachers, professionals and parents", R,
     "GGD i.s.m. andere partners"),
    ("Nieuwsbegrip gericht op criminele uitbuiting", "Nieuwsbegrip on criminal exploitation", ("criminal",),
     "Voorlichting docenten VO aan leerlingen", "Secondary school teachers informing pupils", N, "Rode Kruis"),
    ("Future NL: lessen begrijpend lezen met aandacht voor digitale vaardigheden om dader- en slachtofferschap te "
     "voorkomen", "Future NL: reading lessons with attention to digital skills to prevent becoming a perpetrator "
     "or victim", ("sexual", "criminal"), "Basisscholen en VO", "Primary and secondary schools", N, "Rode Kruis"),
    ("Mensenhandel (niet) op school", "Human trafficking (not) at school", ("sexual", "criminal"), "VO docenten",
     "Secondary school teachers", N, "Rode Kruis"),
    ("Bewustwording en deskundigheidsbevordering zorgpartners meldcode huiselijk geweld",
     "Awareness and expertise for care partners on the domestic violence reporting code", (),
     "Jeugdhulpverleners en sociale wijkteams", "Youth care workers and social district teams", R, "VTIJ"),
    ("Interventies i.h.k.v. prostitutie-uitstapprogramma", "Interventions in the prostitution exit programme",
     ("sexual",), "Legale en illegale sekswerkers", "Legal and illegal sex workers", R,
     "LIV In Connection en lokale teams"),
    ("Leerlingalert", "Leerlingalert (pupil alert)", ("criminal",), "Jeugd", "Young people", R,
     "Netwerk div organisaties en vrijwilligers. Gefinancierd door het Ministerie JV en provincie Gelderland."),
    ("E-learning Mensenhandel (11VB)", "E-learning human trafficking (11VB)", ("sexual",),
     "Professionals in met name jeugdhulp en onderwijs", "Professionals in youth care and education especially",
     N, "Koraal"),
    ("Mensenhandel Academy", "Human Trafficking Academy", ALL, "diverse doelgroepen", "various target groups", N,
     "Comensha"),
    ("CCV", "CCV", ALL, "Gemeenteambtenaren", "Municipal officers", N, "CCV"),
    ("Signalenkaarten mensenhandel, specifiek voor IJsselland", "Human trafficking signal cards, specific to "
     "IJsselland", ALL, "Alle toegangsmedewerkers", "All access staff", R, "ZoCo in samenwerking met Tilburg"),
    ("Workshop mensenhandel", "Human trafficking workshop", ALL,
     "Medewerkers SWT, gemeente, zorg professionals", "Social district team staff, municipality, care professionals",
     R, "VTIJ (zorgcoördinator)"),
]

# Invented sessions: (municipality, days ago, catalogue row, {sector: participants}, score, evaluation).
SESSIONS = [
    ("GM0193", 40, 12, {Sector.SOCIAL_TEAM: 14, Sector.MUNICIPALITY: 6}, 8, "Veel herkenning bij casussen uit de wijk."),
    ("GM0193", 300, 11, {Sector.POLICE: 12, Sector.CARE: 9}, 7, "Signalenkaarten direct in gebruik genomen."),
    ("GM0150", 120, 12, {Sector.CARE: 11, Sector.SOCIAL_TEAM: 8}, 8, "Vraag om een vervolg over arbeidsuitbuiting."),
    ("GM0150", 500, 10, {Sector.MUNICIPALITY: 15}, 6, "Te algemeen voor baliemedewerkers."),
    ("GM0166", 200, 11, {Sector.POLICE: 18}, 9, "Wijkagenten kennen nu de meldroute."),
    ("GM1708", 420, 5, {Sector.CARE: 7, Sector.SOCIAL_TEAM: 5}, 7, "Goed gesprek over de meldcode."),
    ("GM0160", 650, 12, {Sector.MUNICIPALITY: 9, Sector.POLICE: 6}, 8, ""),
]
# Invented awareness: (municipality or None, days ago, kind, title, audience, reach, days running).
ACTIVITIES = [
    (None, 90, "campaign", "Campagne Kijk verder dan je neus — mensenhandel in IJsselland", ["publiek"], 48000, 42),
    ("GM0193", 150, "activity", "Informatiemarkt mensenhandel stadhuis Zwolle", ["publiek", Sector.MUNICIPALITY],
     260, 0),
    ("GM0150", 260, "activity", "Voorlichting ondernemers horeca en uitzendbranche", [Sector.EMPLOYER], 35, 0),
]


def _first(roles, **where):
    return User.objects.holding(roles, **where).order_by("pk").first()


def _catalogue(region, admin):
    forms = {f.code: f for f in ExploitationForm.objects.all()}
    for name, name_en, codes, target, target_en, scale, provider in CATALOGUE:
        if Intervention.objects.filter(region=region, name=name, target_group=target).exists():
            continue
        services.add_intervention(admin, region, {
            "name": name, "name_en": name_en, "exploitation_forms": [forms[c] for c in codes if c in forms],
            "target_group": target, "target_group_en": target_en, "scale": scale, "provider": provider})


def load(region, municipalities, with_signals):
    """IJsselland's catalogue always; its sessions and activities only with the example records."""
    if region.slug != "ijsselland":
        return
    admin = _first((Role.REGION_ADMIN,), organisation__region=region)
    if admin is None:
        return
    _catalogue(region, admin)
    if not with_signals or TrainingSession.objects.filter(region=region).exists():
        return
    today = timezone.localdate()
    catalogue = list(Intervention.objects.filter(region=region).order_by("order", "id"))
    by_code = {m.cbs_code: m for m in municipalities}
    partners = {o.sector: o for o in Organisation.objects.filter(region=region, active=True)}
    for code, days, row, participants, score, evaluation in SESSIONS:
        municipality = by_code.get(code)
        if municipality is None:
            continue
        liaison = _first((Role.LIAISON,), municipality=municipality) or admin
        services.record_session(liaison, region, {
            "municipality": municipality, "held_on": today - timedelta(days=days), "intervention": catalogue[row],
            "organisations": [partners[s] for s in participants if s in partners],
            "participants": list(participants.items()), "score": score, "evaluation": evaluation})
    for code, days, kind, title, audience, reach, running in ACTIVITIES:
        municipality = by_code.get(code) if code else None
        if code and municipality is None:
            continue
        recorder = (_first((Role.LIAISON,), municipality=municipality) if municipality else None) or admin
        starts_on = today - timedelta(days=days)
        services.record_activity(recorder, region, {
            "municipality": municipality, "kind": kind, "title": title, "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=running) if running else None, "audience": audience,
            "reach": reach})
