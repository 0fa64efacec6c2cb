"""Benchmark of the figures (issue 6), on the database of bench/run.py: 1,000,000 signals in 25
regions, completed here with what figures read (forms, indicators, barriers, persons).

    .venv/bin/python bench/figures.py [--keep] [--runs N]

Measures, and prints with the targets and their ratio:
- the region dashboard with all its figures: the analyst's (rounded, whole calendar periods: the last
  quarter, Zwolle's last quarter, the year 2025) and the chair's (exact, any period: since Sept 2020);
- every single figure through /api/v1/stats/<figure>;
- the yearly monitor of IJsselland as PDF and as Excel.
"""
import argparse
import importlib
import time

import run  # bench/run.py: database setup, timing and reporting


def complete_signals():
    """Forms, indicators, barriers and a possible victim for every signal that has none (SQL, once)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("select exists(select 1 from intake_person)")
        if cursor.fetchone()[0]:
            return
        cursor.execute("""
            insert into intake_signal_exploitation_forms (signal_id, exploitationform_id)
            select s.id, f.id from intake_signal s
            join (select id, row_number() over (order by "order", id) - 1 as i, count(*) over () as n
                  from intake_exploitationform) f on f.i = (abs(hashtext(s.id::text)) % 10) % f.n
        """)
        cursor.execute("""
            insert into intake_signal_indicators (signal_id, indicator_id)
            select s.id, i.id from intake_signal s
            join (select id, row_number() over (order by id) - 1 as k, count(*) over () as n
                  from intake_indicator) i on i.k in (abs(hashtext(s.id::text)) % i.n,
                                                      abs(hashtext(s.id::text || 'x')) % i.n)
        """)
        cursor.execute("""
            insert into intake_signal_barriers (signal_id, barrier_id)
            select s.id, b.id from intake_signal s
            join (select id, row_number() over (order by id) - 1 as k, count(*) over () as n
                  from intake_barrier) b on b.k = abs(hashtext(s.id::text)) % (b.n * 2)
        """)
        cursor.execute("""
            insert into intake_person (signal_id, role, age, is_minor, lvb, nationality_group, gender, age_group,
                                       identity, residence_id)
            select s.id, 'victim', null, null, false,
                   (array['nl','eu','third_country','unknown'])[1 + abs(hashtext(s.id::text)) % 4],
                   (array['female','female','male','unknown'])[1 + abs(hashtext(s.id::text || 'g')) % 4],
                   (array['12-17','18-22','23-29','30-49','unknown'])[1 + abs(hashtext(s.id::text || 'a')) % 5],
                   gen_random_uuid(), s.lead_municipality_id
            from intake_signal s
        """)
        cursor.execute(importlib.import_module("ketenzicht.intake.migrations.0011_signaltag").BACKFILL)
    run.psql("vacuum analyze", run.DB_NAME)
    print(f"completed signals for the figures in {time.perf_counter() - started:.0f} s")


def measure(runs):
    from ketenzicht.insights import figures
    from ketenzicht.intake.models import Signal

    analyst = run.verified_client("analyst.ijsselland")
    chair = run.verified_client("chair.ijsselland")
    print(f"signals in database: {Signal.objects.count():,}; in IJsselland: "
          f"{Signal.objects.filter(region__slug='ijsselland').count():,}")
    for name, client, query in (("last quarter", analyst, ""), ("Zwolle, last quarter", analyst, "?municipality=GM0193"),
                                ("year 2025", analyst, "?from=2025-01-01&to=2025-12-31"),
                                ("chair, since 1 Sept 2020", chair, "?from=2020-09-01")):
        assert client.get(f"/cijfers{query}").status_code == 200
        run.report(f"dashboard /cijfers, {name}", *run.timed(lambda client=client, query=query: client.get(f"/cijfers{query}"), runs), 500)
    api = run.api_client("analyst.ijsselland")
    worst = (0, "")
    for key in figures.FIGURES:
        assert api.get(f"/api/v1/stats/{key}").status_code == 200
        median, p95 = run.timed(lambda key=key: api.get(f"/api/v1/stats/{key}"), max(runs // 3, 5))
        worst = max(worst, (median, key))
        run.report(f"GET /api/v1/stats/{key}", median, p95, 150)
    print(f"{'slowest single figure':<46} {worst[1]} {worst[0]:.1f} ms (target 150 ms, ratio {worst[0] / 150:.2f})")
    year = "?from=2025-01-01&to=2025-12-31"
    for fmt in ("pdf", "xlsx"):
        assert analyst.get(f"/cijfers/monitor.{fmt}{year}").status_code == 200
        run.report(f"yearly monitor IJsselland 2025 ({fmt})",
                   *run.timed(lambda fmt=fmt: analyst.get(f"/cijfers/monitor.{fmt}{year}"), 5), 10_000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse the benchmark database if it exists")
    args = parser.parse_args()
    run.setup_database(args.signals, args.cases, args.keep)
    complete_signals()
    measure(args.runs)


if __name__ == "__main__":
    main()
