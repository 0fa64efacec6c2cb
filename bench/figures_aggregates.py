"""Figures from the monthly aggregates (issue 17, item 3): the dashboard for any period, the
people figure and the national view, on a database of bench/data.py.

    .venv/bin/python bench/figures_aggregates.py --database h4bench --signals 200000 --runs 10
    PYTHONPATH=<older checkout>/src .venv/bin/python bench/figures_aggregates.py --database h4bench ...

The second form measures older code on the same database ("before"; pages it lacks print n/a).
Every page is requested once before timing: that first request builds the months it lacks (after
`ketenzicht refresh_figures` there are none); the timed requests find them fresh. Periods of whole
months are answered from the aggregates; the chair's "last 12 months" from a day in the month (a
free period) from the stored months and its two partial months built for the request.
"""
import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402 - bench/data.py
import run  # noqa: E402 - bench/run.py: measuring and reporting


def periods(today):
    month = today.replace(day=1)

    def back(months):
        index = month.year * 12 + month.month - 1 - months
        return date(index // 12, index % 12 + 1, 1)

    return {"12 whole months": f"from={back(12)}&to={month - timedelta(days=1)}",
            "ten years (whole months to today)": f"from={back(119)}&to={today}",
            "last 12 months from a day": f"from={today.replace(year=today.year - 1) + timedelta(days=1)}"
                                                  f"&to={today}",
            "last calendar year": f"from={today.year - 1}-01-01&to={today.year - 1}-12-31"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--signals", type=int, default=200_000)
    parser.add_argument("--database", default="h4bench")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--big", default="bench-groot", help="the slug of the largest region ('' to skip it)")
    parser.add_argument("--no-national", action="store_true", help="skip the national view (it reads every region)")
    args = parser.parse_args()
    data.configure(args.signals, args.database)
    import django

    django.setup()
    from ketenzicht.intake.models import Signal

    print(f"code {run.code_version()}; database {args.database}, {Signal.objects.count():,} signals; "
          f"load {run.load():.1f}")
    when = periods(date.today())
    for username in ["chair.ijsselland"] + ([f"chair.{args.big}"] if args.big else []):
        if not run.exists(username):
            print(f"{username}: no such account")
            continue
        client = run.verified_client(username)
        for period in ("12 whole months", "ten years (whole months to today)", "last 12 months from a day"):
            run.measure(f"dashboard {username}, {period}", client, f"/cijfers?{when[period]}", args.runs, 300)
        if username == "chair.ijsselland":
            run.measure("dashboard Zwolle, ten years", client,
                        f"/cijfers?municipality=GM0193&{when['ten years (whole months to today)']}", args.runs, 300)
        api = run.api_client(username)
        for key in ("people", "per-quarter", "sectors", "nationalities", "cross-border"):
            for period in ("ten years (whole months to today)", "last 12 months from a day"):
                run.measure(f"{key} figure {username}, {period} (API)", api,
                            f"/api/v1/stats/{key}?{when[period]}", args.runs, 150)
    if args.no_national:
        pass
    elif run.exists("analyst.national"):
        national = run.verified_client("analyst.national")
        started = time.perf_counter()
        run.measure("national view, last calendar year", national,
                    f"/cijfers/landelijk?{when['last calendar year']}", args.runs, 1000)
        print(f"(with its first request: {time.perf_counter() - started:.1f} s)")
    else:
        print("national view: n/a (no analyst.national)")


if __name__ == "__main__":
    main()
