"""The demo: three regions with their municipalities, partners, users for every role, and a few
hundred synthetic signals, made through the same services users use and reproducible from a seed.
"""
import csv
import os
import random
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts.models import DEMO_DEVICE, Role, RoleAssignment, User
from ketenzicht.care import services as care
from ketenzicht.care.models import PlaceKind, ShelterPlace, Trajectory
from ketenzicht.cases import services as cases
from ketenzicht.cases.models import Case, Meeting, Seat, Table, TableKind, Track
from ketenzicht.intake import services
from ketenzicht.intake.models import Barrier, ExploitationForm, Indicator, Signal
from ketenzicht.intake.reference import ensure_reference_data
from ketenzicht.regions.models import Municipality, Organisation, Region, Sector
from ketenzicht.route import engine, versions
from ketenzicht.route.models import RouteDefinition

from . import approach as approach_demo
from . import costs as costs_demo
from . import inspections as inspections_demo
from . import measures as measures_demo
from . import permits as permits_demo
from . import plan as plan_demo
from . import prevention as prevention_demo
from . import survey as survey_demo
from . import wijzer as wijzer_demo

DATA = Path(__file__).parent / "data"
# The documented demo password (bandit: not a leaked secret).
DEFAULT_PASSWORD = "Ketenzicht-demo-2026"  # nosec B105
REGIONS = {
    "IJsselland": ("ijsselland", "Veilig Thuis IJsselland: 0800-2000", 1100),
    "Zeeland": ("zeeland", "Veilig Thuis Zeeland: 0800-2000", 80),
    "IJsselstreek": ("ijsselstreek", "Veilig Thuis Noord- en Oost-Gelderland: 0800-2000", 50),
}
# Each demo region runs one of the shipped routes. Its first table is where the route opens cases:
# IJsselstreek's local meeting (of all its municipalities) hands cases on to its RIEC plaza;
# IJsselland has a care meeting and a steering group beside its regional table.
ROUTES = {"IJsselland": "ijsselland", "Zeeland": "model2012", "IJsselstreek": "ijsselstreek"}
TABLES = {"IJsselland": "Weeg- en monitortafel IJsselland", "Zeeland": "Casusoverleg Zeeland",
          "IJsselstreek": "Lokaal ondermijningsoverleg IJsselstreek"}
# (name, kind, chairing sector, rhythm, the sectors seated and their basis, whether the first table hands to it)
MORE_TABLES = {
    "IJsselland": [
        ("Zorgoverleg IJsselland", TableKind.CARE, Sector.VEILIG_THUIS, "elke 2 weken, donderdag",
         {Sector.VEILIG_THUIS: "Wmo 2015, art. 4.1.1", Sector.CARE: "Convenant Zorg- en Veiligheidshuis, art. 5"},
         False),
        ("Stuurgroep Mensenhandel IJsselland", TableKind.STEERING, Sector.MUNICIPALITY, "elk kwartaal",
         {Sector.POLICE: "Convenant Zorg- en Veiligheidshuis, art. 9",
          Sector.PROSECUTION: "Convenant Zorg- en Veiligheidshuis, art. 9"}, False),
    ],
    "IJsselstreek": [
        ("RIEC-informatieplein IJsselstreek", TableKind.RIEC_PLAZA, Sector.RIEC, "elke 4 weken, dinsdag",
         {Sector.POLICE: "RIEC-convenant, art. 4", Sector.PROSECUTION: "RIEC-convenant, art. 4",
          Sector.RIEC: "RIEC-convenant, art. 4"}, True),
    ],
}
FIRST_KINDS = {"IJsselstreek": TableKind.LOCAL}  # the others' first table is the regional table
# Partners at the table; the labour inspectorate has no recorded legal basis yet, so the chair
# sees one partner to follow up.
SEATED = {Sector.POLICE: "Politiewet 2012, art. 18 en convenant ZVH, art. 5",
          Sector.PROSECUTION: "Wet justitiële en strafvorderlijke gegevens, art. 39f; convenant ZVH, art. 5",
          Sector.RIEC: "RIEC-convenant, art. 4", Sector.VEILIG_THUIS: "Wmo 2015, art. 4.1.1; convenant ZVH, art. 5",
          Sector.ZVH: "Convenant Zorg- en Veiligheidshuis, art. 5", Sector.LABOUR_INSPECTION: ""}
