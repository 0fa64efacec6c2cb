"""Notifications lead somewhere: only to whoever may open what they are about, naming it, grouped,
in the reader's language, and never to a page that does not exist for them."""
import re

import pytest
from django.test import Client
from django.utils import translation

from ketenzicht.cases import services as cases
from ketenzicht.cases.models import Meeting
from ketenzicht.intake import services as intake
from ketenzicht.notifications import lists, services
from ketenzicht.notifications.models import Notification
from ketenzicht.notifications.services import notify
from ketenzicht.regions.models import Organisation

from ..helpers import report_as, user, verified


@pytest.fixture
def case(world):
    signal, _code = report_as("reporter.zwolle")
    liaison = user("liaison.zwolle")
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    intake.take_transition(liaison, signal, "escaleren", reason="Sterke signalen van arbeidsuitbuiting")
    signal.refresh_from_db()
    return signal.case


def test_only_who_may_open_it_is_told(case):
    """The reporter of the signal may not see the case: not told that it is on the agenda."""
    made = notify([user("reporter.zwolle"), user("chair.ijsselland"), user("liaison.deventer")], "agenda",
                  f"/casussen/{case.pk}", about=case)
    assert [n.user.username for n in made] == ["chair.ijsselland"]


def test_the_title_names_the_case_in_the_readers_language(case):
    notification = Notification.objects.get(user__username="chair.ijsselland", kind="escalation")
    assert notification.params == {"reference": case.reference}
    assert notification.title == f"Nieuwe escalatie voor de tafel: casus {case.reference}"
    with translation.override("en"):
        assert notification.title == f"New escalation for the table: case {case.reference}"


def test_the_inbox_groups_per_case_and_kind_with_a_count(case, client):
    chair = user("chair.ijsselland")
    for _ in range(3):
        notify([chair], "agenda", f"/casussen/{case.pk}", about=case)
    page = verified(client, "chair.ijsselland").get("/berichten").content.decode()
    assert page.count(f"Casus {case.reference} geagendeerd voor de tafel") == 1
    assert "(3 berichten)" in page and "3 nieuw" in page
    assert "Berichten (4 nieuw)" in page  # the menu counts every unread one: escalation + 3 agenda


def test_opening_marks_the_group_read_and_goes_to_the_case(case, client):
    chair = user("chair.ijsselland")
    notify([chair], "agenda", f"/casussen/{case.pk}", about=case)
    notify([chair], "agenda", f"/casussen/{case.pk}", about=case)
    first = Notification.objects.filter(user=chair, kind="agenda").first()
    response = verified(client, "chair.ijsselland").get(f"/berichten/{first.pk}")
    assert response.status_code == 302 and response["Location"] == f"/casussen/{case.pk}"
    assert not Notification.objects.filter(user=chair, kind="agenda", read_at__isnull=True).exists()
    assert Notification.objects.filter(user=chair, kind="escalation", read_at__isnull=True).exists()


def test_what_one_may_no_longer_open_leads_back_to_the_list_not_to_a_404(case, client):
    stale = Notification.objects.create(user=user("reporter.zwolle"), kind="agenda", url=f"/casussen/{case.pk}",
                                        about_kind="case", about_id=str(case.pk), params={"reference": case.reference})
    reporter = verified(client, "reporter.zwolle")
    response = reporter.get(f"/berichten/{stale.pk}", follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/berichten"
    assert "geen toegang (meer)" in response.content.decode()
    stale.refresh_from_db()
    assert stale.read_at is not None


def test_mark_all_read_is_a_post_with_csrf(case):
    chair = user("chair.ijsselland")
    notify([chair], "agenda", f"/casussen/{case.pk}", about=case)
    browser = verified(Client(enforce_csrf_checks=True), "chair.ijsselland")
    assert browser.get("/berichten/alles-gelezen").status_code == 405
    assert browser.post("/berichten/alles-gelezen").status_code == 403  # no CSRF token
    assert Notification.objects.filter(user=chair, read_at__isnull=True).count() == 2
    page = browser.get("/berichten")
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else browser.cookies["csrftoken"].value
    response = browser.post("/berichten/alles-gelezen", {"csrfmiddlewaretoken": token}, follow=True)
    assert "Alle berichten zijn gelezen (2)" in response.content.decode()
    assert not Notification.objects.filter(user=chair, read_at__isnull=True).exists()
    assert "Berichten (0 nieuw)" in response.content.decode()


def test_a_care_track_tells_the_care_coordinator_who_opens_a_trajectory_from_it(case, client):
    chair = user("chair.ijsselland")
    municipality = Organisation.objects.get(name="Gemeente Zwolle")
    meeting = cases.plan_meeting(chair, case.table, case.opened_at, "ZVH")
    cases.take_transition(chair, case, "agenderen", meeting=Meeting.objects.get(pk=meeting.pk))
    cases.take_transition(chair, case, "besluiten", decision="Zorg regelen",
                          tracks=[{"kind": "zorg", "owner": municipality}])
    track = case.tracks.get()
    told = Notification.objects.get(user__username="care.ijsselland", kind="care_track")
    assert told.url == f"/zorg/nieuw?track={track.pk}" and case.reference in told.title
    coordinator = verified(client, "care.ijsselland")
    assert coordinator.get(f"/casussen/{case.pk}").status_code == 404  # the case itself is not theirs
    form = coordinator.get(told.url).content.decode()
    assert f"Vanuit het zorgspoor van casus {case.reference}" in form
    assert re.search(r"<input[^>]*value=\"labour\"[^>]*checked", form)


def test_only_the_newest_of_a_group_is_listed_and_the_counts_are_the_groups(case, client):
    """The list reads each group's newest (notify keeps the mark on the one it adds); the totals
    and unread counts are the group's, a group opened earlier counts as read."""
    chair = user("chair.ijsselland")
    first = notify([chair], "agenda", f"/casussen/{case.pk}", about=case)[0]
    services.open_for(chair, first.pk)
    newest = notify([chair], "agenda", f"/casussen/{case.pk}", about=case)[0]
    latest = Notification.objects.filter(user=chair, is_latest=True)
    assert set(latest.values_list("kind", flat=True)) == {"escalation", "agenda"}
    assert latest.get(kind="agenda").pk == newest.pk
    window = lists.grouped(chair)
    assert [(n.pk, total, unread) for n, total, unread in window][0] == (newest.pk, 2, 1)
    assert window.count == 2 and window.count_is_exact


def test_the_menu_counts_unread_ones_no_further_than_its_limit(case, client, monkeypatch):
    chair = user("chair.ijsselland")
    for n in range(3):
        notify([chair], "agenda", f"/casussen/{n}")
    monkeypatch.setattr(services, "UNREAD_LIMIT", 2)
    assert services.unread_count(chair) == 3  # the limit and one: "more than"
    assert "Berichten (meer dan 2 nieuw)" in verified(client, "chair.ijsselland").get("/berichten").content.decode()
