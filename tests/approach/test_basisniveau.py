"""The basisniveau: the region's criteria, the liaison's statuses with evidence, next step and
history, who sees and edits what, the overview, the API and the figures."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ketenzicht.approach import figures, services
from ketenzicht.approach.criteria import PRESETS
from ketenzicht.approach.models import Assessment, Change, Criterion, Level
from ketenzicht.lib.errors import Invalid, Stale
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Region

from ..helpers import api_client, user, verified

TODAY = timezone.localdate()


@pytest.fixture
def ijsselland(world):
    return Region.objects.get(slug="ijsselland")


@pytest.fixture
def deventer(world):
    return Municipality.objects.get(name="Deventer")


def criterion(code, region="ijsselland"):
    return Criterion.objects.get(region__slug=region, code=code, retired_at__isnull=True)


def test_the_demo_regions_have_the_seeds_criteria_word_for_word(world):
    ijsselland = list(Criterion.objects.filter(region__slug="ijsselland", retired_at__isnull=True))
    zeeland = list(Criterion.objects.filter(region__slug="zeeland", retired_at__isnull=True))
    assert [c.text for c in ijsselland] == [c[3] for c in PRESETS["ibp2018_3"]["criteria"]]
    assert len(ijsselland) == 3 and len(zeeland) == 5
    assert zeeland[3].text == "lokale regelgeving heeft dat de aanpak van mensenhandel ondersteunt"
    assert zeeland[4].text_en == "has policy aimed at countering (sexual) exploitation in the sex industry"
    assert ijsselland[1].text.startswith("een (aandachts)functionaris heeft die optreedt als contactpersoon")


def test_the_liaison_marks_a_criterion_met_with_evidence_and_the_history_keeps_it(deventer):
    liaison = user("liaison.deventer")
    c = criterion("signalering")
    first = services.record_assessment(liaison, deventer, c, level=Level.PARTLY, since=date(2024, 1, 10),
                                       next_step="Training plannen", next_step_owner="Team OOV",
                                       next_step_due=TODAY + timedelta(days=30), expected_version=0)
    assert first.since == date(2024, 1, 10) and first.version == 1
    done = services.record_assessment(liaison, deventer, c, level=Level.MET, evidence_link="https://deventer.nl/x",
                                      decision_date=date(2025, 5, 1), expected_version=1)
    assert done.level == Level.MET and done.since == TODAY and done.version == 2
    history = list(Change.objects.filter(assessment=done).order_by("changed_at", "id"))
    assert [(h.level, h.since, h.until) for h in history] == [
        (Level.PARTLY, date(2024, 1, 10), TODAY), (Level.MET, TODAY, None)]
    # new evidence alone keeps "since"
    again = services.record_assessment(liaison, deventer, c, level=Level.MET, evidence_link="https://deventer.nl/y",
                                       since=TODAY - timedelta(days=3), expected_version=2)
    assert again.since == TODAY and Change.objects.filter(assessment=done).count() == 3
    assert AccessLog.objects.filter(object_type="approach_assessment", object_id=str(done.pk)).count() == 3


@pytest.mark.parametrize("fields, field", [
    ({"level": Level.MET}, "evidence_link"),  # met without evidence
    ({"level": Level.PARTLY, "evidence_link": "javascript:alert(1)"}, "evidence_link"),
    ({"level": Level.PARTLY, "evidence_link": "ftp://example.org/a.pdf"}, "evidence_link"),
    ({"level": Level.PARTLY, "since": TODAY + timedelta(days=1)}, "since"),
    ({"level": Level.PARTLY, "decision_date": TODAY + timedelta(days=1)}, "decision_date"),
    ({"level": Level.PARTLY, "next_step": "Iets", "next_step_due": TODAY}, "next_step_owner"),
    ({"level": Level.PARTLY, "next_step_owner": "Iemand"}, "next_step"),
    ({"level": Level.PARTLY, "next_step": "Iets", "next_step_owner": "X", "next_step_due": TODAY - timedelta(days=1)},
     "next_step_due"),
    ({"level": "half"}, "level"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_changes(deventer, fields, field):
    with pytest.raises(Invalid) as refused:
        services.record_assessment(user("liaison.deventer"), deventer, criterion("signalering"), **fields)
    assert field in refused.value.errors
    assert not Assessment.objects.filter(municipality=deventer).exists() and not Change.objects.exists()


def test_a_new_level_cannot_begin_before_the_current_one(deventer):
    liaison = user("liaison.deventer")
    c = criterion("signalering")
    services.record_assessment(liaison, deventer, c, level=Level.NOT_MET, since=date(2025, 6, 1))
    with pytest.raises(Invalid) as refused:
        services.record_assessment(liaison, deventer, c, level=Level.PARTLY, since=date(2025, 5, 1))
    assert "since" in refused.value.errors and "1 juni 2025" in refused.value.message


def test_an_overdue_step_kept_as_it_was_does_not_block_a_new_status(deventer):
    """A new step's date must not be past; a step kept unchanged may be overdue (the overview shows it)."""
    liaison = user("liaison.deventer")
    c = criterion("signalering")
    services.record_assessment(liaison, deventer, c, level=Level.NOT_MET, next_step="Plan", next_step_owner="OOV",
                               next_step_due=TODAY)
    Assessment.objects.filter(municipality=deventer).update(next_step_due=TODAY - timedelta(days=10))
    kept = services.record_assessment(liaison, deventer, c, level=Level.PARTLY, next_step="Plan",
                                      next_step_owner="OOV", next_step_due=TODAY - timedelta(days=10))
    assert kept.level == Level.PARTLY and kept.is_due


