"""Care's lists (the register, the care meeting's list, referrals to a shelter, and their API lists)
are read a page at a time by their keys (issue 17): every row once and in order, nothing cut
silently (a page that shows part says how much and links the rest; the register stopped at 200
and the referrals at 50 before), the same number of queries whatever the page size, one
access-log row per page with that page's ids, bad sizes and cursors refused, and on PostgreSQL
no sequential scan of the trajectories of the country."""
import pytest
from django.db import connection
from django.utils import timezone

from ketenzicht.care import views
from ketenzicht.care.models import Consent, Placement, Referral, ShelterPlace, Trajectory
from ketenzicht.lib.keyset import Keyset
from ketenzicht.regions.models import Municipality, Organisation

from ..cases import bulk
from ..cases.walking import queries_of, scans, sql_of, walk_api, walk_page
from ..helpers import api_client, is_postgres, verified


def register_order(trajectories):
    return [str(t.pk) for t in sorted(trajectories, key=lambda t: (t.status, t.review_on, t.pk))]


@pytest.fixture
def many(world):
    """30 trajectories in Zwolle and 5 in Zeeland; consents and placements on some of Zwolle's."""
    mine = bulk.trajectories(30)
    zeeland = Municipality.objects.filter(region__slug="zeeland").order_by("cbs_code").first()
    bulk.trajectories(5, municipality=zeeland.cbs_code)
    partner = Organisation.objects.get(name="Opvang IJsselland")
    place = ShelterPlace.objects.filter(organisation=partner).first()
    today = timezone.localdate()
    for trajectory in mine[:25]:
        Consent.objects.create(trajectory=trajectory, purpose="share", organisation=partner, form="written",
                               given_on=today)
        Placement.objects.create(trajectory=trajectory, place=place, start=today)
    return mine


def test_the_register_walks_every_trajectory_it_may_show(many, client, monkeypatch):
    monkeypatch.setattr(views, "REGISTER_PAGE_SIZE", 4)
    client = verified(client, "care.ijsselland")
    seen, texts = walk_page(client, "/zorg", "trajectories", kind="trajectory")
    assert seen == register_order(many) and "4 van 30 getoond" in texts[0]
    active = [t for t in many if t.status == "active"]
    seen, texts = walk_page(client, "/zorg?status=active", "trajectories", kind="trajectory")
    assert seen == register_order(active) and f"4 van {len(active)} getoond" in texts[0]
    assert "status=active" in texts[0].split("Volgende")[0].rsplit("href=", 1)[1]  # the filter stays on the link


def test_the_care_meeting_walks_the_status_of_every_trajectory(many, client, monkeypatch):
    monkeypatch.setattr(views, "CARE_MEETING_PAGE_SIZE", 4)
    expected = [str(t.pk) for t in Trajectory.objects.filter(municipality__cbs_code="GM0193")
                .order_by("status", "review_on", "opened_at", "pk")]
    seen, texts = walk_page(verified(client, "zorgoverleg.ijsselland"), "/zorgoverleg", "window", kind="trajectory")
    assert seen == expected and "4 van 30 getoond" in texts[0]
    statuses, _ = walk_api(api_client("zorgoverleg.ijsselland"), "/api/v1/care-trajectory-statuses?size=7",
                           field="reference")
    reference = {str(t.pk): t.reference for t in Trajectory.objects.filter(pk__in=expected)}
    assert statuses == [reference[pk] for pk in expected]  # the API names each by its reference


def test_referrals_to_a_shelter_are_all_reached(many, client, monkeypatch):
    monkeypatch.setattr(views, "REFERRAL_PAGE_SIZE", 4)
    made = bulk.referrals(11, on=many)
    seen, texts = walk_page(verified(client, "opvang.ijsselland"), "/opvangplekken", "referrals")
    assert seen == [str(r.pk) for r in sorted(made, key=lambda r: (r.sent_on, r.pk), reverse=True)]
    assert "4 van 11 getoond" in texts[0]


def test_the_trajectories_api_walks_every_trajectory_once(many):
    seen, responses = walk_api(api_client("care.ijsselland"), "/api/v1/care-trajectories?size=7", kind="trajectory")
    assert seen == register_order(many) and responses[0]["X-Total-Count"] == "30"
    provider, _ = walk_api(api_client("opvang.ijsselland"), "/api/v1/care-trajectories?size=7")
    assert provider == []  # nothing handed over to the shelter: it sees no dossier


PAGES = {"/zorg": ("care.ijsselland", "REGISTER_PAGE_SIZE", "trajectories"),
         "/zorgoverleg": ("zorgoverleg.ijsselland", "CARE_MEETING_PAGE_SIZE", "window"),
         "/opvangplekken": ("opvang.ijsselland", "REFERRAL_PAGE_SIZE", "referrals")}
