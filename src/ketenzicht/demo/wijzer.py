"""The demo regions' meldroute-wijzer: each region's wording, its Veilig Thuis, the liaison
directory and the internal routes of a few municipalities, made through the wijzer's services as
the region's administrator. The people are invented (no real persons), their e-mail addresses
are on example.nl domains; the national numbers are the real ones the wijzer ships with.

Region configuration, so it is loaded with or without signals. Idempotent: a region whose wijzer
is already set up is left as it is (a second load changes nothing and logs nothing)."""
from ketenzicht.accounts.models import User
from ketenzicht.wijzer import services
from ketenzicht.wijzer.models import Guide, InternalRoute, Liaison

# Per municipality (CBS code): (name, phone). Zeeland lists only Goes and Vlissingen: in 2020 they
# were the two of its municipalities with a liaison (seed 002).
LIAISONS = {
    "GM0193": ("Marieke Hofstede", "038-498 70 12"),  # Zwolle
    "GM0150": ("Joost van Dalen", "0570-69 31 40"),  # Deventer
    "GM0166": ("Fatima El Amrani", "038-339 28 75"),  # Kampen
    "GM0160": ("Henk Wolters", "0523-28 91 16"),  # Hardenberg
    "GM0148": ("Ilse Bruggink", "0529-48 83 21"),  # Dalfsen
    "GM1773": ("Ruben Kuipers", "0570-56 95 08"),  # Olst-Wijhe
    "GM0175": ("Annelies Smit", "0529-45 91 63"),  # Ommen
    "GM0177": ("Tom Hulsbos", "0572-34 77 90"),  # Raalte
    "GM0180": ("Gerda Mulder", "0522-46 74 52"),  # Staphorst
    "GM1708": ("Bas Timmerman", "0521-53 82 04"),  # Steenwijkerland
    "GM1896": ("Lotte Koster", "038-385 76 33"),  # Zwartewaterland
    "GM0664": ("Esther Verhage", "0113-24 93 57"),  # Goes
    "GM0718": ("Mohamed Bakkali", "0118-48 72 19"),  # Vlissingen
    "GM0213": ("Nadia Wessels", "0575-56 84 20"),  # Brummen
    "GM0262": ("Peter Brink", "0573-28 93 61"),  # Lochem
    "GM0285": ("Karin Oosterhof", "0571-27 93 38"),  # Voorst
    "GM0301": ("Dennis Lammers", "0575-58 76 14"),  # Zutphen
}

VEILIG_THUIS = {
    "ijsselland": "Veilig Thuis IJsselland",
    "zeeland": "Veilig Thuis Zeeland",
    "ijsselstreek": "Meldpunt Mensenhandel en Jeugdprostitutie (Veilig Thuis Noord Oost Gelderland)",
}

# Each region's own wording, Dutch and English (region data carries its translations).
TEXTS = {
    "ijsselland": {
        "intro": (
            "In IJsselland komt een vermoeden van mensenhandel bij de aandachtsfunctionaris van de gemeente "
            "terecht. De zorgcoördinator mensenhandel werkt vanuit Veilig Thuis IJsselland. Beantwoord een paar "
            "korte vragen; aan het eind ziet u waar u terechtkunt.",
            "In IJsselland a suspicion of human trafficking goes to the municipality's liaison. The care "
            "coordinator for trafficking works from Veilig Thuis IJsselland. Answer a few short questions; at the "
            "end you will see where to go."),
        "outcome:veilig_thuis": (
            "Mensenhandel valt onder de meldcode huiselijk geweld en kindermishandeling. Meld signalen bij Veilig "
            "Thuis IJsselland, waar ook de zorgcoördinator mensenhandel werkt; advies vragen kan zonder namen.",
            "Human trafficking falls under the reporting code for domestic violence and child abuse. Report signs "
            "to Veilig Thuis IJsselland, where the care coordinator for trafficking also works; you can ask for "
            "advice without giving names."),
    },
    "zeeland": {
        "intro": (
            "Nog niet elke Zeeuwse gemeente heeft een aandachtsfunctionaris mensenhandel. Staat uw gemeente niet in "
            "de lijst, dan komt uw melding via het meldformulier toch bij de gemeente terecht.",
            "Not every municipality in Zeeland has a liaison for human trafficking yet. If yours is not listed, "
            "your report still reaches the municipality through the reporting form."),
    },
    "ijsselstreek": {
        "outcome:liaison": (
            "Iedereen kan een vermoeden melden bij het meldpunt ondermijning van de gemeente. De aandachtsfunctionaris "
            "mensenhandel weegt het signaal en bespreekt het zo nodig in het lokaal ondermijningsoverleg.",
            "Anyone can report a suspicion to the municipality's reporting point for organised crime. The liaison for "
            "human trafficking weighs the signal and, where needed, discusses it in the local organised-crime meeting."),
        "outcome:mma": (
            "Alle gemeenten in de IJsselstreek zijn aangesloten bij Meld Misdaad Anoniem: uw melding gaat zonder uw "
            "naam naar de partners die erover gaan.",
            "All municipalities in the IJsselstreek take part in Meld Misdaad Anoniem: your report goes to the "
            "partners concerned without your name."),
    },
}

