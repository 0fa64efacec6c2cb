"""What the wijzer says in a region: the shipped wording, replaced where the region wrote its own.

A region's text is kept in Dutch and English; the reader sees the one of their language. Where the
region wrote nothing the shipped text shows, translated by the catalogue. National contacts (112,
the police, Meld Misdaad Anoniem, Veilig Thuis, the labour inspectorate, CoMensha) ship with their
national numbers as the brief and the seeds give them; the region may name its own branch (Veilig
Thuis IJsselland) or add an e-mail address.
"""
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import routes
from .models import Guide, InternalRoute, Liaison

STEP_KEYS = ("intro", *[f"step:{s}" for s in routes.STEPS])
OUTCOME_KEYS = tuple(f"outcome:{o}" for o in routes.OUTCOMES)
KEYS = STEP_KEYS + OUTCOME_KEYS

LABELS = {
    "intro": _("Inleiding"),
    "step:who": _("Vraag: wie bent u?"),
    "step:what": _("Vraag: wat heeft u gezien?"),
    "step:danger": _("Vraag: is er nu direct gevaar?"),
    "step:municipality": _("Vraag: in welke gemeente?"),
    "outcome:emergency": _("Uitkomst: 112"),
    "outcome:police": _("Uitkomst: politie"),
    "outcome:mma": _("Uitkomst: Meld Misdaad Anoniem"),
    "outcome:veilig_thuis": _("Uitkomst: Veilig Thuis (meldcode)"),
    "outcome:labour_inspectorate": _("Uitkomst: Nederlandse Arbeidsinspectie"),
    "outcome:comensha": _("Uitkomst: CoMensha"),
    "outcome:liaison": _("Uitkomst: aandachtsfunctionaris van de gemeente"),
    "outcome:form": _("Uitkomst: het meldformulier van Ketenzicht"),
    "outcome:internal": _("Uitkomst: de interne meldroute van de gemeente"),
}

DEFAULTS = {
    "intro": _("Twijfelt u of u iets moet melden, en waar? Beantwoord een paar korte vragen; aan het eind ziet "
               "u waar u terechtkunt. U vult niets over uzelf in en er wordt niets opgeslagen."),
    "step:who": _("Zo weten we welke afspraken voor u gelden."),
    "step:what": _("Kies wat er het meest op lijkt. U hoeft het niet zeker te weten."),
    "step:danger": _("Bijvoorbeeld: iemand wordt nu bedreigd, vastgehouden of mishandeld, of is gewond."),
    "step:municipality": _("De gemeente waar het speelt: waar u het zag, of waar de persoon woont of werkt."),
    "outcome:emergency": _("Bel direct 112 en zeg dat het om mogelijke mensenhandel gaat. Daarna kunt u alsnog "
                           "melden bij de gemeente."),
    "outcome:police": _("Geen spoed, wel een vermoeden van een misdrijf: meld het bij de politie."),
    "outcome:mma": _("Wilt u anoniem blijven? Meld Misdaad Anoniem geeft uw melding door zonder uw naam of "
                     "telefoonnummer."),
    "outcome:veilig_thuis": _("Mensenhandel valt onder de meldcode huiselijk geweld en kindermishandeling. Vraag "
                              "Veilig Thuis om advies of doe er een melding; advies vragen kan zonder namen."),
    "outcome:labour_inspectorate": _("Uitbuiting in het werk (geen of te weinig loon, extreme werktijden, werk "
                                     "en woning bij dezelfde baas) meldt u bij de Nederlandse Arbeidsinspectie."),
    "outcome:comensha": _("CoMensha helpt slachtoffers van mensenhandel aan opvang, hulp en advies, ook als u "
                          "(nog) geen aangifte wilt doen."),
    "outcome:liaison": _("De aandachtsfunctionaris mensenhandel van de gemeente neemt uw vermoeden serieus, "
                         "zoekt uit wat er speelt en schakelt de juiste hulp in. U hoeft het niet zeker te weten."),
    "outcome:form": _("Meld uw vermoeden schriftelijk, zo nodig anoniem, via het meldformulier. U krijgt een "
                      "ontvangstcode waarmee u later ziet of uw melding is opgepakt."),
    "outcome:internal": _("Volg de afspraken van uw gemeente voor vermoedens van mensenhandel:"),
}

