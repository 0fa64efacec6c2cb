"""Citizens submitting at once (issue 13, finding 3; issue 21's speed): how many are answered 201
and stored, and how fast, whether the report notifies no one or fifty people.

    .venv/bin/python bench/concurrency.py [--server runserver|gunicorn] [--clients 20] [--rounds 5]
                                          [--notify 0,50] [--worker] [--spread 0] [--workers 2 --threads 4]

Builds a fresh database (a temporary SQLite file, or `<name>_bench_conc` next to DATABASE_URL's
PostgreSQL database), starts the server as `make run` does (runserver) or as production does
(gunicorn, `--workers` x `--threads`, 2 x 4 unless told), sends `--clients` public submissions at once per round and
prints per round: answers by status, the round's wall time and the median answer time; at the
end every receipt code is looked up to count what was stored.

`--spread 1`: the clients of a round arrive at random moments within one second instead of at the
same instant (20 clients: 20 reports a second, as twenty people each sending one in the same second).

`--notify 0,50`: the rounds take turns over municipalities given that many liaisons (each is told
of a new report in the app and by e-mail), so a report that notifies fifty is timed beside one
that notifies none, in one run. On PostgreSQL with `--worker` the server leaves the e-mails to
`ketenzicht worker` (KETENZICHT_DELIVER_IN_PROCESS off, as in production), which runs beside it
and sends them to the locmem backend; the number of notifications made is printed at the end.
"""
import argparse
import collections
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
TARGETS = ("GM0148", "GM0166", "GM0177", "GM0175")  # Dalfsen, Kampen, Raalte, Olst-Wijhe: --notify's municipalities

# Gives each municipality of --notify exactly that many liaisons (approved, with an e-mail address).
LIAISONS = """
from django.utils import timezone
from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.regions.models import Municipality
for code, count in {wanted!r}:
    municipality = Municipality.objects.get(cbs_code=code)
    existing = RoleAssignment.objects.filter(role=Role.LIAISON, municipality=municipality)
    organisation = existing.first().organisation
    existing.delete()
    for n in range(count):
        user = User.objects.create_user(f"bench.{{code}}.{{n}}", f"bench.{{code}}.{{n}}@example.nl")
        RoleAssignment.objects.create(user=user, role=Role.LIAISON, organisation=organisation,
                                      municipality=municipality, approved_at=timezone.now())
"""
NOTIFIED = ("from ketenzicht.notifications.models import Notification; "
            "print(Notification.objects.filter(user__username__startswith='bench.').count())")


