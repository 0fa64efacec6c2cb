"""The demo's plans of approach, made through the plan app's services as the region's analyst would;
running it again changes nothing. Configuration-like: loaded with or without signals (the computed
KPIs then read 0 or nothing).

IJsselland: the three lines of work ("sporen") of its Plan van Aanpak (seed 001, Inleiding), word for
word, with the actions the plan dates (§1.4, §2, §4.3, §4.4: the activity overview by 1 April 2022,
the case approach and the weighing table from 2022, the mid-term evaluation and the financial
proposal in Q1 2022) and the improvement proposals of §3.1–3.3 (dates invented). The plan's own term
is 2022; the demo runs it to the end of 2026, the "vervolg aanpak 2023-2026" it announces. Some
actions are done, some late. KPIs: the four computed figures and one by hand (invented values).

IJsselstreek: the five ambitions of its Beleidsplan mensenhandel 2025-2028 (seed 003 §2), word for
word (the seed's "Adequaaf" included)."""
from datetime import date
from decimal import Decimal

from ketenzicht.accounts.models import User
from ketenzicht.plan import services
from ketenzicht.plan.models import LineKind, Plan, Status

IJSSELLAND = {
    "title": "Plan van Aanpak Mensenhandel IJsselland", "title_en": "Plan of Approach Human Trafficking IJsselland",
    "starts_on": date(2022, 1, 1), "ends_on": date(2026, 12, 31), "kind": LineKind.LINE,
    "lines": [
        ("Preventie, actief signaleren door gemeenten, inwoners en bedrijven en deskundigheidsbevordering bij "
         "professionals",
         "Prevention, active detection by municipalities, residents and businesses, and training of professionals", [
             ("Regionaal activiteitenoverzicht preventie en bewustwording", "Kernteam mensenhandel IJsselland",
              date(2022, 4, 1), Status.DONE, "Overzicht gedeeld met de gemeenten en partners."),
             ("Concreet activiteitenoverzicht scholing en deskundigheidsbevordering",
              "Kernteam mensenhandel IJsselland", date(2022, 4, 1), Status.IN_PROGRESS,
              "Aanbod van Comensha en GGD IJsselland verzameld; afstemming met het programma ondermijning loopt."),
             ("Bewustwordingsbijeenkomsten voor sociale wijk- en gebiedsteams", "GGD IJsselland",
              date(2026, 12, 31), Status.IN_PROGRESS, ""),
         ]),
        ("Proces: van signaal naar casusaanpak met inzet van de zorgcoördinator mensenhandel en waar nodig "
         "regionale triage en doorgeleiding binnen het Zorg- en Veiligheidshuis IJsselland e/o informatieplein "
         "RIEC Oost",
         "Process: from signal to case approach with the care coordinator for human trafficking and, where "
         "needed, regional triage and referral within the Zorg- en Veiligheidshuis IJsselland and/or the RIEC "
         "Oost information plaza", [
             ("Start intensivering regionale casusaanpak conform processchema",
              "Zorg- en Veiligheidshuis IJsselland", date(2022, 3, 31), Status.DONE, ""),
             ("Weeg- en monitortafel mensenhandel in het Zorg- en Veiligheidshuis",
              "Zorg- en Veiligheidshuis IJsselland", date(2022, 3, 31), Status.DONE, "Tafel komt maandelijks bijeen."),
             ("Elke gemeente wijst een aandachtsfunctionaris mensenhandel aan", "Gemeenten IJsselland",
              date(2022, 12, 31), Status.IN_PROGRESS, "Negen van de elf gemeenten hebben er een aangewezen."),
             ("Tussenevaluatie en voorstel voor vervolg aanpak 2023-2026", "Kernteam mensenhandel IJsselland",
              date(2022, 3, 31), Status.DONE, ""),
         ]),
        ("Actualiseren van het instrumentarium van gemeenten en andere interventies voor het versterken van de "
         "dader- en slachtofferaanpak",
         "Updating the municipalities' instruments and other interventions to strengthen the approach to "
         "perpetrators and victims", [
             ("Verbetervoorstellen beleid en regelgeving (Kompas Mensenhandel) regionaal delen",
              "Gemeente Zwolle", date(2023, 6, 30), Status.DONE, ""),
             ("Uniform regionaal handhavingskader", "RIEC Oost", date(2025, 12, 31), Status.IN_PROGRESS,
              "Aansluiting bij het handhavingskader ondermijning."),
             ("Bepalingen over sekswerk in de APV actualiseren", "Gemeenten IJsselland", date(2026, 12, 31),
              Status.PLANNED, ""),
         ]),
    ],
    # name, English, metric, target, direction, line index (None: the whole plan)
    "kpis": [
        ("Signalen per 10.000 inwoners", "Signals per 10,000 inhabitants", "signals_per_10000", "2", "at_least", 0),
        ("Getrainde medewerkers", "Trained staff", "trained_staff", "235", "at_least", 0),
        ("Doorlooptijd tot besluit aan tafel", "Lead time to table decision", "lead_time_decision", "28",
         "at_most", 1),
        ("Gemeenten die aan het basisniveau voldoen", "Municipalities meeting the basisniveau", "basisniveau_met",
         "11", "at_least", 2),
        ("Gemeenten met een aandachtsfunctionaris", "Municipalities with a liaison", "manual", "11", "at_least", 1),
    ],
    "values": [(date(2025, 12, 31), "9")],
}