PARTNERS = [
    ("Politie {region}", Sector.POLICE),
    ("Openbaar Ministerie {region}", Sector.PROSECUTION),
    ("RIEC {region}", Sector.RIEC),
    ("Nederlandse Arbeidsinspectie", Sector.LABOUR_INSPECTION),
    ("Veilig Thuis {region}", Sector.VEILIG_THUIS),
    ("Zorg- en Veiligheidshuis {region}", Sector.ZVH),
    ("Koninklijke Marechaussee", Sector.KMAR),
    ("GGD {region}", Sector.CARE),
    ("Onderwijs {region}", Sector.EDUCATION),
    ("Regiobureau {region}", Sector.MUNICIPALITY),
]
START = date(2020, 9, 1)
REPORTING_PARTNERS = (Sector.POLICE, Sector.CARE, Sector.VEILIG_THUIS, Sector.EDUCATION, Sector.LABOUR_INSPECTION)


def password():
    return os.environ.get("KETENZICHT_DEMO_PASSWORD", DEFAULT_PASSWORD)


@lru_cache(maxsize=1)
def _password_hash():
    """Hash the shared demo password once: hashing is deliberately slow."""
    return make_password(password())


def _municipalities():
    with open(DATA / "municipalities.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _user(username, first_name, organisation, role, municipality=None, staff=False):
    user, created = User.objects.get_or_create(username=username, defaults={
        "first_name": first_name, "email": f"{username}@demo.ketenzicht.example", "is_staff": staff})
    if created:
        user.password = _password_hash()
        user.save(update_fields=["password"])
        # A random secret per installation (the model's default): nobody can compute the codes.
        TOTPDevice.objects.create(user=user, name=DEMO_DEVICE, confirmed=True)
    RoleAssignment.objects.get_or_create(user=user, role=role, organisation=organisation, municipality=municipality,
                                         defaults={"approved_at": timezone.now()})
    return user


def _admin_group():
    group, _ = Group.objects.get_or_create(name="Regiobeheer")
    models = ["region", "municipality", "organisation", "user", "roleassignment", "apitoken", "routedefinition",
              "retentionrule", "totpdevice"]
    group.permissions.set(Permission.objects.filter(content_type__model__in=models))
    return group


def _region(name, rows):
    slug, contact, _count = REGIONS[name]
    region, _ = Region.objects.update_or_create(slug=slug, defaults={"name": name, "public_contact": contact})
    if not RouteDefinition.objects.filter(region=region).exists():
        definition = engine.load_file(ROUTES[name])
        versions.activate(region, definition)  # the route's own service: checked, versioned, logged
    municipalities = []
    for row in rows:
        m, _ = Municipality.objects.update_or_create(cbs_code=row["cbs_code"], defaults={
            "name": row["name"], "region": region, "inhabitants": int(row["inhabitants"]) if row["inhabitants"] else None,
            "inhabitants_on": date.fromisoformat(row["inhabitants_on"]) if row["inhabitants_on"] else None})
        municipalities.append(m)
    orgs = {}
    for m in municipalities:
        orgs[m.cbs_code], _ = Organisation.objects.get_or_create(
            region=region, name=f"Gemeente {m.name}", defaults={"sector": Sector.MUNICIPALITY, "municipality": m})
        Organisation.objects.get_or_create(region=region, name=f"Wijkteam {m.name}",
                                           defaults={"sector": Sector.SOCIAL_TEAM, "municipality": m})
    for template, sector in PARTNERS:
        orgs[sector], _ = Organisation.objects.get_or_create(
            region=region, name=template.format(region=name), defaults={"sector": sector})
    _table(region, name, orgs)
    return region, municipalities, orgs


def _table(region, name, orgs):
    kind = FIRST_KINDS.get(name, TableKind.REGIONAL)
    table, _ = Table.objects.update_or_create(region=region, name=TABLES[name], defaults={"kind": kind},
                                              create_defaults={"kind": kind, "chair_organisation": orgs[Sector.ZVH]})
    if kind == TableKind.LOCAL:
        table.municipalities.set(region.municipalities.all())
    _seats(table, orgs, SEATED)
    for other_name, other_kind, chair, rhythm, seated, fed in MORE_TABLES.get(name, ()):
        other, _ = Table.objects.get_or_create(region=region, name=other_name, defaults={
            "kind": other_kind, "chair_organisation": orgs[chair], "rhythm": rhythm})
        _seats(other, orgs, seated)
        if fed:
            table.hands_to.add(other)


def _seats(table, orgs, seated):
    for sector, basis in seated.items():
        Seat.objects.get_or_create(table=table, organisation=orgs[sector], defaults={
            "legal_basis": basis, "valid_from": date(2021, 1, 1) if basis else None})


def _shelter(region, name):
    """A care provider with shelter places in every region, and an account that keeps them current."""
    provider, _ = Organisation.objects.get_or_create(region=region, name=f"Opvang {name}",
                                                     defaults={"sector": Sector.CARE})
    for kind, places in ((PlaceKind.MINORS, 2), (PlaceKind.WOMEN, 3), (PlaceKind.MEN, 2)):
        ShelterPlace.objects.get_or_create(organisation=provider, kind=kind, defaults={
            "places": places, "conditions": "Beveiligde locatie; aanmelden via de zorgcoördinator"})
    _user(f"opvang.{region.slug}", f"Opvang {name}", provider, Role.CARE_PROVIDER)
    _user(f"opvang.{region.slug}", f"Opvang {name}", provider, Role.REPORTER)  # shelter staff report, too


def _users(region, municipalities, orgs):
    for m in municipalities:
        _user(f"liaison.{slugify(m.name)}", f"Aandachtsfunctionaris {m.name}", orgs[m.cbs_code], Role.LIAISON, m)
    _user(f"care.{region.slug}", "Zorgcoördinator", orgs[Sector.VEILIG_THUIS], Role.CARE_COORDINATOR)
    _user(f"chair.{region.slug}", "Procesregisseur", orgs[Sector.ZVH], Role.TABLE_CHAIR)
    # The chair of a table the first table hands cases to (IJsselstreek: chair.riec.ijsselstreek for
    # the RIEC plaza), so a handed-on case has someone to take it up.
    # A member of a care meeting who sits at no weighing table (IJsselland: zorgoverleg.ijsselland for
    # the GGD), following the status of the region's care trajectories and seeing no case.
    for name, kind, chair, _rhythm, seated, fed in MORE_TABLES.get(region.name, ()):
        if fed:
            _user(f"chair.{chair}.{region.slug}", f"Voorzitter {orgs[chair].name}", orgs[chair], Role.TABLE_CHAIR)
        member = next((sector for sector in seated if sector != chair), None)
        if kind == TableKind.CARE and member:
            _user(f"zorgoverleg.{region.slug}", f"Lid {name}", orgs[member], Role.TABLE_MEMBER)
    _user(f"police.{region.slug}", "Politie", orgs[Sector.POLICE], Role.TABLE_MEMBER)
    _user(f"analyst.{region.slug}", "Beleidsadviseur", orgs[Sector.MUNICIPALITY], Role.ANALYST)
    if region.slug == "ijsselland":  # one national analyst: the published figures of every region, nothing else
        _user("analyst.landelijk", "Landelijk analist", orgs[Sector.MUNICIPALITY], Role.NATIONAL_ANALYST)
    admin = _user(f"admin.{region.slug}", "Functioneel beheerder", orgs[Sector.MUNICIPALITY], Role.REGION_ADMIN,
                  staff=True)
    admin.groups.add(_admin_group())
    _user(f"privacy.{region.slug}", "Functionaris gegevensbescherming", orgs[Sector.MUNICIPALITY],
          Role.PRIVACY_OFFICER)
    largest = max(municipalities, key=lambda m: m.inhabitants or 0)
    # The largest municipality's own officers of its administrative instruments (Zwolle's licensing
    # officer keeps its permits against the APV's maximum; its mayor's office records measures).
    _user(f"vergunningen.{slugify(largest.name)}", f"Vergunningverlener {largest.name}", orgs[largest.cbs_code],
          Role.LICENSING_OFFICER, largest)
    _user(f"burgemeester.{slugify(largest.name)}", f"Bureau burgemeester {largest.name}", orgs[largest.cbs_code],
          Role.MAYOR_OFFICE, largest)
    wijkteam = Organisation.objects.get(region=region, name=f"Wijkteam {largest.name}")
    _user(f"reporter.{slugify(largest.name)}", f"Wijkteam {largest.name}", wijkteam, Role.REPORTER)
    # Professionals of some partners report too; the others (RIEC, KMar, ...) never do in the demo,
    # which the figures of where signals come from show.
    for sector in REPORTING_PARTNERS:
        _user(f"melder.{sector}.{region.slug}", f"Melder {orgs[sector].name}", orgs[sector], Role.REPORTER)


ENRICHMENT = ["Op het adres staan meer personen ingeschreven dan passend is.",
              "Handhaving kent het pand van eerdere controles.",
              "Het wijkteam heeft contact gehad met de betrokkene; zij wil nu niet praten."]

STORIES = {
    "sexual": ["Jonge vrouw wordt 's avonds steeds door wisselende mannen opgehaald bij een woning.",
               "Meisje van school heeft opeens dure spullen en een veel oudere vriend die haar overal brengt.",
               "Advertenties op een sekssite met steeds andere vrouwen op hetzelfde adres."],
    "labour": ["Arbeidsmigranten wonen met twaalf personen in een eengezinswoning en werken dag en nacht.",
               "Medewerkers van een bedrijf krijgen loon contant en veel minder dan afgesproken.",
               "Werknemers in de kassen moeten hun paspoort inleveren bij de uitzendbemiddelaar."],
    "criminal": ["Jongere wordt gedwongen drugs te vervoeren en durft niet te stoppen.",
                 "Bedelende vrouw wordt 's ochtends afgezet en 's avonds opgehaald.",
                 "Jongeren worden geronseld om hun bankrekening beschikbaar te stellen."],
    "organ_removal": ["Zorgen over een reis naar het buitenland voor een niertransplantatie."],
}


def _signals(region, municipalities, count, rng):
    if Signal.objects.filter(region=region).exists():
        return 0
    forms = {f.code: f for f in ExploitationForm.objects.all()}
    indicators = list(Indicator.objects.prefetch_related("forms"))
    barriers = list(Barrier.objects.all())
    reporters = list(User.objects.filter(role_assignments__organisation__region=region,
                                         role_assignments__role__in=[Role.REPORTER, Role.LIAISON]).distinct()
                     .order_by("username"))
    liaisons = {}
    for user in User.objects.filter(role_assignments__role=Role.LIAISON,
                                    role_assignments__municipality__region=region):
        for m_id in user.municipality_ids(Role.LIAISON):
            liaisons[m_id] = user
    weights = [m.inhabitants or 20000 for m in municipalities]
    previous = {}
    now = timezone.now()
    span = (now.date() - START).days
    made = 0
    for _ in range(count):
        day = START + timedelta(days=int(span * rng.random() ** 0.8))  # more recent signals: "the more you look"
        received = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59))))
        if received >= now:
            received = now - timedelta(hours=1)
        lead = rng.choices(municipalities, weights)[0]
        form_code = rng.choices(["sexual", "labour", "criminal", "organ_removal"], [40, 35, 23, 2])[0]
        fitting = [i for i in indicators if not i.forms.all() or form_code in {f.code for f in i.forms.all()}]
        description = rng.choice(STORIES[form_code])
        cleaned = {
            "lead_municipality": lead, "description": description,
            "other_municipalities": rng.sample(municipalities, k=1) if rng.random() < 0.2 else [],
            "kind": rng.choices(["advice", "signal", "case"], [25, 65, 10])[0],
            "exploitation_forms": [forms[form_code]], "indicators": rng.sample(fitting, k=rng.randint(1, 4)),
            "barriers": rng.sample(barriers, k=rng.randint(0, 2)), "location": "",
            "urgency": "urgent" if rng.random() < 0.1 else "normal",
        }
        age = rng.choice([None, 13, 15, 16, 17, 19, 22, 26, 31, 38, 45, 56])
        residence = rng.choices([lead, rng.choice(municipalities), None], [70, 20, 10])[0]
        persons = [{"role": "victim", "age": age, "is_minor": None if age is None else age < 18,
                    "lvb": rng.random() < 0.12, "nationality_group": rng.choice(["nl", "eu", "third_country", "unknown"]),
                    "gender": rng.choice(["female", "female", "male", "unknown"]), "residence": residence}]
        if rng.random() < 0.3:
            persons.append({"role": rng.choice(["perpetrator", "both"]), "age": None, "is_minor": None, "lvb": False,
                            "nationality_group": "unknown", "gender": "male"})
        if rng.random() < 0.2:
            signal, _code = services.submit_public({"municipality": lead, "description": description,
                                                    "exploitation_forms": [forms[form_code]]}, received_at=received)
        else:
            signal, _code = services.report(rng.choice(reporters), cleaned, persons, received_at=received)
        liaison = liaisons.get(lead.pk)
        _progress(signal, liaison, received, now, rng)
        earlier = previous.get(lead.pk)
        if liaison and earlier and signal.persons.exists() and rng.random() < 0.2:
            _same_victim(liaison, earlier, signal)  # a new signal about someone already known
        if signal.persons.exists():
            previous[lead.pk] = signal
        made += 1
    return made


