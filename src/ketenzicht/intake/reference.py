"""Reference data every region shares: forms of exploitation, the signalenkaart and the barriers.

Indicators follow the HTCDS "methods of control" vocabulary where one fits (field name kept in
`htcds_field`, for the HTCDS export), completed with the Dutch signalenkaart per form.
"""
from django.utils.translation import gettext_noop

from .models import Barrier as Barrier_
from .models import ExploitationForm as ExploitationForm_
from .models import Indicator as Indicator_

# The names are stored in Dutch and shown through gettext (ReferenceItem.label): gettext_noop marks
# them for the catalogue without translating them here.

# (code, name, CoMensha's sector code): the one mapping of forms to CoMensha's sectors, as CoMensha
# reports them (seed 002, bijlage 4: SD, GA, GC, OH; begging is forced criminality here). The figures'
# CoMensha view (insights/comensha.py) adds "Onb" for a victim without a known form.
FORMS = [
    ("sexual", gettext_noop("Seksuele uitbuiting (ook online)"), "SD"),
    ("labour", gettext_noop("Arbeidsuitbuiting"), "GA"),
    ("criminal", gettext_noop("Criminele uitbuiting (gedwongen criminaliteit, bedelarij)"), "GC"),
    ("organ_removal", gettext_noop("Gedwongen orgaanverwijdering"), "OH"),
]

# (code, name, HTCDS field, forms it belongs to; empty = every form)
INDICATORS = [
    ("debt_bondage", gettext_noop("Moet een (opgelegde) schuld afbetalen"), "MethodsOfControlDebtBondage", ()),
    ("takes_earnings", gettext_noop("Moet verdiensten (grotendeels) afstaan"), "MethodsOfControlTakesEarnings", ()),
    ("restricts_financial_access", gettext_noop("Heeft geen toegang tot eigen geld of bankrekening"),
     "MethodsOfControlRestrictsFinancialAccess", ()),
    ("threats", gettext_noop("Wordt bedreigd (of familie wordt bedreigd)"), "MethodsOfControlThreats", ()),
    ("psychological_abuse", gettext_noop("Wordt vernederd, gemanipuleerd of onder druk gezet"),
     "MethodsOfControlPsychologicalAbuse", ()),
    ("physical_abuse", gettext_noop("Heeft letsel of wordt geslagen"), "MethodsOfControlPhysicalAbuse", ()),
    ("false_promises", gettext_noop("Is met valse beloften geworven"), "MethodsOfControlFalsePromises", ()),
    ("restricts_movement", gettext_noop("Is niet vrij om te gaan en te staan; wordt gebracht en gehaald"),
     "MethodsOfControlRestrictsMovement", ()),
    ("withholds_documents", gettext_noop("Heeft eigen identiteitsbewijs niet in bezit"), "MethodsOfControlWithholdsDocuments", ()),
    ("threat_of_law_enforcement", gettext_noop("Wordt gedreigd met politie of uitzetting"),
     "MethodsOfControlThreatOfLawEnforcement", ()),
    ("withholds_necessities", gettext_noop("Krijgt te weinig eten, slaap of onderdak"), "MethodsOfControlWithholdsNecessities", ()),
    ("restricts_medical_care", gettext_noop("Krijgt geen toegang tot medische zorg"), "MethodsOfControlRestrictsMedicalCare", ()),
    ("psychoactive_substances", gettext_noop("Wordt drugs of alcohol gegeven om te gehoorzamen"),
     "MethodsOfControlPsychoactiveSubstances", ()),
    ("sexual_abuse", gettext_noop("Wordt seksueel misbruikt als middel van controle"), "MethodsOfControlSexualAbuse", ("sexual",)),
    ("many_clients", gettext_noop("Werkt met veel klanten of lange uren in de seksbranche"), "", ("sexual",)),
    ("online_ads", gettext_noop("Wordt online aangeboden (advertenties, sociale media)"), "", ("sexual",)),
    ("loverboy", gettext_noop("Afhankelijk van een veel oudere 'vriend' die geld of cadeaus geeft"), "", ("sexual",)),
    ("excessive_hours", gettext_noop("Maakt extreem lange werkdagen"), "MethodsOfControlExcessiveWorkingHours", ("labour",)),
    ("housing_via_employer", gettext_noop("Woont via de werkgever, met veel mensen op één adres"), "", ("labour",)),
    ("underpaid", gettext_noop("Werkt voor (veel) minder dan het minimumloon"), "", ("labour",)),
    ("no_contract", gettext_noop("Heeft geen of een onduidelijk arbeidscontract"), "", ("labour",)),
    ("forced_crime", gettext_noop("Wordt gedwongen tot drugshandel, diefstal of fraude"), "", ("criminal",)),
    ("forced_begging", gettext_noop("Wordt gedwongen te bedelen"), "", ("criminal",)),
    ("bank_account_misused", gettext_noop("Bankrekening of identiteit wordt misbruikt (geldezel)"), "", ("criminal",)),
    ("medical_travel", gettext_noop("Reist voor een medische ingreep met onduidelijke herkomst van het orgaan"), "",
     ("organ_removal",)),
    ("uses_children", gettext_noop("Wordt onder druk gezet via eigen kinderen"), "MethodsOfControlUsesChildren", ()),
]

BARRIERS = [
    ("entry", gettext_noop("Entree (binnenkomst)")),
    ("identity", gettext_noop("Identiteit")),
    ("housing", gettext_noop("Huisvesting")),
    ("employment", gettext_noop("Arbeid")),
    ("financial_flows", gettext_noop("Financiële stromen")),
]


def ensure_reference_data(models=None):
    """Create or update the reference data; safe to run again. `models`: the (ExploitationForm,
    Indicator, Barrier) a data migration has at its point in history, as the current ones may hold
    columns its tables do not have yet."""
    ExploitationForm, Indicator, Barrier = models or (ExploitationForm_, Indicator_, Barrier_)
    forms = {}
    for order, (code, name, comensha) in enumerate(FORMS):
        forms[code], _ = ExploitationForm.objects.update_or_create(
            code=code, defaults={"name": name, "comensha_code": comensha, "order": order})
    for order, (code, name, htcds, form_codes) in enumerate(INDICATORS):
        indicator, _ = Indicator.objects.update_or_create(
            code=code, defaults={"name": name, "htcds_field": htcds, "order": order})
        indicator.forms.set([forms[c] for c in form_codes])
    for order, (code, name) in enumerate(BARRIERS):
        Barrier.objects.update_or_create(code=code, defaults={"name": name, "order": order})
