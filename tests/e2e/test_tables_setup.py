"""Tables set up in a browser: the administrator makes a regional table and a local meeting that
hands to it, seats partners on a law and on a covenant (the signed document uploaded); a signal
then opens at the local meeting and its chair hands the case on; axe on every page."""
from ketenzicht.cases.models import Case, Table
from ketenzicht.intake import services as intake
from ketenzicht.regions.models import Region
from ketenzicht.route import engine, versions

from ..helpers import check_page, login, report_as, user

PDF = b"%PDF-1.4\n% covenant signed by both parties\n%%EOF\n"


def make_table(page, name, kind, rhythm, municipalities=(), hands_to=()):
    form = page.get_by_role("region", name="Nieuwe tafel")
    form.get_by_label("Naam").fill(name)
    form.get_by_label(kind, exact=True).check()
    for municipality in municipalities:
        form.get_by_label(municipality, exact=True).check()
    form.get_by_label("Organisatie van de voorzitter").select_option(label="Zorg- en Veiligheidshuis IJsselland")
    form.get_by_label("Ritme").fill(rhythm)
    for table in hands_to:
        form.get_by_label(table, exact=True).check()
    form.get_by_role("button", name="Tafel inrichten").click()
    check_page(page)
    assert "Tafel ingericht." in page.locator(".kz-messages").inner_text()


def seat(page, partner, kind, basis, article, document=None):
    form = page.locator("form", has=page.get_by_role("button", name="Plaats toevoegen"))
    form.get_by_label("Partner").select_option(label=partner)
    form.get_by_label(kind, exact=True).check()
    form.get_by_label("Wet of convenant").fill(basis)
    form.get_by_label("Artikel").fill(article)
    form.get_by_label("Geldig vanaf").fill("2025-01-01")
    if document:
        form.get_by_label("Ondertekend convenant (PDF, maximaal 10 MB)").set_input_files(
            files=[{"name": "convenant.pdf", "mimeType": "application/pdf", "buffer": document}])
    form.get_by_role("button", name="Plaats toevoegen").click()
    check_page(page)


def test_set_up_a_local_meeting_that_hands_to_the_regional_table(live_world, new_page):
    base = live_world.url
    admin = new_page()
    login(admin, base, "admin.ijsselland")
    admin.goto(f"{base}/inrichting/ijsselland")  # the region's set-up lists the section
    check_page(admin)
    admin.get_by_role("link", name="Tafels en plaatsen").click()
    check_page(admin)
    make_table(admin, "Weeg- en monitortafel Noord", "Regionale weeg- en monitortafel", "elke 4 weken, dinsdag")
    make_table(admin, "Lokaal overleg Zwolle", "Lokaal signalerings- of ondermijningsoverleg", "elke 2 weken",
               municipalities=["Zwolle"], hands_to=["Weeg- en monitortafel Noord"])

    admin.get_by_role("link", name="Weeg- en monitortafel Noord").click()
    check_page(admin)
    seat(admin, "Politie IJsselland", "Wet", "", "18")  # no law named: refused, what was typed stays
    assert "vul de wet of het convenant in" in admin.locator("[data-error-summary]").inner_text()
    assert admin.get_by_label("Artikel").input_value() == "18"
    seat(admin, "Politie IJsselland", "Wet", "Politiewet 2012", "18")
    seat(admin, "Openbaar Ministerie IJsselland", "Convenant", "Convenant Zorg- en Veiligheidshuis", "5",
         document=PDF)
    assert "Politiewet 2012, art. 18" in admin.locator("[data-seat='Politie IJsselland']").inner_text()
    assert admin.locator("[data-seat='Openbaar Ministerie IJsselland']").get_by_role("link", name="Downloaden") \
        .count() == 1

    admin.goto(f"{base}/inrichting/ijsselland/tafels")
    admin.get_by_role("link", name="Lokaal overleg Zwolle").click()
    check_page(admin)
    seat(admin, "Politie IJsselland", "Wet", "Politiewet 2012", "18")
    local, regional = Table.objects.get(name="Lokaal overleg Zwolle"), Table.objects.get(
        name="Weeg- en monitortafel Noord")
    assert list(local.hands_to.all()) == [regional] and local.partners().filter(name="Politie IJsselland").exists()

    # The region's route names the local meeting as where a signal goes first (the route's own page
    # is not this test's subject: its service is used).
    definition = engine.load_file("ijsselland")
    for transition in definition["signal"]["transitions"]:
        if transition.get("effect") == "open_case":
            transition["table"] = "local"
    versions.activate(Region.objects.get(slug="ijsselland"), definition)
    signal, _code = report_as("reporter.zwolle", other_municipalities=[])
    liaison = user("liaison.zwolle")
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    intake.take_transition(liaison, signal, "escaleren", reason="Sterke signalen")
    case = Case.objects.get()
    assert case.table == local

    chair = new_page()
    login(chair, base, "chair.ijsselland")
    chair.goto(f"{base}/casussen/{case.pk}")
    check_page(chair)
    handover = chair.get_by_role("region", name="Overdragen aan een andere tafel")
    handover.get_by_label("Naar tafel").select_option(label="Weeg- en monitortafel Noord")
    handover.get_by_role("button", name="Overdragen").click()  # without a reason: refused, stays
    check_page(chair)
    assert "Reden van de overdracht" in chair.locator("[data-error-summary]").inner_text()
    handover = chair.get_by_role("region", name="Overdragen aan een andere tafel")
    handover.get_by_label("Reden van de overdracht").fill("Meer partners nodig: naar de regionale tafel")
    handover.get_by_role("button", name="Overdragen").click()
    check_page(chair)
    assert "overgedragen aan Weeg- en monitortafel Noord" in chair.locator(".kz-messages").inner_text()
    case.refresh_from_db()
    assert case.table == regional
    chair.goto(f"{base}/casussen/{case.pk}")  # the same chair's organisation chairs the regional table
    check_page(chair)
    assert "Meer partners nodig" in chair.get_by_role("region", name="Overdrachten").inner_text()