def _same_victim(liaison, earlier, signal):
    """The liaison links a repeat signal to the earlier one and records that it is the same person."""
    services.link(liaison, signal, earlier)
    victim = lambda s: s.persons.filter(role="victim").first()  # noqa: E731
    if victim(signal) and victim(earlier):
        services.link_person(liaison, victim(signal), victim(earlier))


def _table_work(region, rng, now):
    """The chair weighs escalated cases at the next meeting; older cases ran their tracks and closed."""
    chair = User.objects.filter(role_assignments__role=Role.TABLE_CHAIR,
                                role_assignments__organisation__region=region).first()
    for case in Case.objects.filter(region=region, is_open=True, agenda_items__isnull=True).order_by("opened_at"):
        route = case.route.route
        meeting_at = case.opened_at + timedelta(days=7)
        if meeting_at >= now:
            continue
        meeting = Meeting.objects.filter(table=case.table, starts_at__date=meeting_at.date()).first() or \
            cases.plan_meeting(chair, case.table, meeting_at, "Zorg- en Veiligheidshuis")
        partners = [seat.organisation for seat in case.table.seats.select_related("organisation")
                    if seat.has_valid_basis]
        agenda = next(t for t in route.case.transitions.values() if t.effect == "agenda")
        decide = next(t for t in route.case.transitions.values() if t.effect == "decide")
        cases.take_transition(chair, case, agenda.name, meeting=meeting, invited=partners[:3], at=meeting_at)
        if route.case.stages[case.stage].code not in decide.sources:  # e.g. IJsselstreek: via the infoplein
            between = next(t for t in route.case.transitions.values()
                           if case.stage in t.sources and t.target in decide.sources)
            cases.take_transition(chair, case, between.name, reason="Ingebracht op het informatieplein",
                                  at=meeting_at)
        kinds = rng.sample(list(route.tracks), k=rng.randint(1, 2))
        owners = [partners[0], case.lead_municipality.organisations.filter(sector=Sector.MUNICIPALITY).first()]
        tracks = [{"kind": kind, "owner": owners[i % 2], "review_on": (meeting_at + timedelta(days=28)).date(),
                   "tasks": [{"description": "Eerste stap uitvoeren", "assignee": owners[i % 2],
                              "due_on": (meeting_at + timedelta(days=14)).date()}]} for i, kind in enumerate(kinds)]
        cases.take_transition(chair, case, decide.name, decision="Besluit van de tafel: parallelle sporen.",
                              tracks=tracks, at=meeting_at)
        if (now - meeting_at).days > 150:
            for track in case.tracks.all():
                cases.close_track(chair, track, "Afgerond volgens plan.", at=meeting_at + timedelta(days=50))


