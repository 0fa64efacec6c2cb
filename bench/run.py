"""The speed benchmark of issue 17, on PostgreSQL with the data of bench/data.py.

    .venv/bin/python bench/run.py --signals 1000000 --keep                 (all groups)
    .venv/bin/python bench/run.py --signals 3000000 --keep --only lists,figures --runs 20
    .venv/bin/python bench/run.py --compare before.json after.json          (ratios of two runs)

Without --keep the database is generated anew (bench/data.py); with --keep it is migrated only.
--no-migrate measures code that is not the database's (an older checkout on PYTHONPATH).

Groups (--only, comma-separated):
- lists:   every list page and API list of issue 17, for a liaison of one municipality
           (liaison.zwolle) and for one of 60 (liaison.big), the chair, the police member, the
           care coordinator: median, p95, fastest and slowest of --runs, target, ratio;
- figures: the dashboard for the last 12 months, ten years, Zwolle, the analyst's last year, and
           every single figure through the API for 12 months and ten years (the slowest p95 of
           all, and of the dashboard's: CoMensha's view reads every signal, on a page of its own);
- national: the national view (/cijfers/landelijk) for the last calendar year and quarter, once an
           account with the national-analyst role exists and every region has its aggregates;
- monitor: the monitor PDF (and workbook) for ten years;
- public:  public submissions in process, one at a time (with their CPU time, and the fan-out of
           the notifications after the response), then by 20 concurrent clients against gunicorn
           (2 workers per core, 4 threads), as production runs, closed loop and, with --think
           SECONDS, again with that pause between a client's submissions; the gunicorn workers' peak
           memory.
Every in-process request is timed as a whole and for its SQL (connection.execute_wrapper): the
"× SQL" column is page time / SQL time, the framework's share (target ≤ 2). At the end the peak
memory (VmHWM) of this process, which served every in-process request. The load average is
printed on every line: the machine is shared.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402 - bench/data.py, next to this file

ROOT = data.ROOT
RESULTS = {}
SINGLE_FIGURES = True  # figures: also every figure alone through the stats API (--no-single-figures)
# What the older benchmarks importing this module expect of it (bench/setup_lists.py, users_list.py):
# the benchmark's settings in the environment, src on the path; they choose their own database.
# This benchmark's own run (`main`) measures with production's settings instead (`production`).
os.environ.setdefault("KETENZICHT_DEBUG", "1")
os.environ["KETENZICHT_ENCRYPTION_KEYS"] = data.BENCH_KEY
os.environ["DJANGO_SETTINGS_MODULE"] = "ketenzicht.settings"
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT / "src"))
fresh_database, psql = data.fresh_database, data.psql


# ------------------------------------------------------------------------------------ measuring
class SqlTimer:
    """Time spent in the database during a request (every execute, wall clock)."""

    def __init__(self):
        self.seconds, self.queries = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def load():
    return os.getloadavg()[0]


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def fetch(client, path):
    """GET the path; a streamed answer is read to the end (that is where its work happens)."""
    response = client.get(path)
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return response, body


def measure(label, client, path, runs, target_median, target_p95=None):
    """Time `runs` GETs (after one warm-up) of a page, print and keep the figures; None when the
    page does not answer 200 (on older code some do not exist yet)."""
    from django.db import connection

    started = time.perf_counter()
    response, body = fetch(client, path)
    first = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        print(f"{label:<58} n/a: HTTP {response.status_code} for {path}", flush=True)
        RESULTS[label] = {"path": path, "status": response.status_code}
        return None
    pages, sqls, queries = [], [], []
    for _ in range(runs):
        timer = SqlTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response, body = fetch(client, path)
        pages.append((time.perf_counter() - started) * 1000)
        sqls.append(timer.seconds * 1000)
        queries.append(timer.queries)
    shares = [p / s for p, s in zip(pages, sqls, strict=True) if s]
    result = {"path": path, "status": 200, "runs": runs, "median": statistics.median(pages),
              "p95": percentile(pages, 0.95), "fastest": min(pages), "slowest": max(pages),
              "sql_median": statistics.median(sqls), "framework": statistics.median(shares) if shares else 0,
              "queries": statistics.median(queries), "bytes": len(body), "target": target_median,
              "target_p95": target_p95, "load": load(), "first": first}
    RESULTS[label] = result
    print(line(label, result), flush=True)
    return result


def line(label, r):
    text = (f"{label:<58} median {r['median']:8.1f} ms  p95 {r['p95']:8.1f}  [{r['fastest']:.1f}–{r['slowest']:.1f}]"
            f"  target {r['target']} ms ratio {r['median'] / r['target']:.2f}")
    if r.get("target_p95"):
        text += f", p95 ratio {r['p95'] / r['target_p95']:.2f}"
    if "sql_median" in r:
        text += (f" | SQL {r['sql_median']:.1f} ms ×{r['framework']:.2f}, {r['queries']:.0f} queries,"
                 f" {r['bytes'] / 1024:.0f} kB, first {r['first']:.0f} ms")
    return text + f" | load {r['load']:.1f}"


def report(name, median, p95, target_median, target_p95=None):
    """The older interface (bench/setup_lists.py, users_list.py)."""
    RESULTS[name] = {"median": median, "p95": p95, "fastest": median, "slowest": p95, "target": target_median,
                     "target_p95": target_p95, "load": load()}
    print(line(name, RESULTS[name]), flush=True)


def measure_page(client, path, runs, target_median):
    """The older interface: one page against its median target."""
    return measure(f"GET {path}", client, path, runs, target_median)


def timed(fn, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


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


def exists(username):
    from ketenzicht.accounts.models import User

    return User.objects.filter(username=username).exists()


def following(client, path):
    """The path of the `next` page of an API list, or None."""
    response = client.get(path)
    if response.status_code != 200:
        return None
    link = response.json().get("next") if isinstance(response.json(), dict) else None
    if not link:
        return None
    parts = urllib.parse.urlsplit(link)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


# ------------------------------------------------------------------------------------------ lists
def measure_lists(runs):
    from ketenzicht.cases.models import Table
    from ketenzicht.intake.models import Signal
    from ketenzicht.privacy import policy

    print(f"-- lists (load {load():.1f})")
    for username in ("liaison.zwolle", "liaison.big"):
        from ketenzicht.accounts.models import User

        print(f"   {username}: {policy.visible(User.objects.get(username=username), Signal).count():,} signals in scope")
    pages, apis = {}, {}
    table = Table.objects.filter(region__slug="ijsselland", kind="regional").order_by("pk").first()
    for username in ("liaison.zwolle", "liaison.big", "chair.ijsselland", "police.ijsselland", "care.ijsselland"):
        pages[username], apis[username] = verified_client(username), api_client(username)
    checks = []
    for who in ("liaison.zwolle", "liaison.big"):
        checks += [(f"inbox /signalen, {who}", pages[who], "/signalen"),
                   (f"GET /api/v1/signals, {who}", apis[who], "/api/v1/signals")]
        second = following(apis[who], "/api/v1/signals")
        if second:
            checks.append((f"GET /api/v1/signals next page, {who}", apis[who], second))
        checks += [(f"/casussen, {who}", pages[who], "/casussen"),
                   (f"notifications /berichten, {who}", pages[who], "/berichten")]
    checks += [
        ("/casussen, chair.ijsselland", pages["chair.ijsselland"], "/casussen"),
        ("GET /api/v1/cases, chair.ijsselland", apis["chair.ijsselland"], "/api/v1/cases"),
        (f"table page /tafels/{table.pk}, chair.ijsselland", pages["chair.ijsselland"], f"/tafels/{table.pk}"),
        ("GET /api/v1/meetings, chair.ijsselland", apis["chair.ijsselland"], "/api/v1/meetings"),
        (f"GET /api/v1/tables/{table.pk}/meetings, chair", apis["chair.ijsselland"],
         f"/api/v1/tables/{table.pk}/meetings"),
        ("notifications /berichten, chair.ijsselland", pages["chair.ijsselland"], "/berichten"),
        ("/taken, police.ijsselland", pages["police.ijsselland"], "/taken"),
        ("GET /api/v1/tasks, police.ijsselland", apis["police.ijsselland"], "/api/v1/tasks"),
        ("care trajectories /zorg, care.ijsselland", pages["care.ijsselland"], "/zorg"),
        ("GET /api/v1/care-trajectories, care.ijsselland", apis["care.ijsselland"], "/api/v1/care-trajectories"),
    ]
    for label, client, path in checks:
        measure(label, client, path, runs, 50, 100)


# ---------------------------------------------------------------------------------------- figures
def periods(today=None):
    from ketenzicht.lib.dates import add_months

    today = today or date.today()
    twelve = add_months(today, -12) + timedelta(days=1)
    ten = date(today.year - 10, today.month, today.day) + timedelta(days=1)
    quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    return {"last 12 months": f"from={twelve}&to={today}", "ten years": f"from={ten}&to={today}",
            "last year": f"from={today.year - 1}-01-01&to={today.year - 1}-12-31",
            "last quarter": f"from={add_months(quarter, -3)}&to={quarter - timedelta(days=1)}"}


def national_user():
    from ketenzicht.accounts.models import User

    return User.objects.filter(username="analyst.national").first()


def measure_figures(runs):
    from ketenzicht.insights import figures

    print(f"-- figures (load {load():.1f})")
    when = periods()
    chair, analyst = verified_client("chair.ijsselland"), verified_client("analyst.ijsselland")
    measure("dashboard, last 12 months (chair)", chair, f"/cijfers?{when['last 12 months']}", runs, 300)
    measure("dashboard, ten years (chair)", chair, f"/cijfers?{when['ten years']}", runs, 300)
    measure("dashboard Zwolle, last 12 months (chair)", chair,
            f"/cijfers?municipality=GM0193&{when['last 12 months']}", runs, 300)
    measure("dashboard Zwolle, ten years (chair)", chair, f"/cijfers?municipality=GM0193&{when['ten years']}",
            runs, 300)
    measure("dashboard, last calendar year (analyst)", analyst, f"/cijfers?{when['last year']}", runs, 300)
    if not SINGLE_FIGURES:
        return
    api = api_client("chair.ijsselland")
    for period in ("last 12 months", "ten years"):
        results = {}
        for key in figures.FIGURES:
            result = measure(f"figure {key}, {period}", api, f"/api/v1/stats/{key}?{when[period]}",
                             max(runs // 2, 5), 150)
            if result:
                results[key] = result
        # The figures on a page of their own (read from every signal of the period, by design) apart
        # from the dashboard's, which a slow one of theirs would otherwise hide.
        for label, keys in (("slowest single figure", results),
                            ("slowest dashboard figure", [k for k in results if k in figures.DASHBOARD])):
            worst = max(keys, key=lambda k: results[k]["p95"], default=None)
            if worst:
                RESULTS[f"{label} p95, {period}"] = {**results[worst], "figure": worst}
                print(f"{label + ' (p95), ' + period:<58} {worst}: p95 {results[worst]['p95']:.1f} ms "
                      f"(median {results[worst]['median']:.1f}; target 150 ms, ratio {results[worst]['p95'] / 150:.2f})")


def measure_national(runs):
    print(f"-- national view (load {load():.1f})")
    when = periods()
    missing = data.aggregates_missing()
    if missing:
        print(f"{'national view':<58} n/a: {missing} regions without monthly aggregates (bench/data.py --aggregates)")
    elif national_user():
        national = verified_client("analyst.national")
        # Whole calendar periods that have ended only (published figures): a year is the longest.
        measure("national view /cijfers/landelijk, last calendar year", national,
                f"/cijfers/landelijk?{when['last year']}", runs, 1000)
        measure("national view /cijfers/landelijk, last quarter", national,
                f"/cijfers/landelijk?{when['last quarter']}", runs, 1000)
    else:
        print(f"{'national view':<58} n/a: no account with a national-analyst role")


def measure_monitor(runs):
    print(f"-- monitor (load {load():.1f})")
    when = periods()
    chair = verified_client("chair.ijsselland")
    measure("monitor PDF, ten years (chair)", chair, f"/cijfers/monitor.pdf?{when['ten years']}", runs, 3000)
    measure("monitor workbook, ten years (chair)", chair, f"/cijfers/monitor.xlsx?{when['ten years']}", runs, 3000)
    measure("monitor PDF, last calendar year (analyst)", verified_client("analyst.ijsselland"),
            f"/cijfers/monitor.pdf?{when['last year']}", runs, 3000)


# ----------------------------------------------------------------------------------------- public
def peak_memory(pid="self"):
    """VmHWM of a process, in MB (None when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for row in status:
                if row.startswith("VmHWM:"):
                    return int(row.split()[1]) / 1024
    except OSError:
        return None
    return None


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


PUBLIC_BODY = {"municipality": "GM9000", "description": "Benchmark-melding"}


def measure_public_in_process(runs):
    """The submission in this process, one at a time: wall time, SQL time and queries, and the CPU time
    of this process per request (what bounds the throughput of a core); then the fan-out that follows
    the response (the delivery thread's work, here run in this process for the announcements made)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    body = json.dumps(PUBLIC_BODY)
    with override_settings(KETENZICHT_PUBLIC_RATE=100_000_000, KETENZICHT_DELIVER_IN_PROCESS=False,
                           EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        client = Client()
        pages, sqls, queries, cpus = [], [], [], []
        for _ in range(runs + 1):  # the first warms up
            timer = SqlTimer()
            started, cpu = time.perf_counter(), time.process_time()
            with connection.execute_wrapper(timer):
                response = client.post("/api/v1/public/signals", body, content_type="application/json")
            assert response.status_code == 201, response.content
            pages.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            sqls.append(timer.seconds * 1000)
            queries.append(timer.queries)
        pages, sqls, queries, cpus = pages[1:], sqls[1:], queries[1:], cpus[1:]
        result = {"runs": runs, "median": statistics.median(pages), "p95": percentile(pages, 0.95),
                  "fastest": min(pages), "slowest": max(pages), "sql_median": statistics.median(sqls),
                  "framework": statistics.median(p / s for p, s in zip(pages, sqls, strict=True)),
                  "queries": statistics.median(queries), "bytes": len(response.content), "target": 50,
                  "target_p95": None, "load": load(), "first": 0, "cpu_median": statistics.median(cpus)}
        label = "public submission, in process, one at a time"
        RESULTS[label] = result
        print(line(label, result) + f" | CPU {result['cpu_median']:.1f} ms", flush=True)
        if announcements_waiting() is not None:  # older code tells the liaisons in the request
            measure_fan_out()


def measure_fan_out():
    """The work that left the request: fanning out the announcements the submissions made."""
    from ketenzicht.notifications import fanout
    from ketenzicht.notifications.models import Notification

    told = Notification.objects.count()
    started = time.perf_counter()
    fanned = fanout.fan_out_all()
    each = (time.perf_counter() - started) * 1000 / max(fanned, 1)
    made = Notification.objects.count() - told
    RESULTS["public submission, fan-out after the response"] = {"announcements": fanned, "ms_each": each,
                                                                "notifications": made}
    print(f"{'  fan-out after the response (delivery thread / worker)':<58} {fanned} announcements, "
          f"{each:.1f} ms each, {made} notifications", flush=True)


def measure_public(concurrency=20, per_client=15, port=8765, think=0.0):
    """`concurrency` clients against gunicorn, each waiting `think` seconds between its submissions
    (0: closed loop, the next right after the answer)."""
    print(f"-- public submission, think time {think:g} s (load {load():.1f})")
    env = dict(os.environ, KETENZICHT_PUBLIC_RATE="100000000", KETENZICHT_DEBUG="0", KETENZICHT_SECRET_KEY="bench",
               KETENZICHT_SSL_REDIRECT="0", KETENZICHT_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
               KETENZICHT_ALLOWED_HOSTS="127.0.0.1,localhost")
    if "PYTHONPATH" not in env:
        env["PYTHONPATH"] = str(ROOT / "src")
    # The production setup: gunicorn, two workers per core, each with threads for waiting on the database.
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "ketenzicht.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(2 * os.cpu_count()), "--threads", "4"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/v1/public/signals"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/municipalities", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        # To a synthetic municipality, so repeated runs do not grow the inboxes measured above.
        body = json.dumps(PUBLIC_BODY).encode()
        samples, errors = [], []

        def client():
            for number in range(per_client):
                if think and number:
                    time.sleep(think)
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
        result = {"runs": len(samples), "median": statistics.median(samples), "p95": percentile(samples, 0.95),
                  "fastest": min(samples), "slowest": max(samples), "target": 50, "target_p95": None,
                  "load": load(), "per_second": len(samples) / elapsed, "errors": len(errors),
                  "first_error": repr(errors[0])[:200] if errors else ""}
        workers = [peak_memory(pid) for pid in children(server.pid)]
        result["worker_peak_mb"] = max((w for w in workers if w), default=None)
        label = f"public submission, {concurrency} concurrent clients" + (f", think time {think:g} s" if think else "")
        RESULTS[label] = result
        print(line(label, result))
        print(f"{'':<58} {result['per_second']:.0f} submissions/s, {len(errors)} errors {result['first_error']}")
        print(f"{'gunicorn workers, peak memory (VmHWM)':<58} "
              + ", ".join(f"{w:.0f} MB" for w in workers if w) + " (target < 300 MB)")
    finally:
        server.terminate()
        server.wait()
    print(f"{'  announcements not fanned out when gunicorn stopped':<58} {announcements_waiting()}")


def announcements_waiting():
    """What the workers' delivery threads left (None on code without the notifications' outbox)."""
    from django.apps import apps

    try:
        return apps.get_model("notifications", "Announcement").objects.count()
    except LookupError:
        return None


# ------------------------------------------------------------------------------------------- main
def compare(before_path, after_path):
    """Print after ÷ before for every measurement both runs have (e.g. 3M ÷ 1M, or new ÷ old)."""
    before, after = (json.loads(Path(p).read_text())["results"] for p in (before_path, after_path))
    print(f"{'measurement':<58} {'before':>10} {'after':>10} {'ratio':>7}   (medians, ms)")
    for label, a in after.items():
        b = before.get(label)
        if b and b.get("median") and a.get("median"):
            print(f"{label:<58} {b['median']:10.1f} {a['median']:10.1f} {a['median'] / b['median']:7.2f}")


def code_version():
    import ketenzicht

    source = Path(ketenzicht.__file__).resolve().parent
    found = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return f"{found.stdout.strip()} ({source})"


def production():
    """Settings as an installation runs them: DEBUG off (no query log, no template debugging, JSON
    request logs), with the keys it then requires. Demo mode stays on only because the benchmark's
    accounts are the demo loader's (their API tokens open nothing outside it)."""
    os.environ.update(KETENZICHT_DEBUG="0", KETENZICHT_DEMO="1", KETENZICHT_SECRET_KEY="bench-" + "k" * 50,
                      KETENZICHT_LINKAGE_KEY="bench-linkage-key", KETENZICHT_SSL_REDIRECT="0",
                      KETENZICHT_ALLOWED_HOSTS="testserver,127.0.0.1,localhost")


