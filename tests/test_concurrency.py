"""A real server process under parallel load and after a database restart, on the suite's database.

The server runs as `make run` serves the demo (`ketenzicht runserver`) or as production does
(gunicorn), on 127.0.0.1, against a database of its own: a temporary SQLite file, or a temporary
PostgreSQL database next to the suite's when DATABASE_URL names PostgreSQL. Migrating that
database takes seconds, so the module builds it once.
"""
import collections
import concurrent.futures
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .helpers import is_postgres

CLIENTS = 20
KETENZICHT = str(Path(sys.executable).parent / "ketenzicht")
CODE = re.compile(r'data-testid="receipt-code">([A-Z0-9-]+)<')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_connection():
    """An autocommit connection to the PostgreSQL server the suite uses (its maintenance database)."""
    import psycopg

    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return psycopg.connect(urllib.parse.urlunsplit(url._replace(path="/postgres")), autocommit=True)


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    """Environment of a migrated database with IJsselland's municipalities and users, no signals."""
    var = tmp_path_factory.mktemp("server")
    env = {**os.environ, "KETENZICHT_VAR_DIR": str(var), "KETENZICHT_DEBUG": "1", "KETENZICHT_PUBLIC_RATE": "100000"}
    env.pop("KETENZICHT_SECRET_KEY", None)
    database = None
    if is_postgres():
        url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
        database = f"{url.path.lstrip('/')}_live"
        env["DATABASE_URL"] = urllib.parse.urlunsplit(url._replace(path=f"/{database}"))
        with admin_connection() as admin:
            admin.execute(f'drop database if exists "{database}" with (force)')
            admin.execute(f'create database "{database}"')
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'ketenzicht.sqlite3'}"
    setup = subprocess.run(
        [KETENZICHT, "shell", "-c",
         "from django.core.management import call_command; call_command('migrate', verbosity=0);"
         "from ketenzicht.demo import loader; loader.load(regions=('IJsselland',), with_signals=False)"],
        env=env, capture_output=True, text=True)
    assert setup.returncode == 0, setup.stderr
    yield env
    if database:
        with admin_connection() as admin:
            admin.execute(f'drop database if exists "{database}" with (force)')


class Server:
    def __init__(self, command, env, log):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [part.format(port=self.port) for part in command], env=env, stdout=out,
                stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.base}/api/v1/municipalities", timeout=5).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"server did not start:\n{self.output()}") from None
                time.sleep(0.2)

    def output(self):
        return Path(self.log).read_text(errors="replace")[-4000:]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


SERVERS = {
    # what `make run` starts: Django's development server, a thread per request
    "runserver": [KETENZICHT, "runserver", "127.0.0.1:{port}", "--noreload"],
    # what the README says production runs (there 4 workers; 2 share this machine's cores better)
    "gunicorn": [str(Path(sys.executable).parent / "gunicorn"), "ketenzicht.wsgi", "--bind", "127.0.0.1:{port}",
                 "--workers", "2", "--threads", "4"],
}


@pytest.fixture(scope="module", params=SERVERS)
def server(request, server_env, tmp_path_factory):
    log = tmp_path_factory.mktemp(request.param) / "server.log"
    server = Server(SERVERS[request.param], server_env, log)
    yield server
    server.stop()


def request(url, data=None, opener=None):
    """(status, body) of one request; HTTP errors are answers too."""
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"} if body else {})
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def in_parallel(work):
    """Run `work(index, barrier)` for every client at once; the barrier lines up the final requests."""
    barrier = threading.Barrier(CLIENTS, timeout=120)  # a client that failed early breaks it for all
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(lambda index: work(index, barrier), range(CLIENTS)))


def statuses(answers):
    return collections.Counter(status for status, _ in answers)


def assert_stored(server, codes):
    """Every receipt code finds its signal, looked up as citizens would: in parallel."""
    def look_up(index, barrier):
        barrier.wait()
        return request(f"{server.base}/api/v1/public/signals/{codes[index]}")

    found = in_parallel(look_up)
    assert statuses(found) == {200: CLIENTS}, server.output()


def test_parallel_public_api_submissions_are_all_stored(server):
    def submit(index, barrier):
        barrier.wait()
        return request(f"{server.base}/api/v1/public/signals",
                       {"municipality": "GM0193", "description": f"Parallelle melding {index} via de API."})

    answers = in_parallel(submit)
    assert statuses(answers) == {201: CLIENTS}, server.output()
    assert_stored(server, [json.loads(body)["receipt_code"] for _, body in answers])


def test_parallel_public_form_submissions_are_all_stored(server):
    form = f"{server.base}/regio/ijsselland/melden"

    def submit(index, barrier):
        cookies = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        status, page = request(form, opener=opener)
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "municipality": "GM0193",
                                       "description": f"Parallelle melding {index} via het formulier."}).encode()
        barrier.wait()
        try:  # the answer is a redirect to the thanks page, which shows the receipt code
            with opener.open(urllib.request.Request(form, data=data), timeout=120) as response:
                match = CODE.search(response.read().decode())
                return response.status, match and match.group(1)
        except urllib.error.HTTPError as error:
            return error.code, None

    answers = in_parallel(submit)
    assert statuses(answers) == {200: CLIENTS}, server.output()
    assert all(code for _, code in answers)
    assert_stored(server, [code for _, code in answers])


@pytest.mark.skipif(not is_postgres(), reason="SQLite connections are not kept between requests (CONN_MAX_AGE 0)")
@pytest.mark.parametrize("server", ["gunicorn"], indirect=True)  # runserver closes them after every request
def test_a_request_after_the_database_dropped_the_connections_succeeds(server, server_env):
    """A database restart ends every connection the server's threads keep; no request may fail for it."""
    def municipalities(index, barrier):
        barrier.wait()
        return request(f"{server.base}/api/v1/municipalities")

    in_parallel(municipalities)  # every thread of both workers opens a connection and keeps it
    database = urllib.parse.urlsplit(server_env["DATABASE_URL"]).path.lstrip("/")
    with admin_connection() as admin:
        (killed,) = admin.execute("select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = %s",
                                  [database]).fetchone()
    assert killed
    assert statuses(in_parallel(municipalities)) == {200: CLIENTS}, server.output()