INTERNAL = {
    "GM0193": (
        "Ziet u als medewerker van de gemeente Zwolle signalen van mensenhandel? Meld ze dezelfde dag bij de "
        "aandachtsfunctionaris mensenhandel of in Ketenzicht (Signaal melden). Werkt u in een sociaal wijkteam, "
        "volg dan de meldcode huiselijk geweld en kindermishandeling: overleg met de aandachtsfunctionaris of met "
        "Veilig Thuis IJsselland en leg vast wat u zag.",
        "Do you, as a member of staff of the municipality of Zwolle, see signs of human trafficking? Report them the "
        "same day to the liaison for human trafficking or in Ketenzicht (Report a signal). If you work in a social "
        "district team, follow the reporting code for domestic violence and child abuse: consult the liaison or "
        "Veilig Thuis IJsselland and record what you saw."),
    "GM0150": (
        "Medewerkers van de gemeente Deventer melden een vermoeden bij de aandachtsfunctionaris mensenhandel of in "
        "Ketenzicht. Handhaving en vergunningen overleggen bij twijfel eerst met de aandachtsfunctionaris; het "
        "wijkteam volgt de meldcode.",
        "Staff of the municipality of Deventer report a suspicion to the liaison for human trafficking or in "
        "Ketenzicht. Enforcement and licensing consult the liaison first when in doubt; the district team follows "
        "the reporting code."),
    "GM0301": (
        "Meld een vermoeden bij de aandachtsfunctionaris of het meldpunt ondermijning van de gemeente Zutphen; het "
        "signaal wordt gewogen en besproken in het lokaal ondermijningsoverleg.",
        "Report a suspicion to the liaison or the reporting point for organised crime of the municipality of "
        "Zutphen; the signal is weighed and discussed in the local organised-crime meeting."),
}


def _email(name, municipality):
    first, *rest = name.lower().split()
    domain = municipality.name.lower().replace(" ", "").replace("-", "")
    return f"{first[0]}.{''.join(rest).replace(' ', '')}@{domain}.example.nl"


def load(region, municipalities, orgs=None, rng=None, with_signals=False):
    """Set up the region's wijzer once; `orgs`, `rng` and `with_signals` are the loader's common
    arguments (the wijzer has no example records, only configuration)."""
    if Guide.objects.filter(region=region).exists():
        return
    admin = User.objects.get(username=f"admin.{region.slug}")
    texts = {key: pair for key, pair in TEXTS.get(region.slug, {}).items()}
    services.set_texts(admin, region, texts, None)
    services.set_contacts(admin, region, {"veilig_thuis": {
        "name": VEILIG_THUIS[region.slug], "name_en": "", "phone": "0800-2000", "email": "",
        "website": "https://www.veiligthuis.nl"}} if region.slug in VEILIG_THUIS else {}, None)
    for municipality in municipalities:
        if municipality.cbs_code in LIAISONS and not Liaison.objects.filter(municipality=municipality).exists():
            name, phone = LIAISONS[municipality.cbs_code]
            services.add_liaison(admin, region, municipality, name=name, phone=phone,
                                 email=_email(name, municipality))
        if municipality.cbs_code in INTERNAL and not InternalRoute.objects.filter(municipality=municipality).exists():
            text, text_en = INTERNAL[municipality.cbs_code]
            services.set_internal_route(admin, municipality, text=text, text_en=text_en, version=None)
