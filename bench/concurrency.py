"""Citizens submitting at once (issue 13, finding 3): how many are answered 201 and stored.

    .venv/bin/python bench/concurrency.py [--server runserver|gunicorn] [--clients 20] [--rounds 5]

Builds a fresh database (a temporary SQLite file, or `<name>_bench_conc` next to DATABASE_URL's
PostgreSQL database), starts the server as `make run` does (runserver) or as production does
(gunicorn, 2 workers x 4 threads), sends `--clients` public submissions at once per round and
prints per round: answers by status, the round's wall time and the median answer time; at the
end every receipt code is looked up to count what was stored.
"""
import argparse
import collections
import json
import os
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
    args = parser.parse_args()

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
                    "from ketenzicht.demo import loader; loader.load(regions=('IJsselland',), with_signals=False)"],
                   env=env, check=True, capture_output=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = {"runserver": [BIN / "ketenzicht", "runserver", f"127.0.0.1:{port}", "--noreload"],
               "gunicorn": [BIN / "gunicorn", "ketenzicht.wsgi", "--bind", f"127.0.0.1:{port}",
                            "--workers", "2", "--threads", "4"]}[args.server]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/municipalities", timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        codes, walls, accepted = [], [], []
        for round_ in range(args.rounds):
            barrier = threading.Barrier(args.clients)
            answers = []

            def client(index, barrier=barrier, answers=answers):
                barrier.wait()
                start = time.perf_counter()
                status, body = post(f"{base}/public/signals",
                                    {"municipality": "GM0193", "description": f"Benchmark-melding {index}"})
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
            print(f"round {round_ + 1}: {dict(by_status)}, {walls[-1]:.2f} s, median answer "
                  f"{statistics.median(t for _, _, t in answers) * 1000:.0f} ms")
        stored = sum(
            urllib.request.urlopen(f"{base}/public/signals/{code}", timeout=30).status == 200
            for code in codes)
        print(f"{args.server}, {env['DATABASE_URL'].split(':')[0]}: accepted per round median "
              f"{statistics.median(accepted)} (min {min(accepted)}, max {max(accepted)}) of {args.clients}; "
              f"round wall time median {statistics.median(walls):.2f} s (min {min(walls):.2f}, "
              f"max {max(walls):.2f}); stored {stored} of {len(codes)} accepted")
    finally:
        server.terminate()
        server.wait()
        if database:
            subprocess.run(["psql", admin, "-qc", f'drop database if exists "{database}" with (force)'],
                           check=True)


if __name__ == "__main__":
    main()
