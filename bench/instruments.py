"""The speed benchmark of issue 18: the region's basisniveau and instruments overview, and the
instrument lists and figures, with a national installation's numbers.

    .venv/bin/python bench/instruments.py                  (database ketenzicht_bench_instruments)
    .venv/bin/python bench/instruments.py --keep --runs 30 (measure an existing one again)

The installation: 25 regions with 342 municipalities (IJsselland as the demo loads it, 23
synthetic regions of 11 and one of 78, built by the demo loader as bench/data.py builds them), the
basisniveau's criteria with every municipality assessed and a history of three changes per
criterion, the barrier model's instruments with their state per municipality, and 50,000 permits
and measures (25,000 each, spread over the municipalities and ten years), 5,000 Bibob requests
and 5,000 inspections with two findings each. Measured in-process, as bench/run.py measures
(median, p95, fastest–slowest, the share of the SQL, the load average): the overview of the
largest region for its analyst and of IJsselland for Deventer's liaison, a municipality's page,
the licensing officer's register and Bibob list, the mayor's office's measures, the inspections,
and the instrument figures through `/api/v1/stats` for the last calendar year.
Not covered: writing (registering a permit against the maximum takes a row lock per municipality),
the monitor PDF with these sections (bench/run.py --only monitor), concurrency.
"""
import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402 - bench/data.py, next to this file
import run  # noqa: E402 - bench/run.py: measuring and reporting

NAME = "ketenzicht_bench_instruments"
PERMITS = MEASURES = 25_000
BIBOB = INSPECTIONS = 5_000
LARGE_MUNICIPALITIES = 78  # 11 + 23 x 11 + 78 = 342 municipalities, as the country has in 2025