APIS = {"/api/v1/care-trajectories": "care.ijsselland", "/api/v1/care-trajectory-statuses": "zorgoverleg.ijsselland",
        "/api/v1/shelter-places": "opvang.ijsselland"}


@pytest.mark.parametrize("path", PAGES)
def test_a_care_page_makes_as_many_queries_for_2_rows_as_for_20(many, client, monkeypatch, path):
    username, size, key = PAGES[path]
    bulk.referrals(25, on=many)
    client = verified(client, username)
    monkeypatch.setattr(views, size, 2)
    few = queries_of(client, path)
    monkeypatch.setattr(views, size, 20)
    assert len(client.get(path).context[key]) == 20
    assert queries_of(client, path) == few


@pytest.mark.parametrize("path", APIS)
def test_a_care_api_list_makes_as_many_queries_for_2_rows_as_for_20(many, path):
    client = api_client(APIS[path])
    if path == "/api/v1/shelter-places":  # a provider's own places: a few per kind
        organisation = Organisation.objects.get(name="Opvang IJsselland")
        ShelterPlace.objects.bulk_create([ShelterPlace(organisation=organisation, kind="group", places=3)
                                          for _ in range(22)])
    assert len(client.get(path, {"size": 20}).json()) == 20
    assert queries_of(client, f"{path}?size=2") == queries_of(client, f"{path}?size=20")


@pytest.mark.parametrize("path", list(APIS)[:2])
def test_a_care_api_list_refuses_a_bad_size_or_cursor_naming_it(many, path):
    client = api_client(APIS[path])
    for size in ("0", "-1", str(10 ** 9), "twintig"):
        refused = client.get(path, {"size": size})
        assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "size", size
    foreign = Keyset("cases", "id").cursor({"id": 1}, "n")
    for cursor in ("vervalst", foreign):
        refused = client.get(path, {"cursor": cursor})
        assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "cursor", cursor


@pytest.mark.parametrize("path", PAGES)
def test_a_care_page_refuses_a_forged_cursor(many, client, path):
    client = verified(client, PAGES[path][0])
    for cursor in ("vervalst", Keyset("cases", "id").cursor({"id": 1}, "n")):
        assert client.get(path, {"cursor": cursor}).status_code == 400


def test_referrals_beyond_fifty_are_no_longer_cut(many, client):
    bulk.referrals(55, on=many)
    page = client_page = verified(client, "opvang.ijsselland").get("/opvangplekken")
    assert "50 van 55 getoond" in page.content.decode() and client_page.context["referrals"].next_cursor
    assert Referral.objects.count() == 55


@pytest.mark.skipif(not is_postgres(), reason="the plans are PostgreSQL's")
@pytest.mark.parametrize(("username", "url"), [
    ("care.ijsselland", "/api/v1/care-trajectories"), ("care.ijsselland", "/zorg"),
    ("zorgoverleg.ijsselland", "/zorgoverleg"), ("zorgoverleg.ijsselland", "/api/v1/care-trajectory-statuses"),
])
def test_no_care_list_scans_the_trajectories_of_the_country(world, client, username, url):
    """30,000 trajectories in another region and 3,000 in the user's, nine in ten closed as years of
    care leave them: the register's open caseload reads the region's open ones by the index on region
    and status, not every open one of the country hashed against the region's."""
    zeeland = Municipality.objects.filter(region__slug="zeeland").order_by("cbs_code").first()
    with connection.cursor() as cursor:
        for template, copies in ((bulk.trajectories(1, municipality=zeeland.cbs_code)[0], 30_000),
                                 (bulk.trajectories(1)[0], 3_000)):
            cursor.execute("""
                INSERT INTO care_trajectory (id, region_id, municipality_id, name, birth_date, is_minor, age_group,
                    gender, third_country, phase, status, blocked, review_on, residence_status, opened_at, version)
                SELECT gen_random_uuid(), region_id, municipality_id, name, birth_date, is_minor, age_group, gender,
                    third_country, phase, CASE WHEN i %% 10 = 0 THEN status ELSE 'closed' END, blocked,
                    review_on + (i %% 30)::integer, residence_status, opened_at, 1
                FROM care_trajectory, generate_series(1, %s) i WHERE id = %s""", [copies, template.pk])
    bulk.trajectories(60)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE care_trajectory")
    client = verified(client, username) if not url.startswith("/api") else api_client(username)
    for sql in sql_of(client, url):
        if sql.lstrip().upper().startswith(("SELECT", "(SELECT", "WITH")):
            assert scans(sql, {"care_trajectory"}) == [], sql
