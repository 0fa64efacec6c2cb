"""The staff survey's questions, fixed in code and versioned (seed 001 §1.3: Deventer's 2021 survey
of the IJsselland municipalities' staff with direct client contact).

A round names the version it asks, so a later change of questions never changes what an earlier
round's answers meant. Every answer is an option code: no free text, which could carry personal
data and could not be shown in aggregate. The municipality question's options are the region's
municipalities (CBS codes), filled in per round."""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CURRENT = "2021"
NONE = "none"  # "geen van deze": excludes the question's other options


@dataclass(frozen=True)
class Question:
    code: str
    label: str
    options: tuple = ()  # (code, label); empty: the region's municipalities
    multiple: bool = False
    required: bool = True
    help_text: str = ""
    summary: str = ""  # the results' row heading, when it differs from the question

    def choices(self, region):
        if self.options:
            return list(self.options)
        return [(m.cbs_code, m.name) for m in region.municipalities.order_by("name")]


QUESTIONS = (
    Question("municipality", _("Bij welke gemeente werkt u?")),
    Question("sector", _("In welk vakgebied werkt u?"), (
        ("social_team", _("Sociaal wijkteam of gebiedsteam")),
        ("education", _("Leerplicht of RMC")),
        ("civil_affairs", _("Inwonerszaken of burgerzaken")),
        ("safety", _("Veiligheid")),
        ("work_income", _("Werk en inkomen")),
        ("enforcement", _("Handhaving")),
        ("other", _("Een ander vakgebied")),
    ), required=False),
    Question("suspected", _("Van welke vormen van uitbuiting had u het afgelopen jaar wel eens een vermoeden?"), (
        ("sexual", _("Seksuele uitbuiting")),
        ("criminal", _("Criminele uitbuiting")),
        ("labour", _("Arbeidsuitbuiting")),
        (NONE, _("Geen van deze")),
    ), multiple=True, help_text=_("Kies alle vormen die van toepassing zijn, of 'Geen van deze'."),
        summary=_("Vermoedde het afgelopen jaar")),
    Question("would_report", _("Als u nu een signaal van mogelijke mensenhandel ziet, meldt u dat dan?"), (
        ("yes", _("Ja")), ("maybe", _("Misschien")), ("no", _("Nee")),
    ), summary=_("Zou een signaal melden")),
    Question("route", _("Zijn er in uw gemeente afspraken (een meldroute) over wat u doet bij een vermoeden van "
                        "mensenhandel?"), (
        ("yes", _("Ja")), ("no", _("Nee")), ("unknown", _("Weet ik niet")),
    ), summary=_("Kent de meldroute van de gemeente")),
    Question("help", _("Wat zou u helpen bij het signaleren van mensenhandel?"), (
        ("information", _("Voorlichting")),
        ("route", _("Informatie over de meldroute")),
        ("awareness", _("Meer bewustwording")),
        ("training", _("Een training")),
    ), multiple=True, required=False, help_text=_("Kies alles wat zou helpen."),
        summary=_("Zou geholpen worden door")),
)

VERSIONS = {CURRENT: QUESTIONS}


def questions(version=CURRENT):
    return VERSIONS[version]
