"""The access log in people's words: the log stores short codes (stable for filters and the CSV
export); the page shows what they mean, in the reader's language."""
import re

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "view": _("bekeken"), "list": _("in een lijst getoond"), "view_all": _("alles bekeken"),
    "create": _("aangemaakt"), "update": _("gewijzigd"), "denied": _("geweigerd"),
    "transition": _("stap gezet"), "break_glass": _("noodtoegang"), "note": _("informatie toegevoegd"),
    "attach": _("bijlage toegevoegd"), "download": _("bijlage gedownload"), "feedback": _("terugkoppeling gegeven"),
    "link": _("signalen gekoppeld"), "link_person": _("zelfde persoon vastgelegd"), "mark_acute": _("acuut gemarkeerd"),
    "export": _("geëxporteerd"), "figures_export": _("cijfers geëxporteerd"), "htcds_export": _("HTCDS-export"),
    "receipt_lookup": _("status opgevraagd met ontvangstcode"), "receipt_miss": _("onbekende ontvangstcode"),
    "add_task": _("taak toegevoegd"), "complete_task": _("taak afgerond"), "progress": _("voortgang vastgelegd"),
    "close_track": _("spoor gesloten"), "consult": _("raadpleging gevraagd"), "consult_reply": _("raadpleging beantwoord"),
    "plan_meeting": _("overleg gepland"), "share_care_summary": _("zorgsamenvatting gedeeld"),
    "phase": _("fase gewijzigd"), "consent": _("toestemming vastgelegd"), "consent_withdrawn": _("toestemming ingetrokken"),
    "reflection": _("bedenktijd vastgelegd"), "placement": _("opvangplaatsing"), "placement_end": _("opvang beëindigd"),
    "hand_over": _("overdracht"), "referral": _("doorverwijzing"), "referral_answer": _("antwoord op doorverwijzing"),
    "dormant": _("slapend gezet"), "close": _("afgesloten"), "reopen": _("heropend"),
    "login": _("aangemeld"), "login_failed": _("aanmelden mislukt"), "login_locked": _("account geblokkeerd"),
    "role_grant": _("rol toegekend"), "role_change": _("rol gewijzigd"), "role_approve": _("rol goedgekeurd"),
    "role_withdraw": _("rol ingetrokken"), "token_revoke": _("API-token ingetrokken"),
    "review": _("beoordeeld"), "retention": _("bewaartermijnen toegepast"),
    "retention_dry_run": _("bewaartermijnen proefgedraaid"), "retention_warning": _("bewaartermijn aangekondigd"),
    "rotate_key": _("sleutel vernieuwd"), "route_version": _("nieuwe routeversie"),
    "route_migration": _("werk naar nieuwe routeversie"), "subject_search": _("betrokkene gezocht"),
    "subject_export": _("gegevens betrokkene verstrekt"), "subject_correct": _("gegevens betrokkene gecorrigeerd"),
    "subject_erase": _("gegevens betrokkene gewist"),
    "acute_intervention": _("acute interventie vastgelegd"), "call_in_care": _("zorgcoördinator ingeschakeld"),
    # accounts: invitations, enrolment, recovery (accounts.enrolment, accounts.services)
    "invitation_send": _("uitnodiging verstuurd"), "invitation_accept": _("uitnodiging gebruikt"),
    "invitation_refused": _("uitnodiging geweigerd"), "device_enrol": _("authenticator-app gekoppeld"),
    "device_confirm_failed": _("koppelen authenticator-app mislukt"),
    "second_factor_reset": _("tweede factor opnieuw ingesteld"), "recovery_codes_new": _("nieuwe herstelcodes"),
    "recovery_codes_refused": _("nieuwe herstelcodes geweigerd"), "password_change": _("wachtwoord gewijzigd"),
    "password_change_refused": _("wachtwoord wijzigen geweigerd"),
    "password_reset_request": _("nieuw wachtwoord aangevraagd"), "password_reset": _("wachtwoord hersteld"),
    "password_reset_refused": _("wachtwoord herstellen geweigerd"),
    "password_reset_limited": _("te veel aanvragen nieuw wachtwoord"), "user_deactivate": _("account gedeactiveerd"),
    # the region's set-up: tables, organisations, single sign-on, the wijzer, retention
    "delete": _("verwijderd"), "refused": _("wijziging geweigerd"), "retire": _("buiten gebruik gesteld"),
    "reactivate": _("weer in gebruik genomen"), "create_table": _("tafel aangemaakt"),
    "update_table": _("tafel gewijzigd"), "retire_table": _("tafel opgeheven"), "add_seat": _("deelnemer toegevoegd"),
    "update_seat": _("deelnemer gewijzigd"), "retention_terms": _("bewaartermijnen gewijzigd"),
    "sso_configure": _("inloggen via de organisatie ingesteld"), "sso_mapping_add": _("rolkoppeling toegevoegd"),
    "sso_mapping_approve": _("rolkoppeling goedgekeurd"), "sso_mapping_remove": _("rolkoppeling verwijderd"),
    "sso_roles": _("rollen uit inloggen via de organisatie"),
    "sso_refused": _("inloggen via de organisatie geweigerd"), "wijzer_texts": _("teksten meldwijzer gewijzigd"),
    "wijzer_contacts": _("contactgegevens meldwijzer gewijzigd"),
    "wijzer_internal_route": _("interne meldroute gewijzigd"), "wijzer_liaison_added": _("aandachtsfunctionaris toegevoegd"),
    "wijzer_liaison_changed": _("aandachtsfunctionaris gewijzigd"),
    "wijzer_liaison_removed": _("aandachtsfunctionaris verwijderd"),
    # operations: imports, background jobs, webhooks
    "import_check": _("import gecontroleerd"), "import_confirm": _("import bevestigd"),
    "job_retry": _("achtergrondtaak opnieuw gestart"), "job_discard": _("achtergrondtaak verwijderd"),
    "webhook_create": _("webhook aangemaakt"), "webhook_delete": _("webhook verwijderd"),
    "webhook_pause": _("webhook gepauzeerd"), "webhook_resume": _("webhook hervat"),
    "webhook_rotate": _("webhookgeheim vernieuwd"),
    # linkage: identifiers of a signal's persons or a trajectory, and decisions on possible matches
    "linkage": _("identificatie bekeken"), "identifiers": _("identificerende gegevens vastgelegd"),
    "link_decision": _("besluit over mogelijke match"),
}