def main():
    parser = argparse.ArgumentParser(description="Issue 17's speed benchmark")
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--database", help="default: ketenzicht_bench (1M), ketenzicht_bench3 (3M)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse the benchmark database if it exists")
    parser.add_argument("--no-migrate", action="store_true", help="measure the database as it is (older code)")
    parser.add_argument("--only", default="lists,figures,national,monitor,public",
                        help="comma-separated groups: lists, figures, national, monitor, public")
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--think", type=float, default=0.0,
                        help="public: also measure clients that wait this many seconds between submissions")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), help="compare two --json files")
    parser.add_argument("--debug", action="store_true", help="measure with development settings (DEBUG on), "
                        "as runs before 1 December 2026 did")
    parser.add_argument("--no-single-figures", action="store_true",
                        help="figures: the dashboards only, not every figure through the stats API")
    args = parser.parse_args()
    global SINGLE_FIGURES
    SINGLE_FIGURES = not args.no_single_figures
    if args.compare:
        compare(*args.compare)
        return
    if not args.debug:
        production()
    if args.no_migrate:
        data.configure(args.signals, args.database)
        import django

        django.setup()
    else:
        data.setup(args.signals, args.keep, args.database)
    import ketenzicht.wsgi  # noqa: F401 - the application as a worker loads it (warmed up; frozen where it does)
    from ketenzicht.intake.models import Signal

    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    version = code_version()
    print(f"code {version}; database {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]}, "
          f"{Signal.objects.count():,} signals; {started}; load {load():.1f}; {os.cpu_count()} cores")
    groups = args.only.split(",")
    signals = Signal.objects.count()

    def save():  # after every group, so an interrupted run keeps what it measured
        if args.json:
            Path(args.json).write_text(json.dumps({"code": version, "started": started, "signals": signals,
                                                   "peak_mb": peak_memory(), "results": RESULTS}, indent=1,
                                                  default=str))

    for group, measure_group in (("lists", measure_lists), ("figures", measure_figures),
                                 ("national", measure_national), ("monitor", measure_monitor)):
        if group in groups:
            measure_group(max(args.runs // 10, 3) if group == "monitor" else args.runs)
            save()
    print(f"{'this process (served every in-process request), peak memory':<58} {peak_memory():.0f} MB "
          f"(target < 300 MB)")
    if "public" in groups:
        measure_public_in_process(args.runs)
        measure_public()
        if args.think:
            measure_public(think=args.think)
        save()


if __name__ == "__main__":
    main()