IJSSELSTREEK = {
    "title": "Beleidsplan mensenhandel IJsselstreek 2025-2028", "title_en": "Human trafficking policy plan "
    "IJsselstreek 2025-2028", "starts_on": date(2025, 1, 1), "ends_on": date(2028, 12, 31), "kind": LineKind.AMBITION,
    "lines": [
        ("Meer zicht op de aard en omvang van mensenhandel", "Better insight into the nature and scale of human "
                                                            "trafficking", []),
        ("Slachtofferschap voorkomen", "Preventing victimisation", []),
        ("Adequaaf signaleren en melden", "Adequate detection and reporting", []),
        ("Bestrijding van mensenhandel", "Combating human trafficking", []),
        ("Zorg en opvang voor slachtoffers", "Care and shelter for victims", []),
    ],
    "kpis": [], "values": [],
}

PLANS = {"ijsselland": IJSSELLAND, "ijsselstreek": IJSSELSTREEK}

# The English of the actions' texts (titles, owners, progress notes), as the region would write it.
ENGLISH = {
    "Regionaal activiteitenoverzicht preventie en bewustwording":
        "Regional overview of prevention and awareness activities",
    "Kernteam mensenhandel IJsselland": "Human trafficking core team IJsselland",
    "Overzicht gedeeld met de gemeenten en partners.": "Overview shared with the municipalities and partners.",
    "Concreet activiteitenoverzicht scholing en deskundigheidsbevordering":
        "Concrete overview of training and professional development",
    "Aanbod van Comensha en GGD IJsselland verzameld; afstemming met het programma ondermijning loopt.":
        "Offers of Comensha and GGD IJsselland collected; alignment with the undermining programme under way.",
    "Bewustwordingsbijeenkomsten voor sociale wijk- en gebiedsteams":
        "Awareness meetings for social neighbourhood and area teams",
    "GGD IJsselland": "GGD IJsselland (public health service)",
    "Start intensivering regionale casusaanpak conform processchema":
        "Start of the intensified regional case approach following the process chart",
    "Zorg- en Veiligheidshuis IJsselland": "Zorg- en Veiligheidshuis IJsselland (care and safety house)",
    "Weeg- en monitortafel mensenhandel in het Zorg- en Veiligheidshuis":
        "Human trafficking weighing and monitoring table in the care and safety house",
    "Tafel komt maandelijks bijeen.": "The table meets monthly.",
    "Elke gemeente wijst een aandachtsfunctionaris mensenhandel aan":
        "Every municipality appoints a human trafficking liaison",
    "Gemeenten IJsselland": "Municipalities of IJsselland",
    "Negen van de elf gemeenten hebben er een aangewezen.": "Nine of the eleven municipalities have appointed one.",
    "Tussenevaluatie en voorstel voor vervolg aanpak 2023-2026":
        "Interim evaluation and proposal for the follow-up approach 2023-2026",
    "Verbetervoorstellen beleid en regelgeving (Kompas Mensenhandel) regionaal delen":
        "Share improvement proposals for policy and regulation (Kompas Mensenhandel) across the region",
    "Gemeente Zwolle": "Municipality of Zwolle",
    "Uniform regionaal handhavingskader": "Uniform regional enforcement framework",
    "RIEC Oost": "RIEC Oost",
    "Aansluiting bij het handhavingskader ondermijning.": "In line with the enforcement framework on undermining.",
    "Bepalingen over sekswerk in de APV actualiseren": "Update the provisions on sex work in the local bylaw (APV)",
}


def load(region, municipalities, with_signals):
    spec = PLANS.get(region.slug)
    if spec is None or Plan.objects.filter(region=region, title=spec["title"]).exists():
        return
    analyst = User.objects.get(username=f"analyst.{region.slug}")
    plan = services.create_plan(analyst, region, title=spec["title"], title_en=spec["title_en"],
                                starts_on=spec["starts_on"], ends_on=spec["ends_on"])
    lines = []
    for title, title_en, actions in spec["lines"]:
        line = services.add_line(analyst, plan, kind=spec["kind"], title=title, title_en=title_en)
        lines.append(line)
        for action, owner, deadline, status, note in actions:
            services.add_action(analyst, plan, line=line, title=action, owner=owner, deadline=deadline,
                                status=status, progress_note=note, title_en=ENGLISH.get(action, ""),
                                owner_en=ENGLISH.get(owner, ""), progress_note_en=ENGLISH.get(note, ""))
    for name, name_en, metric, target, direction, line in spec["kpis"]:
        kpi = services.add_kpi(analyst, plan, name=name, name_en=name_en, metric=metric, target=Decimal(target),
                               direction=direction, line=lines[line] if line is not None else None)
        if metric == "manual":
            for on, value in spec["values"]:
                services.record_value(analyst, kpi, on=on, value=Decimal(value))
