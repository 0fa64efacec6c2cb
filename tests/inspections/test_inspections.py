"""Integral inspections: Kampen plans one with the labour inspectorate, the inspectorate records a
finding, and the finding becomes a signal in Kampen's inbox once, not twice."""
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ketenzicht.inspections import access, services
from ketenzicht.inspections.figures import counts
from ketenzicht.inspections.models import Finding, Inspection
from ketenzicht.intake.models import Signal
from ketenzicht.lib.errors import Conflict, Invalid
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Organisation, Sector

from ..helpers import user, verified

INSPECTORATE = "melder.arbeidsinspectie.ijsselland"


def org(sector, region="ijsselland"):
    return Organisation.objects.get(sector=sector, region__slug=region)


def kampen():
    return Municipality.objects.get(name="Kampen")


def plan_kampen(**overrides):
    data = {"planned_on": date(2026, 11, 2), "address": "Industrieweg 12, Kampen", "business_name": "Kas BV",
            "kvk_number": "12345678", "purpose": "Signalen van overbewoning",
            "partners": [org(Sector.LABOUR_INSPECTION), org(Sector.POLICE)], **overrides}
    return services.plan(user("liaison.kampen"), kampen(), data)


@pytest.fixture
def inspection(world):
    return plan_kampen()


def test_a_finding_becomes_a_signal_in_kampens_inbox_once(inspection, client):
    inspector = user(INSPECTORATE)
    finding = services.record_finding(inspector, inspection, org(Sector.LABOUR_INSPECTION),
                                      "Acht werknemers slapen in de loods; paspoorten liggen bij de voorman.", True)
    signal = services.make_signal(inspector, finding)
    assert signal.lead_municipality == kampen()
    assert signal.source_sector == Sector.LABOUR_INSPECTION
    assert inspection.reference in signal.description and "paspoorten" in signal.description
    assert Finding.objects.get(pk=finding.pk).signal == signal
    with pytest.raises(Conflict):
        services.make_signal(user("liaison.kampen"), finding)
    assert Signal.objects.count() == 1
    # Kampen's liaison finds it in the inbox; Zwolle's does not.
    page = verified(client, "liaison.kampen").get("/signalen")
    assert signal.reference in page.content.decode()
    client.logout()
    assert signal.reference not in verified(client, "liaison.zwolle").get("/signalen").content.decode()


def test_the_finding_page_makes_the_signal_and_refuses_the_second(inspection, client):
    inspector = verified(client, INSPECTORATE)
    response = inspector.post(f"/controles/{inspection.pk}/bevindingen", {
        "organisation": org(Sector.LABOUR_INSPECTION).pk, "text": "Geen arbeidscontracten.",
        "points_to_trafficking": "on"})
    assert response.status_code == 302
    finding = Finding.objects.get()
    response = inspector.post(f"/controles/{inspection.pk}/bevindingen/{finding.pk}/signaal",
                              {"exploitation_forms": ["labour"]})
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert list(signal.exploitation_forms.values_list("code", flat=True)) == ["labour"]
    again = inspector.post(f"/controles/{inspection.pk}/bevindingen/{finding.pk}/signaal", {}, follow=True)
    assert "al een signaal" in again.content.decode()
    assert Signal.objects.count() == 1


def test_a_partner_records_only_for_its_own_organisation(inspection):
    with pytest.raises(Invalid) as refused:
        services.record_finding(user(INSPECTORATE), inspection, org(Sector.POLICE), "Niets", False)
    assert "organisation" in refused.value.errors
    with pytest.raises(PermissionDenied):  # not taking part: no finding, and the attempt is logged
        services.record_finding(user("melder.zorg.ijsselland"), inspection,
                               Organisation.objects.get(name="GGD IJsselland"), "x", False)
    assert AccessLog.objects.filter(action="denied", object_type="inspection", object_id=str(inspection.pk)).exists()
    assert not Finding.objects.exists()


