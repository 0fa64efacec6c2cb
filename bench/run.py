"""Benchmark of the signal intake (issue 2), on PostgreSQL with 1,000,000 signals in 25 regions.

    make bench            (or: .venv/bin/python bench/run.py [--signals N] [--keep])

Measures, and prints with the targets and their ratio:
- a liaison's inbox page and GET /api/v1/signals (first page, policy-scoped): median, p95;
- a public submission with 20 concurrent clients against a running server: median.
Reference: Open Zaak reports 150-200 ms median for its permission-filtered list of 1,000,000
cases on one CPU.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "ketenzicht_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("KETENZICHT_DEBUG", "1")
os.environ["KETENZICHT_ENCRYPTION_KEYS"] = "Ek3mv6q0bR9mN2C8pW1xYz7uT4sQ5oL0aB6cD3eF9gI="  # benchmark only
os.environ["DJANGO_SETTINGS_MODULE"] = "ketenzicht.settings"
sys.path.insert(0, str(ROOT / "src"))


def psql(sql, db="postgres"):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-q", "-c", sql], check=True)


def fresh_database(name, keep):
    """The benchmark's own database: dropped and made anew, unless `keep` and it exists."""
    exists = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
                             f"select 1 from pg_database where datname='{name}'"],
                            capture_output=True, text=True).stdout.strip() == "1"
    if exists and not keep:
        psql(f"drop database {name}")
        exists = False
    if not exists:
        psql(f"create database {name}")


def setup_database(n_signals, n_cases, keep):
    import django

    fresh_database(DB_NAME, keep)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from ketenzicht.demo import loader
    from ketenzicht.intake.models import Signal

    loader.load(regions=("IJsselland",), with_signals=False)
    if Signal.objects.count() < n_signals:
        generate(n_signals)
    from ketenzicht.cases.models import Case

    if Case.objects.count() < n_cases:
        generate_cases(n_cases)
    psql("vacuum analyze", DB_NAME)  # as autovacuum would have done on a live database


def generate(n_signals):
    """25 regions: IJsselland plus 24 synthetic ones of 11 municipalities; signals spread evenly."""
    from django.db import connection

    from ketenzicht.regions.models import Municipality, Region
    from ketenzicht.route import engine
    from ketenzicht.route.models import RouteDefinition

    definition = engine.load_file("ijsselland")
    for r in range(24):
        region, _ = Region.objects.get_or_create(slug=f"bench-{r}", defaults={"name": f"Benchregio {r}"})
        RouteDefinition.objects.get_or_create(region=region, version=1,
                                              defaults={"name": "IJsselland", "definition": definition})
        for m in range(11):
            Municipality.objects.get_or_create(cbs_code=f"GM{9000 + r * 11 + m:04d}"[:6],
                                               defaults={"name": f"Bench {r}-{m}", "region": region,
                                                         "inhabitants": 40000})
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("""
            with m as (
                select mu.id, mu.region_id, rd.id as route_id, row_number() over (order by mu.id) - 1 as i,
                       count(*) over () as total
                from regions_municipality mu join route_routedefinition rd on rd.region_id = mu.region_id
            )
            insert into intake_signal (id, region_id, route_id, kind, channel, lead_municipality_id, description,
                location, urgency, is_acute, source_sector, anonymous, contact, stage, is_open, deadline_at,
                received_at, first_seen_at, updated_at, version, referral)
            select gen_random_uuid(), m.region_id, m.route_id,
                   (array['advice','signal','signal','case'])[1 + g %% 4], 'professional_form', m.id,
                   'Synthetisch signaal ' || g, '', case when g %% 17 = 0 then 'urgent' else 'normal' end,
                   g %% 97 = 0, 'wijkteam', true, '',
                   case when g %% 5 = 0 then 'ontvangen' when g %% 5 = 1 then 'verrijking' else 'afgesloten' end,
                   g %% 5 < 2, now() - (g %% 2000) * interval '1 day' + interval '3 days',
                   now() - (g %% 2000) * interval '1 day', case when g %% 3 = 0 then null else now() end, now(), 1, ''
            from generate_series(1, %s) g join m on m.i = g %% m.total
        """, [n_signals])
        cursor.execute("""
            insert into intake_signalmunicipality (signal_id, municipality_id, is_lead, is_open, is_acute, is_urgent,
                deadline_at, first_seen_at, received_at)
            select id, lead_municipality_id, true, is_open, is_acute, urgency = 'urgent', deadline_at, first_seen_at,
                   received_at from intake_signal
            where id not in (select signal_id from intake_signalmunicipality)
        """)
    print(f"generated {n_signals:,} signals in {time.perf_counter() - started:.0f} s")