def post(url, data):
    request = urllib.request.Request(url, json.dumps(data).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", choices=["runserver", "gunicorn"], default="runserver")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--notify", default="", help="liaisons per municipality the rounds take turns over, e.g. 0,50")
    parser.add_argument("--worker", action="store_true", help="PostgreSQL: e-mails through `ketenzicht worker`")
    parser.add_argument("--spread", type=float, default=0.0,
                        help="the round's clients arrive at random moments within this many seconds (0: at once)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn: worker processes")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn: threads per worker")
    args = parser.parse_args()
    notify = [int(n) for n in args.notify.split(",") if n]
    targets = [code for code, _ in zip(TARGETS, notify, strict=False)] or ["GM0193"]

    var = tempfile.mkdtemp()
    env = {**os.environ, "KETENZICHT_VAR_DIR": var, "KETENZICHT_DEBUG": "1", "KETENZICHT_PUBLIC_RATE": "100000",
           "KETENZICHT_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    url = os.environ.get("DATABASE_URL", "")
    database = None
    if url.startswith("postgres"):
        parts = urllib.parse.urlsplit(url)
        database = f"{parts.path.lstrip('/')}_bench_conc"
        env["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))
        admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        subprocess.run(["psql", admin, "-qc", f'drop database if exists "{database}"'], check=True)
        subprocess.run(["psql", admin, "-qc", f'create database "{database}"'], check=True)
    else:
        env["DATABASE_URL"] = f"sqlite:///{var}/ketenzicht.sqlite3"
    subprocess.run([BIN / "ketenzicht", "shell", "-c",
                    "from django.core.management import call_command; call_command('migrate', verbosity=0);"
                    "from ketenzicht.demo import loader; loader.load(regions=('IJsselland',), with_signals=False)"
                    + LIAISONS.format(wanted=list(zip(targets, notify, strict=False)))],
                   env=env, check=True, capture_output=True)
    if args.worker and database:
        env["KETENZICHT_DELIVER_IN_PROCESS"] = "0"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = {"runserver": [BIN / "ketenzicht", "runserver", f"127.0.0.1:{port}", "--noreload"],
               "gunicorn": [BIN / "gunicorn", "ketenzicht.wsgi", "--bind", f"127.0.0.1:{port}",
                            "--workers", str(args.workers), "--threads", str(args.threads)]}[args.server]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = (subprocess.Popen([BIN / "ketenzicht", "worker"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL) if args.worker and database else None)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/municipalities", timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        codes, walls, accepted, medians, times = [], [], [], collections.defaultdict(list), []
        arrivals = random.Random(13)  # the same arrival moments in every run
        for round_ in range(args.rounds):
            municipality = targets[round_ % len(targets)]
            barrier = threading.Barrier(args.clients)
            answers = []

            delays = [arrivals.uniform(0, args.spread) for _ in range(args.clients)]

            def client(index, barrier=barrier, answers=answers, municipality=municipality, delays=delays):
                barrier.wait()
                time.sleep(delays[index])
                start = time.perf_counter()
                status, body = post(f"{base}/public/signals",
                                    {"municipality": municipality, "description": f"Benchmark-melding {index}"})
                answers.append((status, body, time.perf_counter() - start))

            threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            walls.append(time.perf_counter() - started)
            by_status = collections.Counter(status for status, _, _ in answers)
            accepted.append(by_status[201])
            codes += [body["receipt_code"] for status, body, _ in answers if status == 201]
            medians[municipality].append(statistics.median(t for _, _, t in answers) * 1000)
            times += [t * 1000 for _, _, t in answers]
            print(f"round {round_ + 1} ({municipality}): {dict(by_status)}, {walls[-1]:.2f} s, median answer "
                  f"{medians[municipality][-1]:.0f} ms")
        stored = sum(
            urllib.request.urlopen(f"{base}/public/signals/{code}", timeout=30).status == 200
            for code in codes)
        print(f"{args.server}, {env['DATABASE_URL'].split(':')[0]}: accepted per round median "
              f"{statistics.median(accepted)} (min {min(accepted)}, max {max(accepted)}) of {args.clients}; "
              f"round wall time median {statistics.median(walls):.2f} s (min {min(walls):.2f}, "
              f"max {max(walls):.2f}); stored {stored} of {len(codes)} accepted")
        times.sort()
        print(f"  every answer: median {statistics.median(times):.0f} ms, p95 {times[int(len(times) * 0.95)]:.0f} ms, "
              f"fastest {times[0]:.0f}, slowest {times[-1]:.0f} ({len(times)} answers)")
        for municipality, count in zip(targets, notify, strict=False):
            rounds = medians[municipality]
            print(f"  {municipality}, {count} liaisons: median answer per round, median of {len(rounds)} rounds "
                  f"{statistics.median(rounds):.0f} ms (min {min(rounds):.0f}, max {max(rounds):.0f})")
        if notify:
            expected = sum(count for count in notify) * args.clients * args.rounds // len(targets)
            made, deadline = None, time.monotonic() + 120
            while made != expected and time.monotonic() < deadline:  # the worker tells after the responses
                time.sleep(2 if made is not None else 0)
                made = int(subprocess.run([BIN / "ketenzicht", "shell", "-c", NOTIFIED], env=env, check=True,
                                          capture_output=True, text=True).stdout.split()[-1])
            print(f"  notifications made for the bench liaisons: {made} of {expected}")
    finally:
        server.terminate()
        server.wait()
        if worker:
            worker.terminate()
            worker.wait()
        if database:
            subprocess.run(["psql", admin, "-qc", f'drop database if exists "{database}" with (force)'],
                           check=True)


if __name__ == "__main__":
    main()
