"""The chain route through pages: signal -> escalation -> agenda -> decision into tracks -> work ->
closed, with the policy deciding who sees what at each step."""
import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.cases.models import Case, Meeting, Table, Track
from ketenzicht.intake.models import Signal
from ketenzicht.notifications.models import Notification
from ketenzicht.regions.models import Organisation

from ..helpers import report_page, step, verified


def org(name):
    return Organisation.objects.get(name=name, region__slug="ijsselland")


@pytest.fixture
def escalated(world, client):
    verified(client, "reporter.zwolle")
    report_page(client, description="Arbeidsmigranten in een woning aan de Industrieweg")
    signal = Signal.objects.get()
    liaison = verified(client, "liaison.zwolle")
    liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "in_behandeling_nemen"})
    liaison.post(f"/signalen/{signal.pk}/informatie", {"text": "BRP: 14 personen ingeschreven", "source": "BRP"})
    response = liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "escaleren",
                                                            "reason": "Sterke signalen van arbeidsuitbuiting"})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.stage == "casus" and signal.case is not None
    return signal.case


def test_the_whole_route_through_the_pages(escalated, client):
    case = escalated
    assert case.stage == "aangemeld" and case.table.name == "Weeg- en monitortafel IJsselland"
    chair = verified(client, "chair.ijsselland")
    assert Notification.objects.filter(user__username="chair.ijsselland", kind="escalation").exists()
    assert f'data-case="{case.pk}"' in chair.get("/casussen").content.decode()
    table = case.table
    assert chair.post(f"/tafels/{table.pk}", {"starts_at": "2026-12-01T10:00", "location": "ZVH"}).status_code == 302
    meeting = Meeting.objects.get()
    police, om, zwolle = org("Politie IJsselland"), org("Openbaar Ministerie IJsselland"), org("Gemeente Zwolle")
    assert step(chair, case, "agenderen", meeting=meeting.pk, invited=[police.pk, om.pk]).status_code == 302
    case.refresh_from_db()
    assert case.stage == "geagendeerd"

    assert verified(client, "police.ijsselland").get(f"/casussen/{case.pk}").status_code == 200
    assert verified(client, "liaison.deventer").get(f"/casussen/{case.pk}").status_code == 404

    chair = verified(client, "chair.ijsselland")
    decided = step(chair, case, "besluiten", decision="Zorg en strafrecht parallel; bestuurlijke aanpak woning.",
                   **{"tracks-0-kind": "zorg_strafrecht", "tracks-0-owner": police.pk,
                      "tracks-0-task": "Verhoor aangevers", "tracks-0-task_assignee": om.pk,
                      "tracks-0-task_due_on": "2026-12-15",
                      "tracks-1-kind": "bestuurlijk", "tracks-1-owner": zwolle.pk})
    assert decided.status_code == 302, decided.content.decode()[:2000]
    case.refresh_from_db()
    assert case.stage == "in_uitvoering" and case.tracks.count() == 2
    minutes = chair.get(f"/overleggen/{meeting.pk}").content.decode()
    assert "Zorg en strafrecht parallel" in minutes

    police_track, municipal_track = case.tracks.order_by("kind").get(kind="zorg_strafrecht"), \
        case.tracks.get(kind="bestuurlijk")
    police_client = verified(client, "police.ijsselland")
    police_client.post(f"/casussen/{case.pk}/sporen/{police_track.pk}/voortgang", {"text": "Twee verhoren gepland"})
    police_client.post(f"/casussen/{case.pk}/sporen/{police_track.pk}/sluiten", {"outcome": "Zaak aangebracht bij OM"})
    case.refresh_from_db()
    assert case.is_open  # one track still runs
    zwolle_client = verified(client, "liaison.zwolle")
    zwolle_client.post(f"/casussen/{case.pk}/sporen/{municipal_track.pk}/sluiten", {"outcome": "Woning gesloten"})
    case.refresh_from_db()
    assert not case.is_open and case.stage == "afgesloten"
    signal = case.signals.get()
    assert [f.milestone for f in signal.feedback.all()] == ["received", "taken_up", "closed"]
    assert not signal.is_open

    deventer = verified(client, "liaison.deventer")
    assert f'data-case="{case.pk}"' not in deventer.get("/casussen?status=all").content.decode()
    assert deventer.get(f"/signalen/{signal.pk}").status_code == 404
    assert deventer.get(f"/overleggen/{meeting.pk}").status_code == 404