def test_another_liaison_or_role_cannot_record_for_deventer(deventer):
    for username in ("liaison.zwolle", "analyst.ijsselland", "admin.ijsselland", "liaison.goes"):
        with pytest.raises(PermissionDenied):
            services.record_assessment(user(username), deventer, criterion("signalering"), level=Level.PARTLY)
    assert not Assessment.objects.exists()
    assert AccessLog.objects.filter(action="denied", object_type="approach_municipality").count() == 4


def test_a_criterion_of_another_region_is_refused(deventer):
    with pytest.raises(Invalid):
        services.record_assessment(user("liaison.deventer"), deventer, criterion("seksindustrie", "zeeland"),
                                   level=Level.PARTLY)


def test_a_stale_version_is_refused(deventer):
    liaison = user("liaison.deventer")
    services.record_assessment(liaison, deventer, criterion("signalering"), level=Level.PARTLY, expected_version=0)
    with pytest.raises(Stale):
        services.record_assessment(liaison, deventer, criterion("signalering"), level=Level.NOT_MET,
                                   expected_version=0)
    assert Assessment.objects.get(municipality=deventer).level == Level.PARTLY


def test_adopting_the_five_keeps_the_history_of_the_shared_criteria(ijsselland, deventer):
    services.record_assessment(user("liaison.deventer"), deventer, criterion("signalering"), level=Level.PARTLY)
    services.adopt_preset(user("admin.ijsselland"), ijsselland, "ccv_5")
    active = list(Criterion.objects.filter(region=ijsselland, retired_at__isnull=True).values_list("code", flat=True))
    assert active == ["signalering", "aandachtsfunctionaris", "beleid", "regelgeving", "seksindustrie"]
    assert Criterion.objects.get(region=ijsselland, code="beleid-regelgeving").retired_at is not None
    assert Assessment.objects.get(municipality=deventer).criterion.code == "signalering"
    with pytest.raises(PermissionDenied):
        services.adopt_preset(user("liaison.deventer"), ijsselland, "ibp2018_3")


