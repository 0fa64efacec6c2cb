"""Reference data every region shares: forms of exploitation, the signalenkaart and the barriers.

Indicators follow the HTCDS "methods of control" vocabulary where one fits (field name kept in
`htcds_field`, for the HTCDS export), completed with the Dutch signalenkaart per form.
"""
from .models import Barrier, ExploitationForm, Indicator

FORMS = [
    ("sexual", "Seksuele uitbuiting (ook online)", "SD"),
    ("labour", "Arbeidsuitbuiting", "GA"),
    ("criminal", "Criminele uitbuiting (gedwongen criminaliteit, bedelarij)", "GC"),
    ("organ_removal", "Gedwongen orgaanverwijdering", "OH"),
]

# (code, name, HTCDS field, forms it belongs to; empty = every form)
INDICATORS = [
    ("debt_bondage", "Moet een (opgelegde) schuld afbetalen", "MethodsOfControlDebtBondage", ()),
    ("takes_earnings", "Moet verdiensten (grotendeels) afstaan", "MethodsOfControlTakesEarnings", ()),
    ("restricts_financial_access", "Heeft geen toegang tot eigen geld of bankrekening",
     "MethodsOfControlRestrictsFinancialAccess", ()),
    ("threats", "Wordt bedreigd (of familie wordt bedreigd)", "MethodsOfControlThreats", ()),
    ("psychological_abuse", "Wordt vernederd, gemanipuleerd of onder druk gezet",
     "MethodsOfControlPsychologicalAbuse", ()),
    ("physical_abuse", "Heeft letsel of wordt geslagen", "MethodsOfControlPhysicalAbuse", ()),
    ("false_promises", "Is met valse beloften geworven", "MethodsOfControlFalsePromises", ()),
    ("restricts_movement", "Is niet vrij om te gaan en te staan; wordt gebracht en gehaald",
     "MethodsOfControlRestrictsMovement", ()),
    ("withholds_documents", "Heeft eigen identiteitsbewijs niet in bezit", "MethodsOfControlWithholdsDocuments", ()),
    ("threat_of_law_enforcement", "Wordt gedreigd met politie of uitzetting",
     "MethodsOfControlThreatOfLawEnforcement", ()),
    ("withholds_necessities", "Krijgt te weinig eten, slaap of onderdak", "MethodsOfControlWithholdsNecessities", ()),
    ("restricts_medical_care", "Krijgt geen toegang tot medische zorg", "MethodsOfControlRestrictsMedicalCare", ()),
    ("psychoactive_substances", "Wordt drugs of alcohol gegeven om te gehoorzamen",
     "MethodsOfControlPsychoactiveSubstances", ()),
    ("sexual_abuse", "Wordt seksueel misbruikt als middel van controle", "MethodsOfControlSexualAbuse", ("sexual",)),
    ("many_clients", "Werkt met veel klanten of lange uren in de seksbranche", "", ("sexual",)),
    ("online_ads", "Wordt online aangeboden (advertenties, sociale media)", "", ("sexual",)),
    ("loverboy", "Afhankelijk van een veel oudere 'vriend' die geld of cadeaus geeft", "", ("sexual",)),
    ("excessive_hours", "Maakt extreem lange werkdagen", "MethodsOfControlExcessiveWorkingHours", ("labour",)),
    ("housing_via_employer", "Woont via de werkgever, met veel mensen op één adres", "", ("labour",)),
    ("underpaid", "Werkt voor (veel) minder dan het minimumloon", "", ("labour",)),
    ("no_contract", "Heeft geen of een onduidelijk arbeidscontract", "", ("labour",)),
    ("forced_crime", "Wordt gedwongen tot drugshandel, diefstal of fraude", "", ("criminal",)),
    ("forced_begging", "Wordt gedwongen te bedelen", "", ("criminal",)),
    ("bank_account_misused", "Bankrekening of identiteit wordt misbruikt (geldezel)", "", ("criminal",)),
    ("medical_travel", "Reist voor een medische ingreep met onduidelijke herkomst van het orgaan", "",
     ("organ_removal",)),
    ("uses_children", "Wordt onder druk gezet via eigen kinderen", "MethodsOfControlUsesChildren", ()),
]

BARRIERS = [
    ("entry", "Entree (binnenkomst)"),
    ("identity", "Identiteit"),
    ("housing", "Huisvesting"),
    ("employment", "Arbeid"),
    ("financial_flows", "Financiële stromen"),
]


def ensure_reference_data():
    """Create or update the reference data; safe to run again."""
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
