"""The chain route clicked through in a browser: escalate, agenda, decide, work, close; axe on every page."""
import re

from django.utils import timezone

from ketenzicht.cases import services as cases
from ketenzicht.cases.models import Case
from ketenzicht.intake import services as intake
from ketenzicht.regions.models import Organisation

from ..helpers import check_page, login, report_as, take_step, user


def test_escalate_decide_work_close(live_world, new_page):
    signal, code = report_as("reporter.zwolle", other_municipalities=[])
    base = live_world.url

    liaison = new_page()
    login(liaison, base, "liaison.zwolle")
    liaison.goto(f"{base}/signalen/{signal.pk}")
    take_step(liaison, "In behandeling nemen")
    assert "Stap gezet: In behandeling nemen." in liaison.locator(".kz-messages").inner_text()
    take_step(liaison, "Escaleren naar de weeg- en monitortafel", Reden="Sterke signalen van arbeidsuitbuiting")
    check_page(liaison)
    case = Case.objects.get()

    chair = new_page()
    login(chair, base, "chair.ijsselland")
    chair.get_by_role("link", name="Casussen").click()
    check_page(chair)
    chair.get_by_role("link", name="Weeg- en monitortafel IJsselland").click()
    check_page(chair)
    chair.get_by_label("Datum en tijd").fill("2026-12-01T10:00")
    chair.get_by_role("button", name="Overleg plannen").click()
    chair.goto(f"{base}/casussen/{case.pk}")
    check_page(chair)
    chair.get_by_label("Overleg", exact=True).select_option(index=1)
    chair.get_by_role("region", name="Volgende stap").get_by_label("Politie IJsselland").check()
    chair.get_by_role("button", name="Agenderen").click()
    assert chair.get_by_test_id("case-stage").inner_text() == "Geagendeerd"
    chair.get_by_label("Besluit", exact=True).fill("Zorg + strafrecht door de politie; bestuurlijk door Zwolle.")
    police = Organisation.objects.get(name="Politie IJsselland")
    zwolle = Organisation.objects.get(name="Gemeente Zwolle")
    chair.locator("#id_tracks-0-kind").select_option("zorg_strafrecht")
    chair.locator("#id_tracks-0-owner").select_option(str(police.pk))
    chair.locator("#id_tracks-1-kind").select_option("bestuurlijk")
    chair.locator("#id_tracks-1-owner").select_option(str(zwolle.pk))
    chair.get_by_role("button", name="Besluit vastleggen").click()
    assert chair.get_by_test_id("case-stage").inner_text() == "Sporen in uitvoering (monitoring)"
    check_page(chair)
    chair.goto(f"{base}/overleggen/{case.agenda_items.get().meeting_id}")
    check_page(chair)
    assert "Zorg + strafrecht door de politie" in chair.content()

    officer = new_page()
    login(officer, base, "police.ijsselland")
    officer.get_by_role("link", name="Taken").click()
    check_page(officer)
    officer.goto(f"{base}/casussen/{case.pk}")
    track = officer.locator("article", has_text="Politie IJsselland")
    track.get_by_label("Uitkomst").fill("Zaak aangebracht bij het OM")
    track.get_by_role("button", name="Spoor sluiten").click()
    check_page(officer)
    officer.get_by_role("link", name="Berichten").click()
    check_page(officer)

    liaison.goto(f"{base}/casussen/{case.pk}")
    track = liaison.locator("article", has_text="Gemeente Zwolle")
    track.get_by_label("Uitkomst").fill("Pand gesloten")
    track.get_by_role("button", name="Spoor sluiten").click()
    assert liaison.get_by_test_id("case-stage").inner_text() == "Afgesloten"

    citizen = new_page()  # the reporter's view with the receipt code: three milestones, nothing more
    citizen.goto(f"{base}/status")
    citizen.get_by_label("Uw ontvangstcode").fill(code)
    citizen.get_by_role("button", name="Bekijk status").click()
    assert citizen.get_by_test_id("feedback").locator("li").count() == 3
    assert "Zaak aangebracht" not in citizen.content() and "Pand gesloten" not in citizen.content()
    check_page(citizen)

    other = new_page()
    login(other, base, "liaison.deventer")
    assert other.goto(f"{base}/casussen/{case.pk}").status == 404


def test_start_pages_notifications_and_the_chain_to_care(live_world, new_page):
    """Reporter, chair and care coordinator each land on their work; the chair weighs the signal on
    the case page and decides a care track; the coordinator is told and opens a prefilled
    trajectory from it; the reporter is told nothing about a case they may not see."""
    signal, _code = report_as("reporter.zwolle", other_municipalities=[])
    liaison = user("liaison.zwolle")
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    intake.take_transition(liaison, signal, "escaleren", reason="Sterke signalen van arbeidsuitbuiting")
    case = Case.objects.get()
    base = live_world.url

    chair = new_page()
    login(chair, base, "chair.ijsselland")
    assert chair.url == f"{base}/casussen"
    assert chair.get_by_role("link", name="Casussen").get_attribute("aria-current") == "page"
    check_page(chair)
    chair.get_by_role("link", name=f"Casus {signal.reference}").click()
    assert "Twaalf arbeidsmigranten" in chair.get_by_test_id("case-signal-summary").inner_text()
    check_page(chair)
    chair.screenshot(path="/tmp/chain-var/chair-case.png", full_page=True)
    chair.get_by_role("link", name=re.compile(r"^Berichten")).click()
    check_page(chair)
    assert f"Nieuwe escalatie voor de tafel: casus {signal.reference}" in chair.content()
    chair.get_by_role("button", name="Alles gelezen").click()
    assert "Berichten (0 nieuw)" in chair.content()
    check_page(chair)

    meeting = cases.plan_meeting(user("chair.ijsselland"), case.table, timezone.now(), "ZVH")
    cases.take_transition(user("chair.ijsselland"), case, "agenderen", meeting=meeting)
    cases.take_transition(user("chair.ijsselland"), case, "besluiten", decision="Zorg regelen",
                          tracks=[{"kind": "zorg", "owner": Organisation.objects.get(name="Gemeente Zwolle")}])

    care = new_page()
    login(care, base, "care.ijsselland")
    assert care.url == f"{base}/zorg"
    check_page(care)
    care.get_by_role("link", name=re.compile(r"^Berichten")).click()
    check_page(care)
    care.screenshot(path="/tmp/chain-var/care-inbox.png", full_page=True)
    care.get_by_role("link", name=f"Zorgspoor besloten in casus {signal.reference}: open een zorgtraject").click()
    assert f"Vanuit het zorgspoor van casus {signal.reference}" in care.content()
    assert care.get_by_label("Arbeidsuitbuiting").is_checked()
    check_page(care)
    care.get_by_label("Naam").fill("Piotr")
    care.get_by_role("button", name="Traject openen").click()
    assert "Zorgtraject geopend." in care.content()
    check_page(care)

    reporter = new_page()
    login(reporter, base, "reporter.zwolle")
    assert reporter.url == f"{base}/signalen"
    check_page(reporter)
    reporter.get_by_role("link", name=re.compile(r"^Berichten")).click()
    check_page(reporter)
    assert "Casus" not in reporter.locator("main").inner_text()
