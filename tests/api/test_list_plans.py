"""The main lists are read through indexes (issue 17): on PostgreSQL, with enough rows that the
planner would scan a table if no index served the query, no query of the inbox, the signals API,
the notifications or the access log reads a national table from start to end."""
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ketenzicht.intake.models import Signal, SignalMunicipality
from ketenzicht.notifications.models import Notification
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Region

from ..helpers import api_client, is_postgres, signal, user, verified

pytestmark = pytest.mark.skipif(not is_postgres(), reason="the plans are PostgreSQL's")

NATIONAL = {"intake_signal", "intake_signalmunicipality", "privacy_accesslog", "notifications_notification"}
ROWS = 4000


@pytest.fixture
def country(world):
    """ROWS signals over every municipality (each with its link), as many notifications over many
    users and access-log entries over both regions; then the planner's statistics."""
    base = signal("liaison.zwolle", "GM0193", date(2026, 1, 5))
    fields = [f for f in Signal._meta.concrete_fields if f.name not in ("id", "receipt_hash")]
    municipalities = list(Municipality.objects.all())
    now = timezone.now()
    made = []
    for n in range(ROWS):
        m = municipalities[n % len(municipalities)]
        clone = Signal(id=uuid.uuid4(), **{f.attname: getattr(base, f.attname) for f in fields})
        clone.region_id, clone.lead_municipality_id, clone.reporter_id = m.region_id, m.pk, None
        clone.received_at = now - timedelta(hours=n)
        clone.first_seen_at = None if n % 3 else now
        made.append(clone)
    Signal.objects.bulk_create(made, batch_size=500)
    SignalMunicipality.objects.bulk_create(
        [SignalMunicipality(signal=s, municipality_id=s.lead_municipality_id, is_lead=True,
                            **SignalMunicipality.inbox_keys(s)) for s in made], batch_size=500)
    users = list(type(user("chair.ijsselland")).objects.all())
    Notification.objects.bulk_create([Notification(user=users[n % len(users)], kind="agenda", url=f"/casussen/{n}")
                                      for n in range(ROWS)], batch_size=500)
    # The country's 25 regions: the privacy officer's is one of them.
    regions = list(Region.objects.all()) + [Region.objects.create(slug=f"plan-{n}", name=f"Regio {n}")
                                            for n in range(25 - Region.objects.count())]
    AccessLog.objects.bulk_create([AccessLog(action="view", object_type="signal", object_id=str(n),
                                             region=regions[n % len(regions)]) for n in range(ROWS)], batch_size=500)
    with connection.cursor() as cursor:
        cursor.execute("analyze")


def scanned(plan, what="Seq Scan"):
    """The relations a plan reads with a sequential scan (or the indexes it reads, for "Index Name")."""
    found = set()
    if what == "Index Name" and plan.get("Index Name"):
        found.add(plan["Index Name"])
    elif plan.get("Node Type") == what:
        found.add(plan.get("Relation Name"))
    for child in plan.get("Plans", []):
        found |= scanned(child, what)
    return found


def national_scans(fetch):
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    found, indexes = {}, set()
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip("( ").lower().startswith(("select", "with")):
                continue
            cursor.execute("explain (format json) " + sql)
            plan = cursor.fetchone()[0]
            plan = plan if isinstance(plan, list) else __import__("json").loads(plan)
            tables = scanned(plan[0]["Plan"]) & NATIONAL
            indexes |= scanned(plan[0]["Plan"], "Index Name")
            if tables:
                found[sql[:300]] = tables
    return found, indexes


def test_the_main_lists_scan_no_national_table(country, client):
    api = api_client("liaison.zwolle")
    checks = {  # and the index each list's page is read by
        "inbox page": (lambda: verified(client, "liaison.zwolle").get("/signalen"), "intake_sm_rank"),
        "inbox, all": (lambda: verified(client, "liaison.zwolle").get("/signalen?status=all"), "intake_sm_rank"),
        "signals API": (lambda: api.get("/api/v1/signals?size=20"), "intake_sm_rank"),
        "notifications": (lambda: verified(client, "chair.ijsselland").get("/berichten"), "notification_groups"),
        # At this size the planner reads a region's entries by its foreign key's index and sorts them.
        "access log": (lambda: verified(client, "privacy.ijsselland").get("/privacy/toegangslog"), None),
    }
    for name, (fetch, index) in checks.items():
        found, indexes = national_scans(fetch)
        assert found == {}, name + "\n" + "\n".join(f"{sorted(t)}: {sql}" for sql, t in found.items())
        assert index is None or index in indexes, (name, indexes)
