"""Permits against the APV's maximum: never more valid at the same time than the maximum in force
on that day, one permit per business and address at a time, dates in order; ending a permit frees
its place; expiring permits are signalled once; the same rules through pages and API."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ketenzicht.lib.errors import Invalid, Refused, Stale
from ketenzicht.notifications.models import Notification
from ketenzicht.permits import services
from ketenzicht.permits.models import Kind, Permit, PermitStatus, Scope
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality

from ..helpers import api_client, user, verified

TODAY = timezone.localdate()


def zwolle():
    return Municipality.objects.get(cbs_code="GM0193")


def data(n=1, kind=Kind.SEX_BUSINESS, start=None, end=None, **extra):
    start = start or TODAY - timedelta(days=10)
    return {"kind": kind, "business_name": f"Bedrijf {n}", "kvk_number": f"{80000000 + n}",
            "address": f"Straat {n}, Zwolle", "valid_from": start, "valid_until": end or start + timedelta(days=365),
            "conditions": "", "bibob_outcome": "", **extra}


def register(n=1, **kwargs):
    return services.register_permit(user("vergunningen.zwolle"), zwolle(), data(n, **kwargs))


def test_zwolle_has_the_seeds_maximum_of_ten_for_both_kinds_together(world):
    assert services.places(zwolle()) == [{"scope": "all", "label": Scope.ALL.label, "maximum": 10, "taken": 0,
                                          "remaining": 10, "reference": "artikel 3:4 lid 2 APV Zwolle"}]


def test_the_eleventh_permit_valid_at_the_same_time_is_refused(world):
    for n in range(1, 11):
        register(n, kind=Kind.ESCORT if n % 2 else Kind.SEX_BUSINESS)
    assert services.places(zwolle())[0]["remaining"] == 0
    with pytest.raises(Invalid) as refused:
        register(11)
    assert "Het maximum is bereikt" in refused.value.message and "ten hoogste 10" in refused.value.message
    assert refused.value.errors.keys() == {"valid_from"}
    assert Permit.objects.count() == 10


def test_a_permit_after_the_others_end_fits_and_one_overlapping_their_end_does_not(world):
    end = TODAY + timedelta(days=30)
    for n in range(1, 11):
        register(n, end=end)
    register(11, start=end + timedelta(days=1))  # from the day after: nobody else is valid then
    with pytest.raises(Invalid):
        register(12, start=end)  # its first day is the others' last: eleven at once
    # One starting before the others and ending before them still meets all ten of them.
    with pytest.raises(Invalid):
        register(13, start=TODAY - timedelta(days=400), end=TODAY - timedelta(days=5))
    register(14, start=TODAY - timedelta(days=400), end=TODAY - timedelta(days=11))  # ended before they began


def test_the_maximum_in_force_on_each_day_counts_with_its_history(world):
    """As Emmen's (seed 004): six permits until the council lowered the maximum to four."""
    officer, municipality = user("vergunningen.zwolle"), zwolle()
    services.record_maximum(officer, municipality, Scope.SEX_BUSINESS, 6, date(2000, 1, 1), date(1999, 12, 1),
                            "APV art. 2:44 lid 1")
    services.record_maximum(officer, municipality, Scope.SEX_BUSINESS, 4, TODAY + timedelta(days=100),
                            TODAY, "RA09.0059")
    day = lambda n: TODAY + timedelta(days=n)  # noqa: E731
    for n in range(1, 6):
        register(n, start=TODAY, end=day(99))  # five sex businesses, under six, until the drop
    assert {p["scope"]: p["remaining"] for p in services.places(municipality)} == {"all": 5, "sex_business": 1}
    register(6, start=TODAY, end=day(50))  # the sixth, until day 50
    with pytest.raises(Invalid) as refused:
        register(7, start=TODAY, end=day(60))
    assert "ten hoogste 6" in refused.value.message
    register(8, start=day(51), end=day(60))  # the sixth place is free again from day 51
    for n in range(9, 13):  # from day 100 four fit, and a fifth does not
        register(n, start=day(100))
    with pytest.raises(Invalid) as refused:
        register(13, start=day(120))
    assert "ten hoogste 4" in refused.value.message
    # An escort firm counts only against both kinds together (ten): it fits beside the four.
    register(14, kind=Kind.ESCORT, start=day(120))