def fill(rng):
    from django.utils import timezone

    from ketenzicht.accounts.models import User
    from ketenzicht.approach.models import Assessment, Change, Criterion, Instrument, InstrumentState, Level, Presence
    from ketenzicht.demo import approach as demo_approach
    from ketenzicht.inspections.models import Finding, Inspection
    from ketenzicht.measures.models import Kind as MeasureKind
    from ketenzicht.measures.models import LegalGround, Measure
    from ketenzicht.permits.models import BibobAdvice, BibobRequest, Kind, Permit, PermitMaximum, PermitStatus
    from ketenzicht.regions.models import Municipality, Organisation, Region, Sector

    today = timezone.localdate()
    started = time.perf_counter()
    for region in Region.objects.all():  # the synthetic regions: the five criteria and the demo's barrier model
        if region.slug not in demo_approach.PRESET:
            demo_approach.PRESET[region.slug] = "ccv_5"
            demo_approach._configure(region, User.objects.get(username=f"admin.{region.slug}"))
    municipalities = list(Municipality.objects.select_related("region"))
    grounds = list(LegalGround.objects.filter(region__isnull=True))
    states, assessments, changes = [], [], []
    for m in municipalities:
        for criterion in Criterion.objects.filter(region=m.region, retired_at__isnull=True):
            level = rng.choice(Level.values)
            since = today - timedelta(days=rng.randrange(30, 2000))
            assessments.append(Assessment(municipality=m, criterion=criterion, level=level, since=since,
                                          evidence_link="https://gemeente.example/besluit", version=3,
                                          next_step="Evaluatie plannen", next_step_owner="Team OOV",
                                          next_step_due=today + timedelta(days=rng.randrange(-30, 200))))
        for instrument in Instrument.objects.filter(region=m.region, retired_at__isnull=True):
            states.append(InstrumentState(municipality=m, instrument=instrument, presence=rng.choice(Presence.values)))
    Assessment.objects.bulk_create(assessments, ignore_conflicts=True)
    for a in Assessment.objects.all():
        for k in range(3):
            changes.append(Change(assessment=a, municipality_id=a.municipality_id, criterion_id=a.criterion_id,
                                  level=rng.choice(Level.values), since=a.since - timedelta(days=300 * (3 - k)),
                                  until=a.since - timedelta(days=300 * (2 - k)) if k < 2 else None))
    Change.objects.bulk_create(changes, batch_size=5000)
    InstrumentState.objects.bulk_create(states, ignore_conflicts=True)
    print(f"basisniveau: {len(assessments)} assessments, {len(changes)} changes, {len(states)} instrument states")

    permits, maxima = [], []
    for m in municipalities:
        maxima.append(PermitMaximum(region=m.region, municipality=m, maximum=rng.randrange(60, 120),
                                    valid_from=date(2015, 1, 1), decided_on=date(2014, 12, 1),
                                    reference="APV art. 3:4"))
    PermitMaximum.objects.bulk_create(maxima)
    for n in range(PERMITS):
        m = municipalities[n % len(municipalities)]
        start = today - timedelta(days=rng.randrange(0, 3650))
        end = start + timedelta(days=rng.choice([365, 730, 1825]))
        ended = rng.random() < 0.05
        permits.append(Permit(region=m.region, municipality=m, kind=rng.choice(Kind.values),
                              business_name=f"Bedrijf {n}", kvk_number=f"{10000000 + n}",
                              address=f"{rng.choice(data.STREETS)} {n % 300 + 1}, {m.name}", valid_from=start,
                              valid_until=end, occupies_until=end,
                              status=PermitStatus.WITHDRAWN if ended else PermitStatus.GRANTED,
                              ended_on=end if ended else None))
    Permit.objects.bulk_create(permits, batch_size=5000)
    bibob = [BibobRequest(region=m.region, municipality=m, subject_name=f"Bedrijf {n}", kvk_number=f"{20000000 + n}",
                          reason="Aanvraag exploitatievergunning", advice=rng.choice(BibobAdvice.values),
                          advice_requested_on=today - timedelta(days=rng.randrange(30, 3650)))
             for n, m in ((n, municipalities[n % len(municipalities)]) for n in range(BIBOB))]
    BibobRequest.objects.bulk_create(bibob, batch_size=5000)
    measures = []
    for n in range(MEASURES):
        m = municipalities[(n * 7) % len(municipalities)]
        decided = today - timedelta(days=rng.randrange(0, 3650))
        measures.append(Measure(region=m.region, municipality=m, kind=rng.choice(MeasureKind.values),
                                ground=rng.choice(grounds), decided_on=decided, starts_on=decided,
                                ends_on=decided + timedelta(days=90), address=f"Havenkade {n % 200}, {m.name}",
                                decision="Besluit", signed_at=timezone.now() if rng.random() < 0.9 else None))
    Measure.objects.bulk_create(measures, batch_size=5000)
    inspections = [Inspection(region=m.region, municipality=m, planned_on=today - timedelta(days=rng.randrange(0, 3650)),
                              address=f"Industrieweg {n % 100}, {m.name}", purpose="Integrale controle",
                              status="done")
                   for n, m in ((n, municipalities[(n * 3) % len(municipalities)]) for n in range(INSPECTIONS))]
    Inspection.objects.bulk_create(inspections, batch_size=5000)
    inspectorate = {o.region_id: o for o in Organisation.objects.filter(sector=Sector.LABOUR_INSPECTION)}
    through = Inspection.partners.through
    links, findings = [], []
    for i in Inspection.objects.all():
        organisation = inspectorate.get(i.region_id) or Organisation.objects.filter(region_id=i.region_id).first()
        links.append(through(inspection_id=i.pk, organisation_id=organisation.pk))
        for k in range(2):
            findings.append(Finding(inspection=i, organisation=organisation, text=f"Bevinding {k}",
                                    points_to_trafficking=k == 0 and rng.random() < 0.2))
    through.objects.bulk_create(links, batch_size=5000)
    Finding.objects.bulk_create(findings, batch_size=5000)
    print(f"{PERMITS} permits, {BIBOB} Bibob requests, {MEASURES} measures, {INSPECTIONS} inspections in "
          f"{time.perf_counter() - started:.0f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="reuse the benchmark database if it is filled")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    data.configure(0, NAME)
    import django

    data.fresh_database(NAME, args.keep)
    django.setup()
    from django.core.management import call_command

    from ketenzicht.permits.models import Permit
    from ketenzicht.regions.models import Municipality

    call_command("migrate", verbosity=0)
    if not Permit.objects.exists():
        data.BIG_MUNICIPALITIES = LARGE_MUNICIPALITIES
        data.regions()
        fill(random.Random(18))  # nosec B311 - benchmark data
        data.psql("vacuum analyze", NAME)
    print(f"{Municipality.objects.count()} municipalities, {Permit.objects.count()} permits (load {run.load():.1f})")
    year = date.today().year - 1
    period = f"from={year}-01-01&to={year}-12-31"
    big = data.BIG_SLUG
    for username, pages in {
        f"analyst.{big}": [("basisniveau overview, region of 78 municipalities", f"/basisniveau/{big}"),
                           ("stats permits, region of 78, last year", f"/api/v1/stats/permits?region={big}&{period}"),
                           ("stats measures, region of 78, last year", f"/api/v1/stats/measures?region={big}&{period}")],
        "liaison.deventer": [("basisniveau overview IJsselland, liaison", "/basisniveau/ijsselland"),
                             ("basisniveau Deventer, liaison", "/basisniveau/ijsselland/GM0150")],
        "vergunningen.zwolle": [("permit register Zwolle", "/vergunningen"), ("Bibob list Zwolle", "/bibob")],
        "burgemeester.zwolle": [("measures Zwolle", "/maatregelen")],
        "liaison.zwolle": [("inspections Zwolle", "/controles")],
    }.items():
        page_client, api_client = run.verified_client(username), run.api_client(username)
        for label, path in pages:
            run.measure(label, api_client if path.startswith("/api/") else page_client, path, args.runs, 100, 200)
    if args.json:
        Path(args.json).write_text(json.dumps({"results": run.RESULTS}, indent=1, default=str))


if __name__ == "__main__":
    main()