FIRST_NAMES = ["Anna", "Maria", "Olena", "Piotr", "Lisa", "Sara", "Jasmine", "Daniel", "Eva", "Mihai", "Fatima", "Kim"]


def _care(region, rng):
    """A trajectory for the victims behind the region's care tracks, and some that came in through
    care alone; consent, placements and phases spread over them."""
    coordinator = User.objects.filter(role_assignments__role=Role.CARE_COORDINATOR,
                                      role_assignments__organisation__region=region).first()
    if coordinator is None or Trajectory.objects.filter(region=region).exists():
        return
    tracks = list(Track.objects.filter(case__region=region, kind__startswith="zorg").select_related(
        "case__lead_municipality"))
    municipalities = list(Municipality.objects.filter(region=region))
    sources = [(t, t.case.lead_municipality) for t in tracks] + [(None, rng.choice(municipalities)) for _ in range(6)]
    for index, (track, municipality) in enumerate(sources):
        minor = rng.random() < 0.25
        trajectory = care.open_trajectory(
            coordinator, name=f"{rng.choice(FIRST_NAMES)} {chr(65 + index % 26)}.", municipality=municipality,
            is_minor=minor, age=rng.randint(14, 17) if minor else rng.randint(19, 45),
            gender=rng.choice(["female", "female", "male"]), third_country=rng.random() < 0.3, track=track,
            needs=rng.sample(["shelter", "medical", "psychological", "legal", "income"], k=2))
        care.record_consent(coordinator, trajectory, "comensha", "written", timezone.localdate())
        care.set_phase(coordinator, trajectory, rng.choice(["intake", "analyse", "begeleiding"]),
                       blocked=rng.random() < 0.15)
        if trajectory.third_country:
            care.set_reflection(coordinator, trajectory, timezone.localdate() - timedelta(days=rng.randint(10, 80)))
        found = care.search_places(trajectory)
        if found and rng.random() < 0.5:  # the provider learns who comes: on the person's consent
            care.record_consent(coordinator, trajectory, "share", "written", timezone.localdate(),
                                organisation=found[0][0].organisation)
            care.place(coordinator, trajectory, found[0][0], timezone.localdate())
        trajectory.refresh_from_db()


