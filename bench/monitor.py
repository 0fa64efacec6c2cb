"""The monitor's downloads for the longest period the form allows (ten years up to today), timed as
a whole request (figures, suppression, rendering, sending) in wall-clock and in CPU seconds of this
process. The machine is shared: the wall clock counts the time other processes held the cores, the
CPU seconds do not, so both are printed with the load average.

    .venv/bin/python bench/monitor.py [--signals 1000000 | --database NAME] [--runs 3] [--rounds 2]

The database is used as it is (not generated, not migrated): bench/data.py's, or any other with the
demo's accounts (chair.ijsselland), e.g. one loaded with `ketenzicht load_demo` under the benchmark's
encryption key (bench/data.py: BENCH_KEY).
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402 - bench/data.py, next to this file


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--database", help="default: bench/data.py's database for --signals")
    parser.add_argument("--runs", type=int, default=3, help="requests per round (the median is printed)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--user", default="chair.ijsselland", help="one who may choose any period")
    args = parser.parse_args()
    data.configure(args.signals, args.database)
    import django

    django.setup()
    import run  # bench/run.py: the signed-in client and the periods

    from ketenzicht.intake.models import Signal
    from ketenzicht.regions.models import Region

    client = run.verified_client(args.user)
    period = run.periods()["ten years"]
    region = Region.objects.get(slug="ijsselland")
    print(f"database {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]}: {Signal.objects.count():,} signals, "
          f"{region.signals.count():,} in IJsselland, "
          f"{region.municipalities.count()} municipalities; {period}")
    for fmt in ("pdf", "xlsx"):
        url = f"/cijfers/monitor.{fmt}?{period}"
        first = client.get(url)
        assert first.status_code == 200, first.status_code
        size = len(b"".join(first.streaming_content))
        for round_ in range(1, args.rounds + 1):
            walls, cpus = [], []
            for _run in range(args.runs):
                wall, cpu = time.perf_counter(), time.process_time()
                b"".join(client.get(url).streaming_content)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            print(f"monitor.{fmt} ten years, round {round_}: wall median {statistics.median(walls):.2f} s "
                  f"[{min(walls):.2f}-{max(walls):.2f}], CPU median {statistics.median(cpus):.2f} s "
                  f"[{min(cpus):.2f}-{max(cpus):.2f}]; {size // 1024} kB; load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