def generate_cases(n_cases):
    """A table in every region with the police and the ZVH at it; cases spread evenly over the
    tables, each with a track owned by the police and a task for them (open for open cases)."""
    from django.db import connection

    from ketenzicht.cases.models import Seat, Table
    from ketenzicht.regions.models import Organisation, Region, Sector
    from ketenzicht.route import engine, versions
    from ketenzicht.route.models import RouteDefinition

    for region in Region.objects.all():
        if RouteDefinition.active_for(region).route.case is None:  # a database from before cases existed
            versions.activate(region, engine.load_file("ijsselland"))
    for region in Region.objects.exclude(tables__isnull=False):
        zvh, _ = Organisation.objects.get_or_create(region=region, name=f"ZVH {region.name}",
                                                    defaults={"sector": Sector.ZVH})
        police, _ = Organisation.objects.get_or_create(region=region, name=f"Politie {region.name}",
                                                       defaults={"sector": Sector.POLICE})
        table = Table.objects.create(region=region, name=f"Tafel {region.name}", chair_organisation=zvh)
        Seat.objects.create(table=table, organisation=police, legal_basis="Convenant art. 5")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("""
            with t as (
                select tb.id as table_id, tb.region_id, rd.id as route_id,
                       (select m.id from regions_municipality m where m.region_id = tb.region_id
                        order by m.id limit 1) as municipality_id,
                       row_number() over (order by tb.id) - 1 as i, count(*) over () as total
                from cases_table tb join route_routedefinition rd on rd.region_id = tb.region_id and rd.active
            )
            insert into cases_case (id, region_id, route_id, table_id, lead_municipality_id, stage, is_open,
                is_acute, deadline_at, opened_at, version)
            select gen_random_uuid(), t.region_id, t.route_id, t.table_id, t.municipality_id,
                   case when g %% 3 = 0 then 'afgesloten' else 'in_uitvoering' end, g %% 3 <> 0, g %% 50 = 0,
                   now() + ((g %% 40) - 20) * interval '1 day', now() - (g %% 1500) * interval '1 day', 1
            from generate_series(1, %s) g join t on t.i = g %% t.total
        """, [n_cases])
        cursor.execute("""
            insert into cases_casemunicipality (case_id, municipality_id)
            select id, lead_municipality_id from cases_case
        """)
        cursor.execute("""
            insert into cases_track (case_id, kind, owner_id, review_on, is_open, outcome, opened_at)
            select c.id, 'zorg_strafrecht', s.organisation_id, (c.opened_at + interval '28 days')::date, c.is_open,
                   '', c.opened_at
            from cases_case c join cases_seat s on s.table_id = c.table_id
            join regions_organisation o on o.id = s.organisation_id and o.sector = 'politie'
        """)
        cursor.execute("""
            insert into cases_task (track_id, description, assignee_id, due_on, done_at, created_at)
            select tr.id, 'Verhoren', tr.owner_id, tr.review_on, case when tr.is_open then null else now() end,
                   tr.opened_at
            from cases_track tr
        """)
    print(f"generated {n_cases:,} cases in {time.perf_counter() - started:.0f} s")