def test_the_region_adds_its_own_criterion_and_markup_is_refused(world, ijsselland):
    client = verified(Client(), "admin.ijsselland")
    url = reverse("approach:setup_criteria", args=["ijsselland"])
    bad = client.post(url, {"action": "add", "add-name": "<script>x</script>", "add-name_en": "x",
                            "add-text": "heeft een meldpunt", "add-text_en": "has a hotline"})
    assert bad.status_code == 400 and "geen HTML of script" in bad.content.decode()
    assert "heeft een meldpunt" in bad.content.decode()  # what was typed stays
    ok = client.post(url, {"action": "add", "add-name": "Meldpunt", "add-name_en": "Hotline",
                           "add-text": "heeft een meldpunt", "add-text_en": "has a hotline"})
    assert ok.status_code == 302 and Criterion.objects.filter(region=ijsselland, code="meldpunt").exists()
    assert verified(type(client)(), "liaison.zwolle").get(url).status_code == 404


def test_pages_liaison_edits_own_municipality_only_others_read(world, deventer):
    liaison = verified(Client(), "liaison.deventer")
    page = reverse("approach:assess", args=["ijsselland", "GM0150", "signalering"])
    upload = SimpleUploadedFile("raadsbesluit.pdf", b"%PDF-1.4 besluit", content_type="application/pdf")
    answer = liaison.post(page, {"level": "met", "version": "0", "evidence_file": upload})
    assert answer.status_code == 302
    assessment = Assessment.objects.get(municipality=deventer)
    assert assessment.evidence_name == "raadsbesluit.pdf" and assessment.has_evidence
    overview = liaison.get(reverse("approach:overview", args=["ijsselland"])).content.decode()
    assert "sinds" in overview and 'data-level="met"' in overview
    download = liaison.get(reverse("approach:evidence", args=["ijsselland", "GM0150", "signalering"]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    zwolle = reverse("approach:assess", args=["ijsselland", "GM0193", "signalering"])
    assert liaison.get(zwolle).status_code == 404
    analyst = verified(type(liaison)(), "analyst.ijsselland")
    assert analyst.get(reverse("approach:overview", args=["ijsselland"])).status_code == 200
    assert analyst.get(page).status_code == 404
    assert analyst.get(reverse("approach:overview", args=["zeeland"])).status_code == 404
    assert verified(type(liaison)(), "police.ijsselland").get(
        reverse("approach:overview", args=["ijsselland"])).status_code == 404
    officer = verified(type(liaison)(), "vergunningen.zwolle")
    assert officer.get(reverse("approach:municipality", args=["ijsselland", "GM0193"])).status_code == 200
    assert officer.get(reverse("approach:municipality", args=["ijsselland", "GM0150"])).status_code == 404


def test_a_page_error_keeps_what_was_typed(world):
    liaison = verified(Client(), "liaison.deventer")
    page = reverse("approach:assess", args=["ijsselland", "GM0150", "signalering"])
    answer = liaison.post(page, {"level": "partly", "version": "0", "next_step": "Training voor wijkteams",
                                 "next_step_owner": "Team OOV", "next_step_due": "2020-01-01"})
    text = answer.content.decode()
    assert answer.status_code == 400 and "Training voor wijkteams" in text and "in het verleden" in text
    assert not Assessment.objects.exists()


def test_api_reads_the_overview_and_updates_with_if_match(world, deventer):
    liaison = api_client("liaison.deventer")
    cells = liaison.get("/api/v1/baseline-statuses?region=ijsselland&municipality=GM0150")
    assert cells.status_code == 200 and [c["criterion"] for c in cells.json()] == [
        "signalering", "aandachtsfunctionaris", "beleid-regelgeving"]
    url = "/api/v1/baseline-statuses/GM0150/signalering"
    one = liaison.get(url)
    assert one.json()["level"] is None and one["ETag"].endswith('-0"')
    assert liaison.patch(url, {"level": "partly"}, format="json").status_code == 428
    refused = liaison.patch(url, {"level": "met"}, format="json", HTTP_IF_MATCH=one["ETag"])
    assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json"
    assert "evidence_link" in str(refused.json())
    done = liaison.patch(url, {"level": "met", "decision_date": "2025-03-01"}, format="json",
                         HTTP_IF_MATCH=one["ETag"])
    assert done.status_code == 200 and done.json()["level"] == "met" and done.json()["since"] == TODAY.isoformat()
    assert liaison.patch(url, {"level": "partly"}, format="json", HTTP_IF_MATCH=one["ETag"]).status_code == 412
    kept = liaison.patch(url, {"next_step": "Evalueren", "next_step_owner": "OOV",
                               "next_step_due": (TODAY + timedelta(days=9)).isoformat()},
                         format="json", HTTP_IF_MATCH=done["ETag"])
    assert kept.status_code == 200 and kept.json()["level"] == "met" and kept.json()["decision_date"] == "2025-03-01"
    assert api_client("liaison.zwolle").patch(url, {"level": "partly"}, format="json",
                                              HTTP_IF_MATCH=kept["ETag"]).status_code == 404
    assert api_client("analyst.ijsselland").get("/api/v1/baseline-statuses?region=ijsselland").status_code == 200
    assert api_client("analyst.zeeland").get("/api/v1/baseline-statuses?region=ijsselland").status_code == 400
    criteria = api_client("analyst.zeeland").get("/api/v1/baseline-criteria?region=zeeland").json()
    assert len(criteria) == 5 and criteria[0]["name_en"] == "Active signalling"


def test_figures_count_levels_as_of_a_day_and_changes_in_a_period(ijsselland, deventer):
    liaison = user("liaison.deventer")
    c1, c2 = criterion("signalering"), criterion("aandachtsfunctionaris")
    services.record_assessment(liaison, deventer, c1, level=Level.NOT_MET, since=date(2024, 1, 1))
    services.record_assessment(liaison, deventer, c1, level=Level.MET, since=date(2025, 1, 1),
                               decision_date=date(2024, 12, 1))
    services.record_assessment(liaison, deventer, c2, level=Level.MET, since=date(2025, 2, 1),
                               evidence_link="https://deventer.nl/besluit")
    services.record_assessment(liaison, deventer, c2, level=Level.MET, evidence_link="https://deventer.nl/nieuw")
    before = figures.counts(ijsselland, date(2024, 1, 1), date(2024, 6, 30), deventer)
    assert before["per_municipality"] == [{"code": "GM0150", "name": "Deventer", "met": 0, "partly": 0,
                                           "not_met": 1, "unassessed": 2}]
    after = figures.counts(ijsselland, date(2024, 7, 1), TODAY)
    row = next(p for p in after["per_municipality"] if p["code"] == "GM0150")
    assert (row["met"], row["unassessed"]) == (2, 1)
    assert after["municipalities"] == 11 and after["levels"]["met"] == 2 and after["fully_met"] == 0
    assert (after["changes"], after["became_met"]) == (2, 2)  # new evidence alone is no change
    services.record_assessment(liaison, deventer, criterion("beleid-regelgeving"), level=Level.MET,
                               decision_date=date(2025, 3, 1))
    assert figures.counts(ijsselland, date(2024, 7, 1), TODAY)["fully_met"] == 1


def test_criteria_read_in_english_from_the_region_data(world):
    client = verified(Client(), "admin.ijsselland")
    page = client.get(reverse("approach:overview", args=["ijsselland"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Active signalling" in page and "Not assessed" in page and "Actieve signalering" not in page
    setup = client.get(reverse("approach:setup_criteria", args=["ijsselland"]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Basisniveau in five points" in setup.content.decode()


def test_a_change_whose_author_is_gone_still_shows_on_both_pages(world, deventer):
    """An account removed later leaves its changes without an author (SET_NULL): the municipality's
    history shows "—" and the region's overview its cell, rather than failing."""
    services.record_assessment(user("liaison.deventer"), deventer, criterion("signalering"), level=Level.PARTLY,
                               since=date(2024, 1, 10), expected_version=0)
    Change.objects.update(changed_by=None)
    Assessment.objects.update(updated_by=None)
    client = Client()
    verified(client, "liaison.deventer")
    page = client.get(f"/basisniveau/ijsselland/{deventer.cbs_code}")
    assert page.status_code == 200 and "—" in page.content.decode()
    overview = client.get("/basisniveau/ijsselland").content.decode()
    assert 'data-since="2024-01-10"' in overview and "sinds 10 januari 2024" in overview