def test_who_sees_an_inspection(inspection):
    assert access.can(user("liaison.kampen"), "view", inspection)
    assert access.can(user(INSPECTORATE), "view", inspection)
    assert access.can(user("police.ijsselland"), "view", inspection)
    for outsider in ("liaison.zwolle", "melder.zorg.ijsselland", "analyst.ijsselland", "liaison.goes",
                     "burgemeester.zwolle"):
        assert not access.can(user(outsider), "view", inspection), outsider
        assert not access.inspections_visible_to(user(outsider)).exists(), outsider
    assert list(access.inspections_visible_to(user(INSPECTORATE))) == [inspection]


def test_a_partner_reads_only_its_own_findings(inspection):
    services.record_finding(user(INSPECTORATE), inspection, org(Sector.LABOUR_INSPECTION), "A", False)
    services.record_finding(user("police.ijsselland"), inspection, org(Sector.POLICE), "B", False)
    assert [f.text for f in access.findings_for(user(INSPECTORATE), inspection)] == ["A"]
    assert sorted(f.text for f in access.findings_for(user("liaison.kampen"), inspection)) == ["A", "B"]


@pytest.mark.parametrize("overrides, field", [
    ({"address": "", "business_name": ""}, "address"),
    ({"kvk_number": ""}, "kvk_number"),
    ({"partners": []}, "partners"),
])
def test_bad_plans_are_refused_and_change_nothing(world, overrides, field):
    with pytest.raises(Invalid) as refused:
        plan_kampen(**overrides)
    assert field in refused.value.errors
    assert not Inspection.objects.exists()


def test_a_partner_of_another_region_is_refused(world):
    with pytest.raises(Invalid) as refused:
        plan_kampen(partners=[org(Sector.LABOUR_INSPECTION, "zeeland")])
    assert "partners" in refused.value.errors


def test_only_the_municipality_plans(world):
    with pytest.raises(PermissionDenied):
        services.plan(user("liaison.zwolle"), kampen(), {"planned_on": date(2026, 1, 1), "address": "x",
                                                         "partners": [org(Sector.POLICE)]})
    assert access.plans_inspections(user("vergunningen.zwolle"))


def test_the_planning_page_keeps_what_was_typed_on_an_error(world, client):
    page = verified(client, "liaison.kampen")
    response = page.post("/controles/nieuw", {"municipality": "GM0166", "planned_on": "2026-11-02",
                                              "business_name": "Kas <script>alert(1)</script>", "address": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "KvK-nummer" in body and "Kas &lt;script&gt;" in body and "<script>alert" not in body
    assert not Inspection.objects.exists()
    forged = page.post("/controles/nieuw", {"municipality": "GM0166", "planned_on": "2026-11-02", "address": "x",
                                            "partners": [org(Sector.POLICE, "zeeland").pk]})
    assert forged.status_code == 400 and not Inspection.objects.exists()


def test_figures_count_inspections_and_the_signals_they_produced(inspection):
    inspector = user(INSPECTORATE)
    services.make_signal(inspector, services.record_finding(inspector, inspection, org(Sector.LABOUR_INSPECTION),
                                                            "Paspoorten ingenomen", True))
    services.record_finding(user("police.ijsselland"), inspection, org(Sector.POLICE), "Niets bijzonders", False)
    plan_kampen(planned_on=date(2025, 3, 1))
    found = counts(kampen().region, date(2026, 1, 1), date(2026, 12, 31))
    assert found["total"] == 1 and found["by_status"]["planned"] == 1
    assert found["findings"] == 2 and found["pointing_to_trafficking"] == 1 and found["signals"] == 1
    assert found["by_partner_sector"] == {Sector.LABOUR_INSPECTION: 1, Sector.POLICE: 1}
    assert counts(kampen().region, date(2026, 1, 1), date(2026, 12, 31),
                  Municipality.objects.get(name="Zwolle"))["total"] == 0
