"""The figures of the municipality's own approach (issue 18) in the region's picture: the basisniveau,
permits against the maximum, Bibob, measures and inspections, on the dashboard, through
`/api/v1/stats/<figure>` and in the monitor; what counts no people and is public by law shown
exactly, every other count published as all counts are."""
import io
from datetime import date, timedelta

from django.utils import timezone
from openpyxl import load_workbook

from ketenzicht.approach import services as approach
from ketenzicht.approach.models import Criterion, Level
from ketenzicht.measures import services as measures
from ketenzicht.measures.models import Kind as MeasureKind
from ketenzicht.measures.models import LegalGround
from ketenzicht.permits import services as permits
from ketenzicht.permits.models import Kind as PermitKind
from ketenzicht.regions.models import Municipality

from ..helpers import api_client, user, verified

TODAY = timezone.localdate()
# The last whole month: a period whose figures an analyst may see (rounded figures are published
# for whole past periods only).
END = TODAY.replace(day=1) - timedelta(days=1)
START = END.replace(day=1)
PERIOD = f"from={START.isoformat()}&to={END.isoformat()}"


def _instruments():
    zwolle, deventer = (Municipality.objects.get(cbs_code=c) for c in ("GM0193", "GM0150"))
    for n in range(1, 7):
        start = START + timedelta(days=n)
        permits.register_permit(user("vergunningen.zwolle"), zwolle, {
            "kind": PermitKind.SEX_BUSINESS, "business_name": f"Bedrijf {n}", "kvk_number": f"{80000000 + n}",
            "address": f"Straat {n}, Zwolle", "valid_from": start, "valid_until": start + timedelta(days=365),
            "conditions": "", "bibob_outcome": ""})
    criterion = Criterion.objects.filter(region=deventer.region, retired_at__isnull=True).first()
    approach.record_assessment(user("liaison.deventer"), deventer, criterion, level=Level.MET,
                               evidence_link="https://deventer.example/besluit", decision_date=START, since=START,
                               expected_version=0)
    measures.record(user("burgemeester.zwolle"), zwolle, {
        "kind": MeasureKind.CLOSURE, "ground": LegalGround.objects.get(code="gemeentewet-174"),
        "decided_on": START, "starts_on": START, "ends_on": START + timedelta(days=90),
        "address": "Diezerstraat 1, Zwolle", "business_name": "Club X", "kvk_number": "87654321",
        "decision": "Sluiting voor drie maanden"})


def _row(body, key):
    return next(row for row in body["rows"] if row["key"] == key)


def test_the_stats_api_publishes_permits_and_the_basisniveau_exactly_and_measures_rounded(world):
    _instruments()
    client = api_client("analyst.ijsselland")
    body = client.get(f"/api/v1/stats/permits?{PERIOD}").json()
    assert {c["key"]: c["kind"] for c in body["columns"]}["remaining"] == "number"
    zwolle = _row(body, "GM0193")
    # Seed 000: at most 10 in Zwolle; six granted here leave four places, shown as four (not "<5").
    assert zwolle["values"] == {"maximum": 10, "valid": 6, "remaining": 4, "granted": 6, "ended": 0}
    assert zwolle["hidden"] == []
    basis = _row(client.get(f"/api/v1/stats/basisniveau?{PERIOD}").json(), "GM0150")
    assert basis["values"]["met"] == 1 and basis["hidden"] == []
    measures_body = client.get(f"/api/v1/stats/measures?{PERIOD}").json()
    closure = _row(measures_body, f"kind:{MeasureKind.CLOSURE}")
    assert closure["hidden"] == ["n"] and closure["values"]["n"] is None  # one closure: a small count
    assert _row(measures_body, "ground:gemeentewet-174")["hidden"] == ["n"]
    assert client.get(f"/api/v1/stats/inspections?{PERIOD}").status_code == 200


def test_the_dashboard_and_the_monitor_show_the_municipalitys_approach(world, client):
    _instruments()
    verified(client, "chair.ijsselland")
    page = client.get(f"/cijfers?{PERIOD}").content.decode()
    for title in ("Basisniveau bestuurlijke aanpak", "Vergunningen seksbranche tegen het maximum", "Bibob-toetsen",
                  "Bestuurlijke maatregelen", "Integrale controles"):
        assert title in page
    book = load_workbook(io.BytesIO(client.get(f"/cijfers/monitor.xlsx?{PERIOD}").getvalue()))
    sheet = book["Vergunningen"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Zwolle", 10, 6, 4, 6, 0] in [row[:6] for row in rows], rows
    basis = [[cell.value for cell in row] for row in book["Basisniveau"].iter_rows()]
    assert next(row for row in basis if row[0] == "Deventer")[1] == 1, basis  # the criterion met, exactly


def test_a_municipality_selection_counts_that_municipality_only(world):
    _instruments()
    client = api_client("analyst.ijsselland")
    body = client.get(f"/api/v1/stats/permits?{PERIOD}&municipality=GM0150").json()
    assert [row["key"] for row in body["rows"]] == []  # Deventer has no maximum and no permits
    assert date.fromisoformat(body["end"]) == END