def test_a_partner_without_legal_basis_sees_nothing(escalated, client):
    inspectorate = org("Nederlandse Arbeidsinspectie")
    inspector = User.objects.create_user("inspecteur", password="x" * 16)
    RoleAssignment.objects.create(user=inspector, role=Role.TABLE_MEMBER, organisation=inspectorate,
                                  approved_at=timezone.now())
    from django_otp.plugins.otp_totp.models import TOTPDevice
    TOTPDevice.objects.create(user=inspector, name="t", confirmed=True)
    chair = verified(client, "chair.ijsselland")
    meeting = Meeting.objects.create(table=escalated.table, starts_at=timezone.now())
    refused = step(chair, escalated, "agenderen", meeting=meeting.pk, invited=[inspectorate.pk])
    assert refused.status_code == 400 and "Nederlandse Arbeidsinspectie heeft aan deze tafel geen geldige grondslag" \
        in refused.content.decode()  # the same rule as wherever data is shared (privacy.sharing)
    page = chair.get(f"/tafels/{escalated.table.pk}").content.decode()
    assert 'data-seat="Nederlandse Arbeidsinspectie"' in page and "Ontbreekt" in page
    assert verified(client, "inspecteur").get(f"/casussen/{escalated.pk}").status_code == 404
    seat = escalated.table.seats.get(organisation=inspectorate)
    seat.legal_basis, seat.valid_from = "Arbeidsomstandighedenwet art. 24; convenant ZVH art. 5", None
    seat.save()
    escalated.refresh_from_db()
    assert step(verified(client, "chair.ijsselland"), escalated, "agenderen", meeting=meeting.pk,
                invited=[inspectorate.pk]).status_code == 302
    assert verified(client, "inspecteur").get(f"/casussen/{escalated.pk}").status_code == 200


def test_bad_decisions_change_nothing(escalated, client):
    chair = verified(client, "chair.ijsselland")
    meeting = Meeting.objects.create(table=escalated.table, starts_at=timezone.now())
    step(chair, escalated, "agenderen", meeting=meeting.pk)
    escalated.refresh_from_db()
    no_tracks = step(chair, escalated, "besluiten", decision="Alleen praten")
    assert no_tracks.status_code == 400 and "ten minste één spoor" in no_tracks.content.decode()
    zeeland_org = Organisation.objects.filter(region__slug="zeeland").first()
    foreign = step(chair, escalated, "besluiten", decision="x", **{"tracks-0-kind": "zorg",
                                                                    "tracks-0-owner": zeeland_org.pk})
    assert foreign.status_code == 400
    unknown_kind = step(chair, escalated, "besluiten", decision="x", **{
        "tracks-0-kind": "piraterij", "tracks-0-owner": org("Politie IJsselland").pk})
    assert unknown_kind.status_code == 400
    illegal = step(chair, escalated, "heropenen", reason="x")
    assert illegal.status_code == 400
    escalated.refresh_from_db()
    assert escalated.stage == "geagendeerd" and not Track.objects.exists()
    stale = chair.post(f"/casussen/{escalated.pk}/stap", {"transition": "afsluiten", "reason": "x",
                                                          "version": escalated.version - 1,
                                                          "tracks-TOTAL_FORMS": "0", "tracks-INITIAL_FORMS": "0"})
    assert stale.status_code == 302
    escalated.refresh_from_db()
    assert escalated.is_open


def test_only_the_chair_takes_case_steps(escalated, client):
    meeting = Meeting.objects.create(table=escalated.table, starts_at=timezone.now())
    liaison = verified(client, "liaison.zwolle")
    assert liaison.get(f"/casussen/{escalated.pk}").status_code == 200
    step(liaison, escalated, "agenderen", meeting=meeting.pk)
    escalated.refresh_from_db()
    assert escalated.stage == "aangemeld"
    assert Case.objects.count() == 1 and Table.objects.filter(region__slug="ijsselland", kind="regional").count() == 1


