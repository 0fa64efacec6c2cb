"""Printed minutes say they are confidential and when they were printed; on screen neither shows."""
from django.utils import formats, timezone

from ketenzicht.cases import services as cases
from ketenzicht.cases.models import Meeting
from ketenzicht.intake import services as intake

from ..helpers import check_page, login, report_as, user


def test_printed_minutes_are_marked_confidential_with_the_print_date(live_world, new_page):
    signal = report_as("reporter.zwolle", other_municipalities=[])[0]
    intake.take_transition(user("liaison.zwolle"), signal, "in_behandeling_nemen")
    case = intake.take_transition(user("liaison.zwolle"), signal, "escaleren", reason="Naar de tafel").case
    meeting = Meeting.objects.create(table=case.table, starts_at=timezone.now())
    cases.take_transition(user("chair.ijsselland"), case, "agenderen", meeting=meeting, invited=[])

    chair = new_page()
    login(chair, live_world.url, "chair.ijsselland")
    chair.goto(f"{live_world.url}/overleggen/{meeting.pk}")
    check_page(chair)
    mark = chair.get_by_test_id("print-mark")
    assert not mark.is_visible()
    chair.emulate_media(media="print")
    assert mark.is_visible()
    today = formats.date_format(timezone.localdate(), "j F Y")
    assert "VERTROUWELIJK" in mark.inner_text() and f"afgedrukt op {today}" in mark.inner_text()
    assert not chair.locator(".kz-header").is_visible()