def timed(fn, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def measure_page(client, path, runs, target_median):
    """GET a page `runs` times (after one warm-up that must answer 200) and print the median against
    its target, with the spread: fastest, p95, slowest."""
    assert client.get(path).status_code == 200, path
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    report(f"GET {path}", statistics.median(samples), p95, target_median)
    print(f"{'':<46} spread: fastest {samples[0]:.1f} ms, p95 {p95:.1f} ms, slowest {samples[-1]:.1f} ms")


def report(name, median, p95, target_median, target_p95=None):
    line = f"{name:<46} median {median:7.1f} ms (target {target_median} ms, ratio {median / target_median:.2f})"
    if target_p95:
        line += f"  p95 {p95:7.1f} ms (target {target_p95} ms, ratio {p95 / target_p95:.2f})"
    print(line)


def verified_client(username):
    """A test client logged in as the user, second factor passed."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from ketenzicht.accounts.models import User

    account = User.objects.get(username=username)
    client = Client()
    client.force_login(account)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = account.totpdevice_set.get().persistent_id
    session.save()
    return client


def api_client(username):
    """An API client with a fresh token of the user."""
    from rest_framework.test import APIClient

    from ketenzicht.accounts.models import ApiToken, User

    _token, plain = ApiToken.issue(User.objects.get(username=username))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    return client


def measure_lists(runs):
    from ketenzicht.accounts.models import User
    from ketenzicht.intake.models import Signal
    from ketenzicht.privacy import policy

    liaison = User.objects.get(username="liaison.zwolle")
    scoped = policy.visible(liaison, Signal).count()
    print(f"signals in database: {Signal.objects.count():,}; visible to liaison.zwolle: {scoped:,}")

    client = verified_client("liaison.zwolle")
    assert client.get("/signalen").status_code == 200
    report("inbox page /signalen (liaison.zwolle)", *timed(lambda: client.get("/signalen"), runs), 50, 150)
    api = api_client("liaison.zwolle")
    assert api.get("/api/v1/signals").status_code == 200
    report("GET /api/v1/signals (first page)", *timed(lambda: api.get("/api/v1/signals"), runs), 50, 150)
    reference = 175
    median, _ = timed(lambda: api.get("/api/v1/signals"), runs)
    print(f"{'vs Open Zaak list of 1,000,000 (150-200 ms)':<46} ratio {median / reference:.2f}")
    from ketenzicht.cases.models import Case, Task

    chair, member = verified_client("chair.ijsselland"), verified_client("police.ijsselland")
    print(f"cases in database: {Case.objects.count():,}; open tasks of the IJsselland police: "
          f"{Task.objects.filter(assignee__name='Politie IJsselland', done_at__isnull=True).count():,}")
    assert chair.get("/casussen").status_code == 200 and member.get("/taken").status_code == 200
    report("chair's table overview /casussen", *timed(lambda: chair.get("/casussen"), runs), 50, 150)
    report("member's task list /taken", *timed(lambda: member.get("/taken"), runs), 50, 150)


def measure_public(concurrency=20, per_client=15, port=8765):
    env = dict(os.environ, KETENZICHT_PUBLIC_RATE="100000000", KETENZICHT_DEBUG="0", KETENZICHT_SECRET_KEY="bench",
               KETENZICHT_SSL_REDIRECT="0", KETENZICHT_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    # The production setup: gunicorn, two workers per core, each with threads for waiting on the database.
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "ketenzicht.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(2 * os.cpu_count()), "--threads", "4"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/v1/public/signals"
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/municipalities", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        # To a synthetic municipality, so repeated runs do not grow the inbox measured above.
        body = json.dumps({"municipality": "GM9000", "description": "Benchmark-melding"}).encode()
        samples, errors = [], []

        def client():
            for _ in range(per_client):
                request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
                start = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        assert response.status == 201
                except Exception as error:  # noqa: BLE001 - counted and reported
                    errors.append(error)
                samples.append((time.perf_counter() - start) * 1000)

        threads = [threading.Thread(target=client) for _ in range(concurrency)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        samples.sort()
        report(f"public submission, {concurrency} concurrent clients", statistics.median(samples),
               samples[int(len(samples) * 0.95) - 1], 100)
        print(f"{'':<46} {len(samples) / elapsed:.0f} submissions/s, {len(errors)} errors")
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="reuse the benchmark database if it exists")
    args = parser.parse_args()
    setup_database(args.signals, args.cases, args.keep)
    measure_lists(args.runs)
    measure_public()


if __name__ == "__main__":
    main()