def _progress(signal, liaison, received, now, rng):
    """Older signals were taken up and mostly closed; the newest still wait in the inbox."""
    if liaison is None:
        return
    age_days = (now - received).days
    if age_days >= 2:  # the liaison opened it within two days: only the newest are still "new"
        services.mark_seen(liaison, signal)
    if age_days < 3:
        return
    if age_days < 20 and rng.random() < 0.5:  # taken up the next day, still being enriched
        services.take_transition(liaison, signal, "in_behandeling_nemen", at=received + timedelta(days=1))
        return
    taken = received + timedelta(days=rng.randint(0, 4), hours=1)
    services.take_transition(liaison, signal, "in_behandeling_nemen", at=min(taken, now))
    if rng.random() < 0.6:
        services.add_note(liaison, signal, rng.choice(ENRICHMENT), source=rng.choice(["BRP", "Handhaving", "Wijkteam"]))
    if age_days > 14 and rng.random() < 0.12:
        escalated = min(taken + timedelta(days=rng.randint(3, 15)), now)
        services.take_transition(liaison, signal, "escaleren", reason="Sterke signalen; inbreng aan de tafel.",
                                 at=escalated)
        return
    if age_days > 45 and rng.random() < 0.85:
        closed = taken + timedelta(days=rng.randint(5, 40))
        reason = rng.choice(["Geen aanwijzingen voor mensenhandel; doorverwezen naar de Arbeidsinspectie.",
                             "Na verrijking onvoldoende signalen.", "Doorverwezen naar zorg via wijkteam."])
        services.take_transition(liaison, signal, "afsluiten", reason=reason, at=min(closed, now))
        return
    if age_days > 24 and "monitoren" in signal.route.route.signal.transitions:
        # Enriched, not (yet) for the table: followed until a date, as liaisons do, not left overdue.
        services.take_transition(liaison, signal, "monitoren", reason="Nieuwe informatie afwachten; daarna beslissen.",
                                 until=timezone.localdate() + timedelta(days=30 + age_days % 60),
                                 at=min(taken + timedelta(days=10), now))