def test_reminders_reach_owners_of_late_tasks_and_tracks(escalated, client):
    from io import StringIO

    from django.core.management import call_command

    chair = verified(client, "chair.ijsselland")
    meeting = Meeting.objects.create(table=escalated.table, starts_at=timezone.now())
    step(chair, escalated, "agenderen", meeting=meeting.pk)
    escalated.refresh_from_db()
    police = org("Politie IJsselland")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    in_two_days = (timezone.localdate() + timedelta(days=2)).isoformat()
    step(chair, escalated, "besluiten", decision="x", **{
        "tracks-0-kind": "zorg", "tracks-0-owner": police.pk, "tracks-0-review_on": in_two_days,
        "tracks-0-task": "Bellen", "tracks-0-task_assignee": police.pk, "tracks-0-task_due_on": yesterday})
    signal = escalated.signals.get()
    Signal.objects.filter(pk=signal.pk).update(deadline_at=timezone.now() - timedelta(days=1))
    Notification.objects.all().delete()
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "reminders sent: 3" in out.getvalue()
    kinds = set(Notification.objects.filter(user__username="police.ijsselland").values_list("kind", flat=True))
    assert kinds == {"task_late", "track_due"}  # the task's date passed, the track's is near
    assert Notification.objects.filter(user__username="liaison.zwolle", kind="signal_late").exists()
    from ketenzicht.cases.models import Task

    Task.objects.update(due_on=timezone.localdate() - timedelta(days=5))  # reminded when it passed, not daily
    later = StringIO()
    call_command("send_reminders", stdout=later)
    assert "reminders sent: 2" in later.getvalue()
    police_page = verified(client, "police.ijsselland").get("/taken").content.decode()
    assert "Bellen" in police_page and "Te laat" in police_page


def test_acute_intervention_opens_a_case_in_monitoring(world, client):
    verified(client, "reporter.zwolle")
    report_page(client)
    signal = Signal.objects.get()
    liaison = verified(client, "liaison.zwolle")
    refused = liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "acuut_ingrijpen", "reason": "Direct gevaar"})
    assert refused.status_code == 400 and "acute interventie" in refused.content.decode()
    response = liaison.post(f"/signalen/{signal.pk}/stap", {
        "transition": "acuut_ingrijpen", "reason": "Direct gevaar", "intervention_kind": "zorg",
        "intervention": "Slachtoffer naar de crisisopvang gebracht"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.is_acute and case.stage == "in_uitvoering" and case.tracks.get().owner.name == "Gemeente Zwolle"
    assert Notification.objects.filter(user__username="chair.ijsselland", kind="acute").exists()
    assert Notification.objects.filter(user__username="liaison.zwolle", kind="acute").exists()
    assert [f.milestone for f in signal.feedback.all()] == ["received", "taken_up"]


def test_monitoring_needs_a_future_date_and_referral_a_name(world, client):
    verified(client, "reporter.zwolle")
    report_page(client)
    signal = Signal.objects.get()
    liaison = verified(client, "liaison.zwolle")
    liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "in_behandeling_nemen"})
    past = liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "monitoren", "reason": "Afwachten",
                                                        "until": "2020-01-01"})
    assert past.status_code == 400 and "datum in de toekomst" in past.content.decode()
    assert liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "monitoren", "reason": "Afwachten",
                                                        "until": "2099-01-01"}).status_code == 302
    signal.refresh_from_db()
    assert signal.stage == "monitoren" and signal.monitor_until.year == 2099
    nameless = liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "doorverwijzen", "reason": "Arbeid"})
    assert nameless.status_code == 400 and "naar wie" in nameless.content.decode()
    liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "doorverwijzen", "reason": "Slecht werkgeverschap",
                                                 "referral": "Nederlandse Arbeidsinspectie"})
    signal.refresh_from_db()
    assert signal.referral == "Nederlandse Arbeidsinspectie" and not signal.is_open


def test_switching_route_keeps_running_cases_on_their_version(escalated, client):
    from django.core.management import call_command

    call_command("set_route", "ijsselland", "model2012", stdout=None)
    escalated.refresh_from_db()
    assert escalated.route.version == 1 and escalated.route.route.case.initial == "aangemeld"
    verified(client, "reporter.zwolle")
    report_page(client, description="Tweede signaal")
    signal = Signal.objects.get(case__isnull=True)
    assert signal.route.version == 2
    liaison = verified(client, "liaison.zwolle")
    liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "in_behandeling_nemen"})
    liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "escaleren", "reason": "Casusoverleg"})
    signal.refresh_from_db()
    assert signal.case.stage == "dossier"  # the 2012 model, without a code change