def test_one_business_holds_one_permit_per_address_at_a_time(world):
    register(1, end=TODAY + timedelta(days=30))
    with pytest.raises(Invalid) as refused:
        register(1, start=TODAY + timedelta(days=30), end=TODAY + timedelta(days=300))
    assert "mogen niet overlappen" in refused.value.message
    with pytest.raises(Invalid):  # the same address typed otherwise is the same address
        services.register_permit(user("vergunningen.zwolle"), zwolle(), data(1, address="  straat 1,   ZWOLLE "))
    register(1, start=TODAY + timedelta(days=31))  # the next period
    services.register_permit(user("vergunningen.zwolle"), zwolle(), data(1, address="Andere straat 2, Zwolle"))
    assert Permit.objects.count() == 3


def test_dates_in_the_wrong_order_are_refused(world):
    with pytest.raises(Invalid) as refused:
        register(1, start=TODAY, end=TODAY - timedelta(days=1))
    assert refused.value.errors.keys() == {"valid_until"}
    assert not Permit.objects.exists()


def test_ending_a_permit_frees_its_place_from_that_day(world):
    permits = [register(n) for n in range(1, 11)]
    mayor = user("burgemeester.zwolle")
    services.end_permit(mayor, permits[0], PermitStatus.WITHDRAWN, TODAY + timedelta(days=20), "Besluit 2026-17")
    permits[0].refresh_from_db()
    assert permits[0].status == PermitStatus.WITHDRAWN and permits[0].occupies_until == TODAY + timedelta(days=19)
    with pytest.raises(Invalid):
        register(11, start=TODAY)
    register(11, start=TODAY + timedelta(days=20))
    with pytest.raises(Refused):  # ended once
        services.end_permit(mayor, permits[0], PermitStatus.WITHDRAWN, TODAY, "Nog eens")


def test_a_change_on_an_old_version_is_refused_and_changes_nothing(world):
    permit = register(1)
    officer = user("vergunningen.zwolle")
    services.update_permit(officer, permit, {"conditions": "Eerste"}, expected_version=1)
    with pytest.raises(Stale):
        services.update_permit(officer, permit, {"conditions": "Tweede"}, expected_version=1)
    permit.refresh_from_db()
    assert permit.conditions == "Eerste" and permit.version == 2


def test_only_the_municipality_s_own_licensing_officer_registers(world):
    for username in ("liaison.zwolle", "liaison.deventer", "analyst.ijsselland", "admin.ijsselland"):
        with pytest.raises(PermissionDenied):
            services.register_permit(user(username), zwolle(), data(1))
    assert not Permit.objects.exists()
    assert AccessLog.objects.filter(action="denied", object_type="permit").count() == 4


def test_expiring_permits_are_signalled_once(world):
    soon = register(1, end=TODAY + timedelta(days=60))
    register(2, end=TODAY + timedelta(days=200))
    assert services.signal_expiring_permits() == 1
    assert services.signal_expiring_permits() == 0
    told = Notification.objects.filter(kind="permit_expiring")
    assert list(told.values_list("user__username", flat=True)) == ["vergunningen.zwolle"]
    assert told.get().params["reference"] == soon.reference
    # Extended, and near its new end later: told again then.
    services.update_permit(user("vergunningen.zwolle"), soon, {"valid_until": TODAY + timedelta(days=400)})
    assert services.signal_expiring_permits() == 0
    assert services.signal_expiring_permits(TODAY + timedelta(days=330)) == 1
    assert Notification.objects.filter(kind="permit_expiring", about_id=str(soon.pk)).count() == 2


# ------------------------------------------------------------------------------------ pages
def test_the_register_shows_the_places_left_and_what_expires(world, client):
    register(1, end=TODAY + timedelta(days=60))
    page = verified(client, "vergunningen.zwolle").get("/vergunningen")
    text = page.content.decode()
    assert page.status_code == 200 and "Nog 9 plaatsen vrij" in text and "Bedrijf 1" in text
    assert "Verloopt binnen 90 dagen" in text