CONTACT_DEFAULTS = {
    routes.EMERGENCY: (_("Alarmnummer 112"), "112", "", ""),
    routes.POLICE: (_("Politie (geen spoed)"), "0900-8844", "", "https://www.politie.nl"),
    routes.MMA: (_("Meld Misdaad Anoniem"), "0800-7000", "", "https://www.meldmisdaadanoniem.nl"),
    routes.VEILIG_THUIS: (_("Veilig Thuis"), "0800-2000", "", "https://www.veiligthuis.nl"),
    routes.LABOUR: (_("Nederlandse Arbeidsinspectie"), "0800-5151", "", "https://www.nlarbeidsinspectie.nl"),
    routes.COMENSHA: (_("CoMensha, Coördinatiecentrum tegen Mensenhandel"), "", "", "https://www.comensha.nl"),
}
CONTACT_LABELS = {
    routes.EMERGENCY: _("Alarmnummer"),
    routes.POLICE: _("Politie"),
    routes.MMA: _("Meld Misdaad Anoniem"),
    routes.VEILIG_THUIS: _("Veilig Thuis"),
    routes.LABOUR: _("Nederlandse Arbeidsinspectie"),
    routes.COMENSHA: _("CoMensha"),
}


def english():
    return (get_language() or "nl").startswith("en")


def _pick(dutch, english_text, default):
    """The region's text in the reader's language, else the shipped one (translated)."""
    if dutch or english_text:
        return (english_text or dutch) if english() else (dutch or english_text)
    return str(default)


@dataclass
class ContactView:
    kind: str
    name: str
    phone: str
    email: str
    website: str

    @property
    def phone_link(self):
        return "".join(c for c in self.phone if c.isdigit() or c == "+")

    def as_dict(self):
        return {"kind": self.kind, "name": self.name, "phone": self.phone, "email": self.email,
                "website": self.website}


def guide_of(region):
    return Guide.objects.filter(region=region).first()


def stored_texts(guide):
    return {t.key: t for t in guide.texts.all()} if guide else {}


def stored_contacts(guide):
    return {c.kind: c for c in guide.contacts.all()} if guide else {}


class Wording:
    """The wijzer of one region as the reader reads it (one query per kind of data)."""

    def __init__(self, region):
        self.region = region
        self.guide = guide_of(region)
        self._texts = stored_texts(self.guide)
        self._contacts = stored_contacts(self.guide)

    def text(self, key):
        stored = self._texts.get(key)
        return _pick(stored.text if stored else "", stored.text_en if stored else "", DEFAULTS[key])

    def contact(self, kind):
        name, phone, email, website = CONTACT_DEFAULTS[kind]
        stored = self._contacts.get(kind)
        if stored is None:
            return ContactView(kind, str(name), phone, email, website)
        return ContactView(kind, _pick(stored.name, stored.name_en, name), stored.phone, stored.email, stored.website)

    def contacts(self):
        return [self.contact(kind) for kind in routes.CONTACT_KINDS]


def liaisons(municipality_ids=None, region=None):
    rows = Liaison.objects.select_related("municipality")
    if region is not None:
        rows = rows.filter(municipality__region=region)
    if municipality_ids is not None:
        rows = rows.filter(municipality_id__in=municipality_ids)
    return rows


def internal_route(municipality):
    """The municipality's own agreements in the reader's language, or "" when it has none."""
    found = InternalRoute.objects.filter(municipality=municipality).first()
    if found is None:
        return ""
    return _pick(found.text, found.text_en, "")