OBJECT_TYPES = {
    "signal": _("signaal"), "case": _("casus"), "trajectory": _("zorgtraject"), "track": _("spoor"),
    "task": _("taak"), "table": _("tafel"), "meeting": _("overleg"), "attachment": _("bijlage"),
    "shelter_place": _("opvangplek"), "user": _("gebruiker"), "accesslog": _("toegangslog"),
    "route": _("route"), "figure": _("cijfers"), "region": _("regio"), "subject": _("betrokkene"),
    "apitoken": _("API-token"), "municipality": _("gemeente"), "organisation": _("organisatie"),
    "indicator": _("signaal-indicator"), "legal_ground": _("grondslag"), "retention": _("bewaartermijn"),
    "monitor": _("monitor"), "signalenkaart": _("signalenkaart"), "link_suggestion": _("mogelijke koppeling"),
    "signal_import": _("import van signalen"), "job": _("achtergrondtaak"),
    "webhook_subscription": _("webhook"), "sso_provider": _("inloggen via de organisatie"),
    "sso_mapping": _("rolkoppeling"), "wijzer": _("meldwijzer"), "wijzer_liaison": _("aandachtsfunctionaris"),
    "approach_setup": _("basisniveau: inrichting"), "approach_municipality": _("basisniveau: gemeente"),
    "approach_criteria": _("basisniveau: criteria"), "approach_criterion": _("basisniveau: criterium"),
    "approach_evidence": _("basisniveau: onderbouwing"), "approach_instrument": _("instrument"),
    "approach_instrument_state": _("stand van een instrument"), "bibob_request": _("Bibob-verzoek"),
    "covenant": _("convenant"), "inspection": _("controle"), "measure": _("bestuurlijke maatregel"),
    "permit": _("vergunning"), "permit_maximum": _("vergunningenplafond"), "plan": _("plan van aanpak"),
    "plan_line": _("actielijn"), "plan_action": _("actie"), "plan_kpi": _("indicator van het plan"),
    "plan_kpi_value": _("waarde van een indicator"), "prevention_activity": _("bewustwordingsactiviteit"),
    "prevention_intervention": _("training (catalogus)"), "prevention_session": _("training"),
    "shared_cost": _("gedeelde kosten"), "survey_round": _("peilingsronde"), "system": _("het systeem"),
}

# Why a sign-in was refused (accounts.services).
REASONS = {
    "password": _("verkeerd wachtwoord"), "unknown_user": _("onbekende gebruikersnaam"),
    "otp": _("verkeerde code (tweede factor)"), "locked": _("account geblokkeerd"),
    "demo_account": _("demo-account buiten de demo"), "recovery_code": _("herstelcode onbekend of al gebruikt"),
    "used": _("link al gebruikt"), "expired": _("link verlopen"), "unknown": _("onbekend adres of onbekende link"),
    "link": _("ongeldige link"),
}

CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$|^[a-z]+$")


def words(code):
    """A code no list names, readable rather than raw."""
    return code.replace("_", " ")


def action_label(code):
    return str(ACTIONS[code]) if code in ACTIONS else words(code)


def object_label(code):
    return str(OBJECT_TYPES[code]) if code in OBJECT_TYPES else words(code)


def reason_label(reason):
    """A reason that is a code (the action refused, the transition taken) in words; text as written."""
    if reason in REASONS:
        return str(REASONS[reason]).capitalize()
    if reason in ACTIONS:
        return action_label(reason).capitalize()
    return words(reason).capitalize() if CODE.match(reason or "") else reason