def test_the_page_refuses_the_eleventh_keeping_what_was_typed(world, client):
    for n in range(1, 11):
        register(n)
    verified(client, "vergunningen.zwolle")
    form = {"municipality": "GM0193", "kind": "escort", "business_name": "Nieuw Escort", "kvk_number": "81234567",
            "address": "Kade 1, Zwolle", "valid_from": TODAY.isoformat(),
            "valid_until": (TODAY + timedelta(days=100)).isoformat()}
    page = client.post("/vergunningen/nieuw", form)
    assert page.status_code == 400
    text = page.content.decode()
    assert "Het maximum is bereikt" in text and 'value="Nieuw Escort"' in text and "Nog 0 plaatsen vrij" in text
    assert Permit.objects.count() == 10


def test_another_municipality_s_liaison_sees_no_permit(world, client):
    permit = register(1)
    assert verified(client, "liaison.deventer").get(f"/vergunningen/{permit.pk}").status_code == 404
    own = client.get("/vergunningen")  # Deventer's own register, without Zwolle's permits
    assert own.status_code == 200 and "Bedrijf 1" not in own.content.decode()
    assert verified(client, "analyst.ijsselland").get("/vergunningen").status_code == 403
    assert verified(client, "liaison.zwolle").get(f"/vergunningen/{permit.pk}").status_code == 200


def test_a_stale_form_changes_nothing(world, client):
    permit = register(1)
    services.update_permit(user("vergunningen.zwolle"), permit, {"conditions": "Intussen"})
    verified(client, "vergunningen.zwolle")
    fields = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data(1).items()}
    page = client.post(f"/vergunningen/{permit.pk}/wijzigen", {**fields, "conditions": "Mijn wijziging",
                                                                "version": 1}, follow=True)
    assert "intussen gewijzigd" in page.content.decode()
    permit.refresh_from_db()
    assert permit.conditions == "Intussen"


# ------------------------------------------------------------------------------------ API
def test_the_api_refuses_the_eleventh_naming_the_field(world):
    for n in range(1, 11):
        register(n)
    client = api_client("vergunningen.zwolle")
    body = {"municipality": "GM0193", "kind": "sex_business", "business_name": "Elf", "kvk_number": "81111111",
            "address": "Elfstraat 11", "valid_from": TODAY.isoformat(),
            "valid_until": (TODAY + timedelta(days=10)).isoformat()}
    refused = client.post("/api/v1/permits", body, format="json")
    assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["invalid_params"][0]["name"] == "valid_from"
    assert client.post("/api/v1/permits", {**body, "kvk_number": "12"}, format="json").json()[
        "invalid_params"][0]["name"] == "kvk_number"
    listed = client.get("/api/v1/permits?size=5")
    assert listed.status_code == 200 and len(listed.json()) == 5 and listed["X-Total-Count"] == "10"


def test_the_api_changes_a_permit_only_on_its_current_etag(world):
    permit = register(1)
    client = api_client("vergunningen.zwolle")
    etag = client.get(f"/api/v1/permits/{permit.pk}")["ETag"]
    assert client.patch(f"/api/v1/permits/{permit.pk}", {"conditions": "x"}, format="json").status_code == 428
    changed = client.patch(f"/api/v1/permits/{permit.pk}", {"conditions": "Stil alarm"}, format="json",
                           HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["conditions"] == "Stil alarm"
    assert client.patch(f"/api/v1/permits/{permit.pk}", {"conditions": "Oud"}, format="json",
                        HTTP_IF_MATCH=etag).status_code == 412
    assert api_client("liaison.deventer").get(f"/api/v1/permits/{permit.pk}").status_code == 404
    assert api_client("liaison.zwolle").patch(f"/api/v1/permits/{permit.pk}", {"conditions": "y"}, format="json",
                                              HTTP_IF_MATCH=changed["ETag"]).status_code == 404
