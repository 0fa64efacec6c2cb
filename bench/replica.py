"""Does the replica take the dashboard load without slowing the inbox? (issue 21's speed)

    .ci/replica                                   (as root, once the benchmark database exists: copies it)
    .venv/bin/python bench/replica.py [--signals 1000000] [--analysts 4] [--time 30] [--pin]

One liaison opens the inbox (`/signalen`) again and again, one request at a time, for `--time` seconds
in each of three phases, side by side in one run:
1. alone;
2. while `--analysts` analysts ask for their dashboard (`/cijfers`) without pause, all on the primary;
3. the same load with the analysts' figures read from the streaming replica (`KETENZICHT_REPLICA_URL`).
The liaison and the analysts are served by two gunicorns, as web machines behind one proxy would be, so
what phases 2 and 3 compare is the database's share of the dashboards, not the web workers'. Per phase:
the inbox's median and p95, the dashboards answered, and the transactions each database server
committed (pg_stat_database), which shows where the dashboards' queries ran.

On one machine everything shares two cores. `--pin` makes it two machines as far as it can: the primary
and the liaison's gunicorn on core 0, the replica and the analysts' gunicorn on core 1 (taskset; new
connections inherit it), which is the set-up the deployment guide describes for a national installation.
Without `--pin` the replica's server competes with the primary's for the same cores.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402 - the benchmark database's set-up, next to this file
import load as server  # noqa: E402 - gunicorn and the sessions of the load profile
from run import percentile  # noqa: E402

REPLICA = "postgres://postgres@127.0.0.1:5433/{name}"


def pin(port, cpus):
    """Every process of the PostgreSQL server on `port` (and those it starts later) on `cpus`."""
    directory = data.psql("SELECT setting FROM pg_settings WHERE name = 'data_directory'", capture=True) \
        if port == 5432 else "/var/tmp/ketenzicht-replica"
    postmaster = Path(directory, "postmaster.pid").read_text().split()[0]
    subprocess.run(["taskset", "-a", "-c", "-p", cpus, postmaster], check=True, stdout=subprocess.DEVNULL)
    children = subprocess.run(["pgrep", "-P", postmaster], capture_output=True, text=True).stdout.split()
    for pid in children:
        subprocess.run(["taskset", "-a", "-c", "-p", cpus, pid], check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


def committed(port, name):
    sql = f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{name}'"
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", name, "-qtAc", sql],
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip())


def get(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        assert response.status == 200, response.status
    return time.perf_counter() - start


def phase(label, ports, found, analysts, seconds, name):
    """The liaison on `ports[0]`, the analysts on `ports[1]`."""
    cookie = lambda role: f"{found['cookie_name']}={found[role][0]['session']}"  # noqa: E731
    stop = threading.Event()
    dashboards = []

    def analyst():
        while not stop.is_set():
            dashboards.append(get(f"http://127.0.0.1:{ports[1]}/cijfers", cookie("analyst")))

    inbox_url = f"http://127.0.0.1:{ports[0]}/signalen"
    get(inbox_url, cookie("liaison"))  # warm: the worker's first request
    before = {5432: committed(5432, name), 5433: committed(5433, name)}
    threads = [threading.Thread(target=analyst) for _ in range(analysts)]
    for thread in threads:
        thread.start()
    inbox, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        inbox.append(get(inbox_url, cookie("liaison")))
    stop.set()
    for thread in threads:
        thread.join()
    after = {5432: committed(5432, name), 5433: committed(5433, name)}
    print(f"{label:<44} inbox {len(inbox):>4} x, median {statistics.median(inbox) * 1000:6.0f} ms, "
          f"p95 {percentile(inbox, 0.95) * 1000:6.0f} ms; dashboards {len(dashboards):>3}"
          + (f" (median {statistics.median(dashboards) * 1000:.0f} ms)" if dashboards else "")
          + f"; transactions primary {after[5432] - before[5432]:>6}, replica {after[5433] - before[5433]:>6}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--database")
    parser.add_argument("--analysts", type=int, default=4)
    parser.add_argument("--time", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count())
    parser.add_argument("--pin", action="store_true", help="one core for each database server")
    args = parser.parse_args()
    os.environ["KETENZICHT_SECRET_KEY"] = server.SECRET
    name = data.setup(args.signals, keep=True, name=args.database)
    found = server.sessions(f"{tempfile.mkdtemp(prefix='ketenzicht-replica-')}/sessions.json")
    print(json.dumps({"database": name, "analysts": args.analysts, "seconds": args.time, "pinned": args.pin,
                      "workers": args.workers, "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}))
    if args.pin:
        pin(5432, "0")
        pin(5433, "1")
    try:
        os.environ.pop("KETENZICHT_REPLICA_URL", None)
        liaison = server.gunicorn(8791, args.workers, cpus="0" if args.pin else None)
        try:
            for label, replica, analysts in (("1. inbox alone", False, 0),
                                             ("2. inbox + dashboards, all on the primary", False, args.analysts),
                                             ("3. inbox + dashboards, figures on the replica", True, args.analysts)):
                if replica:
                    os.environ["KETENZICHT_REPLICA_URL"] = REPLICA.format(name=name)
                dashboards = server.gunicorn(8792, args.workers, cpus="1" if args.pin else None)
                os.environ.pop("KETENZICHT_REPLICA_URL", None)
                try:
                    phase(label, (8791, 8792), found, analysts, args.time, name)
                finally:
                    dashboards.terminate()
                    dashboards.wait()
        finally:
            liaison.terminate()
            liaison.wait()
    finally:
        if args.pin:
            pin(5432, "0-1")
            pin(5433, "0-1")


if __name__ == "__main__":
    main()
