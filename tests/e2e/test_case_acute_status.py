"""The acute route's status on the case page in a real browser: the chair, told of the police's
intervention, follows the notice to the case and reads who has and has not recorded; axe clean."""
from django.utils import timezone

from ketenzicht.cases import services as case_services
from ketenzicht.cases.models import Meeting
from ketenzicht.intake import acute, services
from ketenzicht.regions.models import Organisation

from ..helpers import check_page, login, report_as, user


def test_the_chair_follows_the_notice_to_the_acute_status(live_world, new_page):
    signal, _code = report_as("liaison.deventer", lead_municipality="GM0150", other_municipalities=[])
    liaison, chair = user("liaison.deventer"), user("chair.ijsselland")
    services.set_acute(liaison, signal, True)
    services.take_transition(liaison, signal, "in_behandeling_nemen")
    case = services.take_transition(liaison, signal, "escaleren", reason="Acuut").case
    case_services.take_transition(chair, case, "agenderen", meeting=Meeting.objects.create(
        table=case.table, starts_at=timezone.now()), invited=[Organisation.objects.get(name="Politie IJsselland")])
    acute.record_intervention(user("police.ijsselland"), signal, "Woning betreden.")
    base = live_world.url
    page = new_page()
    login(page, base, "chair.ijsselland")
    page.goto(f"{base}/berichten")
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Acute interventie vastgelegd in casus {case.reference}").click()
    assert page.url == f"{base}/casussen/{case.pk}"
    check_page(page)
    status = page.get_by_test_id("case-acute-status").inner_text()
    assert "Politie IJsselland" in status and "Ja: ingegrepen" in status and "Nog niet" in status
    assert "Woning betreden" not in status
