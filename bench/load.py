"""Load test (issue 21 item 7): the locust profile in `bench/locustfile.py` against gunicorn on the
benchmark database, at rising numbers of concurrent users, to find where throughput bends.

    .venv/bin/python bench/load.py [--signals 1000000] [--users 16,32,64] [--time 60] [--workers 4]

Uses (or fills, once) the benchmark database of `bench/data.py` for `--signals`; starts gunicorn as
production would (DEBUG off, `--workers` processes x 4 threads, the delivery thread on); prepares
logged-in sessions for the roles of the profile; runs locust headless for `--time` seconds per step
and prints per step: requests, failures, requests per second, median and p95 (ms), and for the first
step the same per page. Locust runs on the same machine and takes CPU from the server: on 2 cores the
figures are a lower bound of what the server does alone.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402 - the benchmark database's set-up, next to this file
from run import load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SECRET = "bench-load-secret-key-not-for-production-0123456789"
LIAISONS = ("liaison.zwolle", "liaison.big", "liaison.deventer", "liaison.kampen")


def sessions(signals_path):
    """Session cookies of the profile's roles (as bench/run.py's verified clients), and the ids the
    profile opens. Written to a JSON file the locust process reads."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from ketenzicht.accounts.models import User
    from ketenzicht.cases.models import Table
    from ketenzicht.intake.models import Signal
    from ketenzicht.privacy import policy
    from ketenzicht.regions.models import Municipality

    def cookies(usernames):
        """Per user: the session key and the newest signals the user may open."""
        found = []
        for account in User.objects.filter(username__in=usernames):
            client = Client()
            client.force_login(account)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = account.totpdevice_set.get().persistent_id
            session.save()
            signals = policy.visible(account, Signal).order_by("-received_at").values_list("pk", flat=True)[:200]
            found.append({"session": session.session_key, "signals": [str(pk) for pk in signals]})
        return found

    year = date.today().year
    table = Table.objects.filter(region__slug="ijsselland", kind="regional").order_by("pk").first()
    synthetic = Municipality.objects.filter(cbs_code="GM9000").exists()
    found = {"cookie_name": settings.SESSION_COOKIE_NAME,
             "liaison": cookies(LIAISONS), "chair": cookies(["chair.ijsselland"]),
             "analyst": cookies(["analyst.ijsselland"]),
             "table": table.pk, "ten_years": f"from={year - 10}-01-01&to={year - 1}-12-31",
             "last_year": f"from={year - 1}-01-01&to={year - 1}-12-31",
             # to a synthetic municipality where the data has one, so the inboxes measured do not grow
             "municipality": "GM9000" if synthetic else "GM0193"}
    Path(signals_path).write_text(json.dumps(found))
    return found


def gunicorn(port, workers, cpus=None):
    """gunicorn as production runs it, on `port`; with `cpus` (e.g. "0") only on those cores."""
    env = dict(os.environ, KETENZICHT_DEBUG="0", KETENZICHT_SECRET_KEY=SECRET, KETENZICHT_SSL_REDIRECT="0",
               KETENZICHT_PUBLIC_RATE="100000000", KETENZICHT_ALLOWED_HOSTS="127.0.0.1,localhost",
               KETENZICHT_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
               KETENZICHT_LINKAGE_KEY="bench-linkage-key", PYTHONPATH=str(ROOT / "src"))
    pinned = ["taskset", "-c", cpus] if cpus else []
    server = subprocess.Popen([*pinned, str(BIN / "gunicorn"), "ketenzicht.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(workers), "--threads", "4"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def step(users, seconds, port, sessions_path, out):
    prefix = f"{out}/users{users}"
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench/locustfile.py"), "--headless", "--only-summary",
                    "-u", str(users), "-r", str(max(users // 4, 1)), "-t", f"{seconds}s",
                    "--host", f"http://127.0.0.1:{port}", "--csv", prefix],
                   env=dict(os.environ, LOCUST_SESSIONS=sessions_path), check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv") as stats:
        return list(csv.DictReader(stats))


def row(label, r):
    return (f"{label:<34} {int(r['Request Count']):>7} {int(r['Failure Count']):>6} {float(r['Requests/s']):>7.1f} "
            f"{float(r['50%']):>7.0f} {float(r['95%']):>7.0f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--database")
    parser.add_argument("--users", default="16,32,64")
    parser.add_argument("--time", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count())
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args()
    os.environ["KETENZICHT_SECRET_KEY"] = SECRET  # the sessions are signed as gunicorn will read them
    data.setup(args.signals, keep=True, name=args.database)
    # The profile's analysts and chair work in IJsselland: its figures come from the monthly aggregates a
    # live installation keeps; without them the first dashboards build them (tens of seconds each).
    data.build_aggregates(slugs=["ijsselland"])
    from ketenzicht.intake.models import Signal

    out = tempfile.mkdtemp(prefix="ketenzicht-load-")
    sessions_path = f"{out}/sessions.json"
    sessions(sessions_path)
    print(f"database {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]}, {Signal.objects.count():,} signals; "
          f"gunicorn {args.workers} workers x 4 threads; {args.time} s per step; {os.cpu_count()} cores; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    server = gunicorn(args.port, args.workers)
    try:
        header = f"{'':<34} {'reqs':>7} {'fails':>6} {'req/s':>7} {'median':>7} {'p95':>7}"
        for number, users in enumerate(int(u) for u in args.users.split(",")):
            before = load()
            rows = step(users, args.time, args.port, sessions_path, out)
            print(f"-- {users} users (load before {before:.1f}, after {load():.1f})")
            print(header)
            for r in rows:
                if r["Name"] == "Aggregated" or number == 0:
                    print(row(f"{r['Type']} {r['Name']}"[:34], r))
    finally:
        server.terminate()
        server.wait()
    print(f"locust's CSV files: {out}")


if __name__ == "__main__":
    main()