def test_urgent_consultation_reaches_partners_who_answer_in_the_case(escalated, client):
    police = org("Politie IJsselland")
    assert verified(client, "police.ijsselland").get(f"/casussen/{escalated.pk}").status_code == 404
    liaison = verified(client, "liaison.zwolle")
    empty = liaison.post(f"/casussen/{escalated.pk}/spoedoverleg", {"question": "Wie kan vannacht opvang regelen?"})
    assert empty.status_code == 400
    response = liaison.post(f"/casussen/{escalated.pk}/spoedoverleg", {
        "question": "Wie kan vannacht opvang regelen?", "invited": [police.pk]})
    assert response.status_code == 302
    assert Notification.objects.filter(user__username="police.ijsselland", kind="consultation").exists()
    officer = verified(client, "police.ijsselland")
    page = officer.get(f"/casussen/{escalated.pk}").content.decode()
    assert "Wie kan vannacht opvang regelen?" in page
    consultation = escalated.consultations.get()
    officer.post(f"/casussen/{escalated.pk}/spoedoverleg/{consultation.pk}/antwoord", {"text": "Wij nemen contact op"})
    assert consultation.replies.get().organisation == police
    assert Notification.objects.filter(user__username="liaison.zwolle", kind="consultation_reply").exists()
    assert verified(client, "liaison.deventer").get(f"/casussen/{escalated.pk}").status_code == 404


def test_running_work_moves_to_a_new_route_version_only_explicitly(escalated, client):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("set_route", "ijsselland", "model2012", stdout=StringIO())
    with pytest.raises(CommandError, match="aangemeld"):
        call_command("move_to_route", "ijsselland", stdout=StringIO())
    escalated.refresh_from_db()
    assert escalated.route.version == 1 and escalated.stage == "aangemeld"  # nothing moved
    out = StringIO()
    call_command("move_to_route", "ijsselland", "--map", "aangemeld=dossier", "--dry-run", stdout=out)
    assert "case: aangemeld -> dossier: 1 (dry run)" in out.getvalue()
    call_command("move_to_route", "ijsselland", "--map", "aangemeld=dossier", stdout=StringIO())
    escalated.refresh_from_db()
    assert escalated.route.version == 2 and escalated.stage == "dossier"
    assert escalated.history.last().transition == "routeversie"
    chair = verified(client, "chair.ijsselland")
    assert "Agenderen voor weging" in chair.get(f"/casussen/{escalated.pk}").content.decode()


def test_a_wrong_track_is_named_in_the_error_summary_with_an_anchor(escalated, client):
    chair = verified(client, "chair.ijsselland")
    meeting = Meeting.objects.create(table=escalated.table, starts_at=timezone.now())
    step(chair, escalated, "agenderen", meeting=meeting.pk)
    escalated.refresh_from_db()
    response = step(chair, escalated, "besluiten", decision="Zorg en strafrecht",
                    **{"tracks-1-kind": "zorg", "tracks-1-task": "Intake zorg"})
    assert response.status_code == 400
    html = response.content.decode()
    top = re.search(r"kz-error-summary.*?</div>", html, re.S).group(0)
    assert 'href="#id_tracks-1-owner"' in top and "Spoor 2: Eigenaar" in top
    assert 'href="#id_tracks-1-task"' in top and "Een taak heeft een uitvoerder en een datum." in top
    assert 'id="id_tracks-1-owner"' in html and not Track.objects.exists()


def test_a_deadline_just_after_midnight_is_late_on_its_dutch_date(escalated):
    """Chosen by the Dutch date and named by it too: a deadline at 00:30 (23:30 UTC the day before) that
    passed yesterday is "late", not "due" (it was, between midnight and one o'clock)."""
    from ketenzicht.cases import services

    zone = timezone.get_current_timezone()
    now = timezone.make_aware(datetime(2026, 12, 2, 0, 45), zone)  # 23:45 UTC on 1 December
    deadline = timezone.make_aware(datetime(2026, 12, 1, 0, 30), zone)  # 23:30 UTC on 30 November
    Signal.objects.filter(pk=escalated.signals.get().pk).update(deadline_at=deadline)
    Case.objects.filter(pk=escalated.pk).update(deadline_at=deadline)
    Notification.objects.all().delete()
    services.remind_deadlines(now)
    assert set(Notification.objects.values_list("user__username", "kind")) >= {
        ("liaison.zwolle", "signal_late"), ("chair.ijsselland", "case_late")}