@transaction.atomic
def load(seed=2021, regions=tuple(REGIONS), with_signals=True):
    """Load (or complete) the demo; running it again changes nothing.

    Tests load the regions and users without signals (`with_signals=False`) to start clean.
    Refused outside demo mode: the demo's accounts share a published password.
    """
    if not settings.DEMO:
        raise ImproperlyConfigured("The demo loads only in demo mode (KETENZICHT_DEMO=1 or KETENZICHT_DEBUG=1); "
                                   "this installation runs in production mode.")
    ensure_reference_data()
    rng = random.Random(seed)  # nosec B311
    rows = _municipalities()
    summary = {}
    for name in regions:
        region, municipalities, orgs = _region(name, [r for r in rows if r["region"] == name])
        _users(region, municipalities, orgs)
        _shelter(region, name)
        # The municipality's own instruments (issue 18): one call per app's demo module, here.
        wijzer_demo.load(region, municipalities, orgs, rng, with_signals)
        permits_demo.load(region, municipalities, with_signals)
        approach_demo.load(region, municipalities, with_signals)
        summary[name] = _signals(region, municipalities, REGIONS[name][2], rng) if with_signals else 0
        # After the region's signals, which are made only while it has none: an inspection's finding
        # becomes a signal, and a closure names a signal that led to it.
        inspections_demo.load(region, municipalities, with_signals)
        measures_demo.load(region, municipalities, with_signals)
        if with_signals:
            _table_work(region, rng, timezone.now())
            _care(region, rng)
        # Prevention, the staff survey, the shared costs and the plan of approach (issue 19).
        prevention_demo.load(region, municipalities, with_signals)
        survey_demo.load(region, municipalities, with_signals)
        costs_demo.load(region, municipalities, with_signals)
        plan_demo.load(region, municipalities, with_signals)
    return summary
