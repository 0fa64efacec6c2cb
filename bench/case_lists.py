"""The case lists at national scale (issue 17): /casussen (the chair), /taken and GET /api/v1/tasks
(the police member), on a PostgreSQL database of their own holding `--cases` cases in the country
(in Zeeland, half of them closed, each with a track and a task), IJsselland's share small (3,000
at its table, 1,500 with a police track, 3,000 open police tasks). Quicker to make than bench/data.py's
full data (a minute), for comparing code side by side:

    .venv/bin/python bench/case_lists.py --database h3bench --fill --cases 100000   (old code: its schema)
    PYTHONPATH=/tmp/old/src .venv/bin/python bench/case_lists.py --database h3bench     (before)
    .venv/bin/python bench/case_lists.py --database h3bench --migrate                  (after)
"""
import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402 - bench/data.py

LABELS = [("/casussen, chair.ijsselland", "page", "chair.ijsselland", "/casussen"),
          ("/taken, police.ijsselland", "page", "police.ijsselland", "/taken"),
          ("GET /api/v1/tasks, police.ijsselland", "api", "police.ijsselland", "/api/v1/tasks")]


def fill(cases):
    from django.db import connection

    from ketenzicht.cases.models import Case, CaseMunicipality, Table, Task, Track
    from ketenzicht.demo import loader
    from ketenzicht.regions.models import Municipality, Organisation
    from ketenzicht.route.models import RouteDefinition

    loader.load(regions=("IJsselland", "Zeeland"), with_signals=False)

    def template(region, owner):
        table = Table.objects.filter(region__slug=region, kind="regional").order_by("pk").first()
        route = RouteDefinition.objects.filter(region=table.region, active=True).order_by("-version").first()
        place = Municipality.objects.filter(region=table.region).order_by("cbs_code").first()
        owner = Organisation.objects.get(name=owner) if owner else Organisation.objects.filter(
            region=table.region).order_by("pk").first()
        case = Case.objects.create(region=table.region, route=route, table=table, lead_municipality=place,
                                   stage=route.route.case.initial)
        CaseMunicipality.objects.create(case=case, municipality=place)
        track = Track.objects.create(case=case, kind="zorg", owner=owner, review_on="2030-01-01")
        return table, owner, Task.objects.create(track=track, description="Huisbezoek en verslag", assignee=owner,
                                                 due_on="2030-01-01")

    def copy(table, owner, task, n, with_track):
        with connection.cursor() as cursor:
            cursor.execute("""
                INSERT INTO cases_case (id, region_id, route_id, table_id, lead_municipality_id, stage, is_open,
                                        is_acute, deadline_at, opened_at, version)
                SELECT gen_random_uuid(), c.region_id, c.route_id, c.table_id, c.lead_municipality_id, c.stage,
                       i %% 2 = 0 OR %s, i %% 29 = 0, CASE WHEN i %% 3 = 0 THEN NULL ELSE now() + (i %% 90) * interval '1 day' END,
                       now() - i * interval '1 hour', 1
                FROM cases_case c, generate_series(1, %s) i WHERE c.id = %s""", [table.region.slug == "ijsselland",
                                                                                 n, task.track.case_id])
            cursor.execute("""INSERT INTO cases_casemunicipality (case_id, municipality_id)
                              SELECT id, lead_municipality_id FROM cases_case WHERE table_id = %s AND id <> %s""",
                           [table.pk, task.track.case_id])
            cursor.execute("""
                INSERT INTO cases_track (case_id, kind, owner_id, review_on, is_open, outcome, opened_at)
                SELECT c.id, t.kind, t.owner_id, t.review_on, c.is_open, t.outcome, c.opened_at
                FROM cases_case c, cases_track t
                WHERE c.table_id = %s AND c.id <> t.case_id AND t.id = %s AND (abs(hashtext(c.id::text)) %% 100) < %s""",
                           [table.pk, task.track_id, with_track])
            cursor.execute("""
                INSERT INTO cases_task (track_id, description, assignee_id, due_on, created_at)
                SELECT t.id, k.description, k.assignee_id, CURRENT_DATE + (t.id %% 60)::integer, k.created_at
                FROM cases_track t, cases_task k
                WHERE t.owner_id = %s AND t.id <> k.track_id AND k.id = %s AND t.is_open""", [owner.pk, task.pk])
            cursor.execute("""
                INSERT INTO cases_task (track_id, description, assignee_id, due_on, created_at)
                SELECT t.id, k.description, k.assignee_id, CURRENT_DATE + (t.id %% 45)::integer, k.created_at
                FROM cases_track t, cases_task k
                WHERE t.owner_id = %s AND t.id <> k.track_id AND k.id = %s AND t.is_open""", [owner.pk, task.pk])

    copy(*template("zeeland", None), cases, 100)
    copy(*template("ijsselland", "Politie IJsselland"), 3000, 50)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM cases_case")
        print(f"{cursor.fetchone()[0]:,} cases", flush=True)


def measure(runs):
    import run  # bench/run.py: its clients and timing

    clients = {}
    for label, kind, username, path in LABELS:
        key = (kind, username)
        if key not in clients:
            clients[key] = run.verified_client(username) if kind == "page" else run.api_client(username)
        run.measure(label, clients[key], path, runs, 50, 100)
    return {label: run.RESULTS[label] for label, *_ in LABELS}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--fill", action="store_true", help="make the database anew, migrate and fill it")
    parser.add_argument("--migrate", action="store_true", help="migrate it first (the code's own indexes)")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    data.configure(0, args.database)
    if args.fill:
        data.fresh_database(args.database, keep=False)
    import django
    from django.core.management import call_command

    django.setup()
    if args.fill or args.migrate:
        call_command("migrate", verbosity=0)
    if args.fill:
        fill(args.cases)
    results = measure(args.runs)
    print("summary:", {label: round(r.get("median", 0), 1) for label, r in results.items()},
          f"(medians of {args.runs}, ms; code {os.environ.get('PYTHONPATH') or 'this checkout'})")
    return statistics.mean(r.get("median", 0) for r in results.values())


if __name__ == "__main__":
    main()
