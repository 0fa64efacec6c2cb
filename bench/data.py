"""Benchmark data as real use leaves it (issue 17), generated in PostgreSQL itself.

    .venv/bin/python bench/data.py --signals 1000000            (database ketenzicht_bench)
    .venv/bin/python bench/data.py --signals 3000000            (database ketenzicht_bench3)
    .venv/bin/python bench/data.py --signals 1000000 --keep     (migrate and top up an existing one)

25 regions: IJsselland as the demo loads it (its accounts: liaison.zwolle, chair.ijsselland,
police.ijsselland, care.ijsselland, ...), 23 synthetic regions of 11 municipalities and one large
region of 60 municipalities ("Benchregio Groot") holding a third of all signals, whose liaison
`liaison.big` holds all 60 municipalities. Every synthetic region is built by the demo loader (its
partners, first table with seats, accounts per role), so it is shaped as a real region is.

Over ten years, in the order real use writes them (the heap is ordered by date of receipt):
- signals, their municipalities (8 % play in a second one), state history, feedback to the reporter,
  notes, persons (1 to 4: victims and suspects, their residence, 12 % linked to another signal's
  person as one identity), related signals, attachments' metadata (the files are not written),
  forms, indicators and barriers with their `SignalTag` copies;
- cases for escalated signals (about 7 %) with their history, municipalities, meetings every four
  weeks per table, agenda items, invitations, decisions, tracks, tasks and progress reports;
- care trajectories for 3 % of signals with needs, consents, notes and referrals;
- notifications (new signal to the municipality's liaisons, escalation to the chair, task to the
  police member), read after a week;
- the access log: about 20 rows per signal (creation, views, steps, notes, feedback, updates,
  attachments, links, and one list row per 5 signals with the 25 ids of its page) and views of cases.

Encrypted fields hold real ciphertexts of the product's own `lib.crypto.encrypt` (Fernet) with the
benchmark key: a pool of distinct ciphertexts per field (4,000 descriptions, 3,000 notes, ...),
reused across rows, so the sizes and the decryption work per row are those of production.

Secondary indexes of the tables filled here are dropped before the load and created again after
it (their definitions are kept in the table `bench_dropped_index` until they are back, so an
interrupted run restores them on the next); constraints and primary keys stay.
"""
import argparse
import importlib
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASES = {1_000_000: "ketenzicht_bench", 3_000_000: "ketenzicht_bench3"}
BENCH_KEY = "Ek3mv6q0bR9mN2C8pW1xYz7uT4sQ5oL0aB6cD3eF9gI="  # benchmark only
YEARS = 10
BIG_SLUG = "bench-groot"
BIG_MUNICIPALITIES = 60
SMALL_REGIONS = 23
SMALL_MUNICIPALITIES = 11
# Views of a signal in the access log, fewest to most (--views): 8-16 makes about 20 log rows per
# signal in all, 1-3 about 10 (the 3M database, to keep both databases within the disk budget).
VIEWS = (8, 16)

TABLES = [  # the tables filled here, whose secondary indexes are rebuilt after the load
    "intake_signal", "intake_signalmunicipality", "intake_stagechange", "intake_feedback", "intake_note",
    "intake_person", "intake_signal_related", "intake_attachment", "intake_signal_exploitation_forms",
    "intake_signal_indicators", "intake_signal_barriers", "intake_signaltag", "privacy_accesslog",
    "cases_case", "cases_casemunicipality", "cases_casechange", "cases_meeting", "cases_agendaitem",
    "cases_invitation", "cases_decision", "cases_track", "cases_task", "cases_progress", "care_trajectory",
    "care_trajectory_exploitation_forms", "care_need", "care_consent", "care_note", "care_referral",
    "notifications_notification",
]


def database_name(signals):
    return DATABASES.get(signals, f"ketenzicht_bench_{signals}")


def configure(signals, name=None):
    """Environment for Django on the benchmark database; call before django.setup()."""
    name = name or database_name(signals)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.setdefault("KETENZICHT_DEBUG", "1")
    os.environ["KETENZICHT_ENCRYPTION_KEYS"] = BENCH_KEY
    os.environ["DJANGO_SETTINGS_MODULE"] = "ketenzicht.settings"
    if str(ROOT / "src") not in sys.path and not os.environ.get("PYTHONPATH"):
        sys.path.insert(0, str(ROOT / "src"))
    return name


def psql(sql, db="postgres", capture=False):
    result = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qtAc", sql], check=True,
                            capture_output=capture, text=True)
    return result.stdout.strip() if capture else None


def fresh_database(name, keep):
    """The benchmark's own database: dropped and made anew, unless `keep` and it exists."""
    exists = psql(f"select 1 from pg_database where datname='{name}'", capture=True) == "1"
    if exists and not keep:
        psql(f"drop database {name} with (force)")
        exists = False
    if not exists:
        psql(f"create database {name}")


# ------------------------------------------------------------------------------------------ texts
SENTENCES = [
    "Jonge vrouw wordt 's avonds steeds door wisselende mannen opgehaald bij een woning.",
    "Meisje van school heeft opeens dure spullen en een veel oudere vriend die haar overal brengt.",
    "Advertenties op een sekssite met steeds andere vrouwen op hetzelfde adres.",
    "Arbeidsmigranten wonen met twaalf personen in een eengezinswoning en werken dag en nacht.",
    "Medewerkers van een bedrijf krijgen loon contant en veel minder dan afgesproken.",
    "Werknemers in de kassen moeten hun paspoort inleveren bij de uitzendbemiddelaar.",
    "Jongere wordt gedwongen drugs te vervoeren en durft niet te stoppen.",
    "Bedelende vrouw wordt 's ochtends afgezet en 's avonds opgehaald.",
    "Jongeren worden geronseld om hun bankrekening beschikbaar te stellen.",
    "Op het adres staan meer personen ingeschreven dan passend is.",
    "Handhaving kent het pand van eerdere controles.",
    "Het wijkteam heeft contact gehad met de betrokkene; zij wil nu niet praten.",
    "De buren horen 's nachts geschreeuw en zien regelmatig busjes voorrijden.",
    "Betrokkene spreekt geen Nederlands en lijkt niet zelf over geld te beschikken.",
    "Een leerling verzuimt steeds vaker en wordt na school door een auto opgehaald.",
    "De huisarts zag verwondingen die niet passen bij het verhaal van de patiënt.",
    "Er zijn aanwijzingen dat de schuld bij de werkgever elke maand groter wordt.",
    "De woning wordt per bed verhuurd; de huur wordt ingehouden op het loon.",
    "Melder heeft de persoon meerdere keren gesproken en maakt zich ernstige zorgen.",
    "De betrokkene heeft geen eigen telefoon en wordt steeds door dezelfde man begeleid.",
]
STREETS = ["Stationsweg", "Dorpsstraat", "Industrieweg", "Kerkstraat", "Havenkade", "Molenweg", "Schoolstraat"]
NOTE_SOURCES = ["Gesprek met wijkteam", "BRP-bevraging", "Politie (BVH)", "Handhaving", "Leerplicht", "Huisarts"]
FILE_NAMES = ["foto-voordeur.jpg", "verslag-gesprek.pdf", "advertentie.png", "huurcontract.pdf", "loonstrook.pdf"]
FEEDBACK = {"received": "Uw melding is ontvangen door de gemeente. Dank u wel.",
            "taken_up": "Uw melding is in behandeling genomen door de aandachtsfunctionaris mensenhandel.",
            "closed": "De behandeling van uw melding is afgerond. Dank u wel voor uw melding."}


def texts(rng):
    """Plain texts per encrypted field: (kind, how many distinct ciphertexts, a maker)."""
    def story(low, high):
        return lambda: " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(low, high)))

    return [
        ("description", 4000, story(2, 9)),
        ("location", 2000, lambda: f"{rng.choice(STREETS)} {rng.randint(1, 250)}"),
        ("contact", 500, lambda: f"06-{rng.randint(10000000, 99999999)} (bellen na 18:00)"),
        ("note", 3000, story(1, 5)),
        ("source", 300, lambda: rng.choice(NOTE_SOURCES)),
        ("reason", 1000, story(1, 2)),
        ("attachment", 500, lambda: rng.choice(FILE_NAMES)),
        ("fb_received", 200, lambda: FEEDBACK["received"]),
        ("fb_taken_up", 200, lambda: FEEDBACK["taken_up"]),
        ("fb_closed", 200, lambda: FEEDBACK["closed"]),
        ("decision", 1000, story(1, 4)),
        ("task", 1000, lambda: rng.choice(["Verhoren", "Huisbezoek afleggen", "BRP-controle", "Werkgever bezoeken",
                                           "Opvang regelen", "Gesprek met school"]) + ". " + story(0, 2)()),
        ("progress", 1000, story(1, 3)),
        ("outcome", 500, story(1, 2)),
        ("name", 2000, lambda: f"{rng.choice(['Anna', 'Maria', 'Oksana', 'Fatima', 'Jan', 'Ion', 'Li'])} "
                               f"{rng.choice(['de Vries', 'Popescu', 'Nowak', 'Jansen', 'Kowalski', 'Bakker'])}"),
        ("birth_date", 2000, lambda: f"{rng.randint(1960, 2010)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
        ("care_note", 1000, story(1, 4)),
    ]


# ------------------------------------------------------------------------------------------- set-up
def regions():
    """IJsselland from the demo, and the synthetic regions through the same loader."""
    from ketenzicht.demo import loader

    rows = loader._municipalities()
    code = 9000
    names = []
    for r in range(SMALL_REGIONS + 1):
        big = r == SMALL_REGIONS
        name = "Benchregio Groot" if big else f"Benchregio {r}"
        slug = BIG_SLUG if big else f"bench-{r}"
        loader.REGIONS[name] = (slug, "Veilig Thuis: 0800-2000", 0)
        loader.ROUTES[name] = "ijsselland"
        loader.TABLES[name] = f"Weeg- en monitortafel {name}"
        for m in range(BIG_MUNICIPALITIES if big else SMALL_MUNICIPALITIES):
            rows.append({"cbs_code": f"GM{code}", "name": f"Bench {'groot' if big else r}-{m}", "region": name,
                         "inhabitants": str(20000 + (code * 7919) % 180000), "inhabitants_on": "2025-01-01"})
            code += 1
        names.append(name)
    loader._municipalities = lambda: rows
    loader.load(regions=("IJsselland", *names), with_signals=False)
    big_liaison()


def big_liaison():
    """liaison.big: the liaison of all 60 municipalities of the large region."""
    from ketenzicht.accounts.models import Role
    from ketenzicht.demo import loader
    from ketenzicht.regions.models import Municipality, Organisation

    for m in Municipality.objects.filter(region__slug=BIG_SLUG):
        loader._user("liaison.big", "Aandachtsfunctionaris regio Groot",
                     Organisation.objects.get(region=m.region, name=f"Gemeente {m.name}"), Role.LIAISON, m)


def national_analyst():
    """The national analyst (figures of every region, no personal data), once the role exists."""
    from ketenzicht.accounts import models as accounts
    from ketenzicht.demo import loader
    from ketenzicht.regions.models import Organisation

    role = next((r for r in accounts.Role if "national" in r.value), None)
    if role is None:
        return None
    organisation = Organisation.objects.filter(region__slug="ijsselland", name="Regiobureau IJsselland").first()
    return loader._user("analyst.national", "Landelijk analist", organisation, role)


# ---------------------------------------------------------------------------------------- indexes
def drop_indexes(cursor):
    cursor.execute("create table if not exists bench_dropped_index (name text primary key, definition text)")
    cursor.execute(f"""
        insert into bench_dropped_index
        select i.indexname, i.indexdef from pg_indexes i
        where i.schemaname = 'public' and i.tablename in ({", ".join(f"'{t}'" for t in TABLES)})
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
        on conflict do nothing""")
    cursor.execute("select name from bench_dropped_index")
    for (name,) in cursor.fetchall():
        cursor.execute(f'drop index if exists "{name}"')


def restore_indexes(cursor):
    """Create the dropped indexes again (also after an interrupted run)."""
    cursor.execute("select to_regclass('bench_dropped_index') is not null")
    if not cursor.fetchone()[0]:
        return
    cursor.execute("select name, definition from bench_dropped_index order by name")
    for name, definition in cursor.fetchall():
        started = time.perf_counter()
        cursor.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
        cursor.execute("delete from bench_dropped_index where name = %s", [name])
        print(f"  index {name}: {time.perf_counter() - started:.0f} s", flush=True)
    cursor.execute("drop table bench_dropped_index")


# --------------------------------------------------------------------------------------- the load
def step(cursor, label, sql):
    started = time.perf_counter()
    cursor.execute(sql)
    print(f"  {label}: {cursor.rowcount:,} rows, {time.perf_counter() - started:.0f} s", flush=True)
    return cursor.rowcount


def h(expr, seed):
    """A stable pseudo-random non-negative integer from an integer expression."""
    return f"abs(hashint4extended({expr}, {seed}))"


def load_texts(cursor):
    from ketenzicht.lib import crypto

    rng = random.Random(17)  # nosec B311 - benchmark data
    cursor.execute("drop table if exists bench_text")
    cursor.execute("create unlogged table bench_text (kind text, i int, value text, primary key (kind, i))")
    rows = [(kind, i, crypto.encrypt(make())) for kind, count, make in texts(rng) for i in range(count)]
    cursor.executemany("insert into bench_text values (%s, %s, %s)", rows)
    return {kind: count for kind, count, _ in texts(rng)}


def text(counts, kind, expr):
    """SQL for one ciphertext of the pool `kind`, chosen by `expr`."""
    return f"(select value from bench_text where kind = '{kind}' and i = ({expr}) % {counts[kind]})"


def generate(n):
    """Fill the database with `n` signals and all that real use writes with them."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("set synchronous_commit = off")
        cursor.execute("set maintenance_work_mem = '512MB'")
        cursor.execute("set work_mem = '256MB'")
        counts = load_texts(cursor)
        drop_indexes(cursor)
        cursor.execute("set session_replication_role = replica")  # consistent by construction: no FK triggers
        plan(cursor, n)
        signals(cursor, counts)
        cases(cursor, counts)
        care(cursor, counts)
        notifications(cursor)
        access_log(cursor)
        fill_derived(cursor)
        fill_loaded(cursor)
        cursor.execute("set session_replication_role = origin")
        print(f"rows written in {time.perf_counter() - started:.0f} s; creating indexes", flush=True)
        restore_indexes(cursor)
        for table in ("bench_plan", "bench_muni", "bench_region", "bench_meeting", "bench_text"):
            cursor.execute(f"drop table if exists {table}")
    print(f"generated {n:,} signals in {time.perf_counter() - started:.0f} s (before vacuum)", flush=True)


def plan(cursor, n):
    """Who, where and when for every signal: scratch tables the other steps read."""
    cursor.execute("drop table if exists bench_muni, bench_region, bench_plan, bench_meeting")
    cursor.execute(f"""
        create unlogged table bench_muni as
        select m.id, m.region_id, rd.id as route_id, r.slug = '{BIG_SLUG}' as big,
               row_number() over (partition by r.slug = '{BIG_SLUG}' order by m.id) - 1 as pos,
               row_number() over (partition by m.region_id order by m.id) - 1 as j,
               count(*) over (partition by m.region_id) as n,
               (select min(ra.user_id) from accounts_roleassignment ra join accounts_user u on u.id = ra.user_id
                where ra.municipality_id = m.id and ra.role = 'liaison' and u.username <> 'liaison.big') as liaison_id,
               (select o.id from regions_organisation o where o.municipality_id = m.id and o.sector = 'gemeente'
                order by o.id limit 1) as org_id
        from regions_municipality m join regions_region r on r.id = m.region_id
        join route_routedefinition rd on rd.region_id = m.region_id and rd.active""")
    cursor.execute("""
        create unlogged table bench_region as
        select r.id as region_id, r.slug,
               (select t.id from cases_table t where t.region_id = r.id and t.kind in ('regional', 'local')
                order by t.id limit 1) as table_id,
               (select u.id from accounts_user u where u.username = 'chair.' || r.slug) as chair_id,
               (select u.id from accounts_user u where u.username = 'police.' || r.slug) as police_user_id,
               (select u.id from accounts_user u where u.username = 'care.' || r.slug) as care_id,
               (select o.id from regions_organisation o where o.region_id = r.id and o.sector = 'politie') as police_id,
               (select o.id from regions_organisation o where o.region_id = r.id and o.sector = 'veilig_thuis')
                   as vt_id
        from regions_region r""")
    cursor.execute("select count(*) filter (where big), count(*) filter (where not big) from bench_muni")
    n_big, n_other = cursor.fetchone()
    span = YEARS * 365 * 86400
    step(cursor, "plan", f"""
        create unlogged table bench_plan as
        select b.*, case when b.has_case then b.id end as case_id,
               b.h3 % 97 = 0 as is_acute, b.h2 % 17 = 0 as is_urgent,
               case b.stage when 'ontvangen' then b.received_at + interval '3 days'
                            when 'verrijking' then b.received_at + interval '18 days' end as deadline_at,
               case when b.stage = 'ontvangen' and b.h3 % 2 = 0 then null
                    else b.received_at + interval '3 hours' end as first_seen_at,
               case when b.stage = 'afgesloten' then
                   case when b.has_case then 'casus_afgerond' when b.h3 % 100 < 20 then 'doorverwijzen'
                        else 'afsluiten' end end as closing,
               case when b.stage = 'afgesloten' then
                   least(now() - interval '1 minute',
                         b.received_at + (case when b.has_case then 40 else 2 end + b.h2 % 90) * interval '1 day') end
                   as closed_at
        from (
            select a.*, a.stage = 'casus' or (a.stage = 'afgesloten' and a.h3 % 100 < 7 and a.age > 30) as has_case
            from (
                select s.*,
                       case when s.age < 3 then case when s.h2 % 10 < 7 then 'ontvangen' else 'verrijking' end
                            when s.age < 120 then case when s.h2 % 100 < 5 then 'ontvangen'
                                                       when s.h2 % 100 < 40 then 'verrijking'
                                                       when s.h2 % 100 < 55 then 'monitoren'
                                                       when s.h2 % 100 < 65 then 'casus' else 'afgesloten' end
                            else case when s.h2 % 100 < 1 then 'verrijking' when s.h2 % 100 < 2 then 'monitoren'
                                      when s.h2 % 100 < 4 then 'casus' else 'afgesloten' end end as stage
                from (
                    select g, gen_random_uuid() as id, x.h1, x.h2, x.h3, m.id as muni_id, m.region_id, m.route_id,
                           m.liaison_id, m.org_id, m.j, m.n, m.big,
                           now() - interval '10 minutes' - ({n} - g) * interval '{span / n} seconds' as received_at,
                           ({n} - g) * {span / n / 86400} as age
                    from generate_series(1, {n}) g
                    cross join lateral (select {h('g', 1)} as h1, {h('g', 2)} as h2, {h('g', 3)} as h3) x
                    join bench_muni m on m.big = (x.h1 % 3 = 0)
                     and m.pos = case when x.h1 % 3 = 0 then (x.h1 / 3) % {n_big} else (x.h1 / 3) % {n_other} end
                ) s
            ) a
        ) b
        order by g""")
    cursor.execute("alter table bench_plan add primary key (g)")
    cursor.execute("create index on bench_plan (id)")
    cursor.execute("analyze bench_plan")


def signals(cursor, t):
    step(cursor, "signals", f"""
        insert into intake_signal (id, region_id, route_id, kind, channel, lead_municipality_id, description,
            location, urgency, is_acute, source_sector, anonymous, contact, receipt_hash, stage, is_open, deadline_at,
            received_at, first_seen_at, closed_at, case_id, monitor_until, referral, updated_at, version)
        select p.id, p.region_id, p.route_id, (array['signal','signal','signal','advice','case'])[1 + p.h3 % 5],
               c.channel, p.muni_id, {text(t, 'description', 'p.g')},
               case when p.h1 % 10 < 7 then {text(t, 'location', 'p.g')} else '' end,
               case when p.is_urgent then 'urgent' else 'normal' end, p.is_acute,
               case when c.channel = 'public_form' then 'burger'
                    else (array['wijkteam','politie','zorg','veilig_thuis','onderwijs','gemeente','handhaving',
                                'leerplicht','arbeidsinspectie','werkgever'])[1 + p.h1 % 10] end,
               c.channel = 'public_form' and p.h2 % 3 > 0,
               case when c.channel = 'public_form' and p.h2 % 3 = 0 then {text(t, 'contact', 'p.g')} else '' end,
               case when c.channel = 'public_form' then encode(sha256(p.id::text::bytea), 'hex') end,
               p.stage, p.stage <> 'afgesloten', p.deadline_at, p.received_at, p.first_seen_at, p.closed_at, p.case_id,
               case when p.stage = 'monitoren' then (now() + (p.h1 % 60) * interval '1 day')::date end,
               case when p.closing = 'doorverwijzen' then 'Veilig Thuis' else '' end,
               coalesce(p.closed_at, p.received_at + interval '3 hours'),
               case p.stage when 'ontvangen' then 1 when 'verrijking' then 2 else 3 end
        from bench_plan p
        cross join lateral (select (array['public_form','professional_form','professional_form','professional_form',
                                          'professional_form','professional_form','professional_form','phone',
                                          'phone','api'])[1 + p.h2 % 10] as channel) c
""")
    step(cursor, "signal municipalities", """
        insert into intake_signalmunicipality (signal_id, municipality_id, is_lead, is_open, is_acute, is_urgent,
            deadline_at, first_seen_at, received_at)
        select p.id, x.muni, x.lead, p.stage <> 'afgesloten', p.is_acute, p.is_urgent, p.deadline_at,
               p.first_seen_at, p.received_at
        from bench_plan p
        join bench_muni o on o.region_id = p.region_id and o.j = (p.j + 1 + p.h1 % (p.n - 1)) % p.n
        cross join lateral (values (p.muni_id, true, true), (o.id, false, p.h3 % 100 < 8)) x(muni, lead, taken)
        where x.taken""")
    step(cursor, "state history", f"""
        insert into intake_stagechange (signal_id, transition, from_stage, to_stage, actor_id, reason, at)
        select p.id, x.transition, x.from_stage, x.to_stage, case when x.n > 1 then p.liaison_id end,
               case when x.reason then {text(t, 'reason', 'p.g + x.n')} else '' end, x.at
        from bench_plan p cross join lateral (values
            (1, 'ontvangen', '', 'ontvangen', false, p.received_at, true),
            (2, 'in_behandeling_nemen', 'ontvangen', 'verrijking', false, p.received_at + interval '3 hours',
             p.stage <> 'ontvangen'),
            (3, 'monitoren', 'verrijking', 'monitoren', true, p.received_at + interval '5 days', p.stage = 'monitoren'),
            (4, 'escaleren', 'verrijking', 'casus', true, p.received_at + interval '7 days', p.has_case),
            (5, coalesce(p.closing, ''), case when p.has_case then 'casus' else 'verrijking' end, 'afgesloten',
             p.closing = 'afsluiten', p.closed_at, p.stage = 'afgesloten')
        ) x(n, transition, from_stage, to_stage, reason, at, taken)
        where x.taken and x.at < now()
       """)
    step(cursor, "feedback", f"""
        insert into intake_feedback (signal_id, milestone, text, author_id, created_at)
        select p.id, x.milestone,
               (select value from bench_text where kind = 'fb_' || x.milestone and i = p.g % {t['fb_received']}),
               null, x.at
        from bench_plan p cross join lateral (values
            ('received', p.received_at, true),
            ('taken_up', p.received_at + interval '3 hours', p.stage <> 'ontvangen'),
            ('closed', p.closed_at, p.stage = 'afgesloten')) x(milestone, at, given)
        where x.given""")
    step(cursor, "notes", f"""
        insert into intake_note (signal_id, author_id, text, source, restricted_to_id, created_at)
        select p.id, p.liaison_id, {text(t, 'note', 'p.g * 3 + k')},
               case when (p.h1 + k) % 2 = 0 then {text(t, 'source', 'p.g + k')} else '' end,
               case when p.h2 % 100 < 3 then r.police_id end, p.received_at + k * interval '1 day'
        from bench_plan p join bench_region r on r.region_id = p.region_id
        cross join lateral generate_series(1, case when p.h3 % 10 < 4 then 2 else 1 end) k
        where p.stage <> 'ontvangen'""")
    step(cursor, "persons", f"""
        insert into intake_person (signal_id, role, age, is_minor, lvb, nationality_group, gender, age_group,
            identity, residence_id)
        select p.id,
               case when k = 1 or q.h % 10 < 5 then 'victim' when q.h % 10 < 9 then 'perpetrator' else 'both' end,
               q.age, case when q.age is not null then q.age < 18 when q.h % 23 = 0 then true end, q.h % 19 = 0,
               (array['nl','nl','eu','eu','third_country','unknown'])[1 + q.h % 6],
               (array['female','female','male','male','unknown','other'])[1 + (q.h / 7) % 6],
               case when q.age is null then case when q.h % 23 = 0 then 'minor' else 'unknown' end
                    when q.age <= 11 then '0-11' when q.age <= 17 then '12-17' when q.age <= 22 then '18-22'
                    when q.age <= 29 then '23-29' when q.age <= 49 then '30-49' else '50+' end,
               case when q.h % 100 < 12 then md5('link-' || p.muni_id || '-' || (q.h / 100) % 150)::uuid
                    else gen_random_uuid() end,
               case when q.h % 100 < 80 then p.muni_id when q.h % 100 < 92 then m.id end
        from bench_plan p
        cross join lateral generate_series(1, case when p.h2 % 10 < 5 then 1 when p.h2 % 10 < 8 then 2
                                                   when p.h2 % 10 < 9 then 3 else 4 end) k
        cross join lateral (select {h('p.g * 8 + k', 7)} as h) q0
        cross join lateral (select q0.h, case when q0.h % 10 < 4 then (12 + q0.h % 50)::smallint end as age) q
        join bench_muni m on m.region_id = p.region_id and m.j = (p.j + 1 + q.h % (p.n - 1)) % p.n
       """)
    step(cursor, "related signals", """
        insert into intake_signal_related (from_signal_id, to_signal_id)
        select x.a, x.b from (
            select p.id as a, o.id as b from bench_plan p join bench_plan o on o.g = p.g - 1 - p.h3 % 40
            where p.h1 % 100 < 5
            union all
            select o.id, p.id from bench_plan p join bench_plan o on o.g = p.g - 1 - p.h3 % 40
            where p.h1 % 100 < 5) x
        on conflict do nothing""")
    step(cursor, "attachments", f"""
        insert into intake_attachment (signal_id, file, name, content_type, size, uploaded_by_id, restricted_to_id,
            created_at)
        select p.id, 'signals/' || p.id || '/' || md5(p.id::text || k), {text(t, 'attachment', 'p.g + k')},
               (array['image/jpeg','application/pdf','image/png'])[1 + (p.h1 + k) % 3], 20000 + (p.h2 + k) % 3000000,
               p.liaison_id, null, p.received_at + k * interval '2 hours'
        from bench_plan p cross join lateral generate_series(1, case when p.h3 % 100 < 5 then 2 else 1 end) k
        where p.h3 % 100 < 15""")
    step(cursor, "forms", """
        insert into intake_signal_exploitation_forms (signal_id, exploitationform_id)
        select p.id, f.ids[1 + (p.h1 + k) % array_length(f.ids, 1)]
        from bench_plan p cross join (select array_agg(id order by "order", id) as ids from intake_exploitationform) f
        cross join lateral generate_series(0, case when p.h2 % 100 < 12 then 1 else 0 end) k""")
    step(cursor, "indicators", """
        insert into intake_signal_indicators (signal_id, indicator_id)
        select p.id, i.ids[1 + (p.h1 + k * 7) % array_length(i.ids, 1)]
        from bench_plan p
        cross join (select array_agg(id order by id) as ids from intake_indicator where region_id is null) i
        cross join lateral generate_series(0, 1 + p.h3 % 3) k""")
    step(cursor, "barriers", """
        insert into intake_signal_barriers (signal_id, barrier_id)
        select p.id, b.ids[1 + p.h3 % array_length(b.ids, 1)]
        from bench_plan p cross join (select array_agg(id order by id) as ids from intake_barrier) b
        where p.h2 % 2 = 0""")
    step(cursor, "signal tags", """
        insert into intake_signaltag (signal_id, region_id, received_at, dimension, item)
        select p.id, p.region_id, p.received_at, t.dimension, t.item
        from (select signal_id, 'form' as dimension, exploitationform_id as item
              from intake_signal_exploitation_forms
              union all select signal_id, 'indicator', indicator_id from intake_signal_indicators
              union all select signal_id, 'barrier', barrier_id from intake_signal_barriers) t
        join bench_plan p on p.id = t.signal_id""")


def cases(cursor, t):
    step(cursor, "cases", """
        insert into cases_case (id, region_id, route_id, table_id, lead_municipality_id, stage, is_open, is_acute,
            deadline_at, opened_at, closed_at, opened_by_id, version)
        select p.case_id, p.region_id, p.route_id, r.table_id, p.muni_id, c.stage, c.stage <> 'afgesloten',
               p.h2 % 50 = 0,
               case when c.stage in ('aangemeld', 'geagendeerd') then p.received_at + interval '21 days' end,
               least(now() - interval '1 minute', p.received_at + interval '7 days'), p.closed_at, p.liaison_id,
               case c.stage when 'aangemeld' then 1 when 'geagendeerd' then 2 when 'in_uitvoering' then 3 else 4 end
        from bench_plan p join bench_region r on r.region_id = p.region_id
        cross join lateral (select case when p.stage = 'afgesloten' then 'afgesloten'
                                        when p.h1 % 10 = 0 then 'aangemeld' when p.h1 % 10 < 3 then 'geagendeerd'
                                        else 'in_uitvoering' end as stage) c
        where p.has_case""")
    step(cursor, "case municipalities", """
        insert into cases_casemunicipality (case_id, municipality_id)
        select c.id, m.municipality_id from cases_case c join intake_signalmunicipality m on m.signal_id = c.id""")
    step(cursor, "case history", f"""
        insert into cases_casechange (case_id, transition, from_stage, to_stage, actor_id, reason, at)
        select c.id, x.transition, x.from_stage, x.to_stage, x.actor, x.reason, x.at
        from cases_case c join bench_plan p on p.id = c.id join bench_region r on r.region_id = c.region_id
        cross join lateral (values
            (1, 'escaleren', '', 'aangemeld', p.liaison_id, {text(t, 'reason', 'p.g')}, c.opened_at, true),
            (2, 'agenderen', 'aangemeld', 'geagendeerd', r.chair_id, '', c.opened_at + interval '1 day',
             c.stage <> 'aangemeld'),
            (3, 'besluiten', 'geagendeerd', 'in_uitvoering', r.chair_id, '', c.opened_at + interval '14 days',
             c.stage in ('in_uitvoering', 'afgesloten')),
            (4, 'afronden', 'in_uitvoering', 'afgesloten', r.chair_id, '', c.closed_at, c.stage = 'afgesloten')
        ) x(n, transition, from_stage, to_stage, actor, reason, at, taken)
        where x.taken and x.at < now()""")
    cursor.execute("select extract(epoch from now() - interval '10 years')")
    start = cursor.fetchone()[0]
    step(cursor, "meetings", f"""
        insert into cases_meeting (table_id, starts_at, location)
        select t.id, to_timestamp({start}) + k * interval '28 days' + interval '10 hours', 'Stadhuis, zaal ' || k % 5
        from cases_table t cross join generate_series(0, {YEARS * 365 // 28 + 3}) k
        where t.kind in ('regional', 'local', 'riec_plaza', 'care')
        order by k, t.id""")
    cursor.execute(f"""
        create unlogged table bench_meeting as
        select id, table_id, ((extract(epoch from starts_at) - {start}) / (28 * 86400))::int as k, starts_at
        from cases_meeting""")
    cursor.execute("create index on bench_meeting (table_id, k)")
    step(cursor, "agenda items", f"""
        insert into cases_agendaitem (meeting_id, case_id, position, added_at)
        select bm.id, c.id, (p.h3 % 20)::smallint, c.opened_at + interval '1 day'
        from cases_case c join bench_plan p on p.id = c.id
        join bench_meeting bm on bm.table_id = c.table_id
         and bm.k = ceil((extract(epoch from c.opened_at) - {start}) / (28 * 86400))::int
        where c.stage <> 'aangemeld'""")
    step(cursor, "planned cases", """
        update cases_case c set planned = true
        where exists (select from cases_agendaitem a join cases_meeting m on m.id = a.meeting_id
                      where a.case_id = c.id and m.table_id = c.table_id)""")
    step(cursor, "invitations", """
        insert into cases_invitation (item_id, organisation_id)
        select a.id, o.id from cases_agendaitem a join cases_case c on c.id = a.case_id
        join bench_region r on r.region_id = c.region_id
        cross join lateral (values (r.police_id), (r.vt_id)) o(id) where o.id is not null""")
    step(cursor, "decisions", f"""
        insert into cases_decision (case_id, meeting_id, text, decided_by_id, at)
        select a.case_id, a.meeting_id, {text(t, 'decision', 'p.g')}, r.chair_id, least(now(), m.starts_at)
        from cases_agendaitem a join cases_case c on c.id = a.case_id join bench_plan p on p.id = c.id
        join cases_meeting m on m.id = a.meeting_id join bench_region r on r.region_id = c.region_id
        where c.stage in ('in_uitvoering', 'afgesloten')""")
    step(cursor, "tracks", f"""
        insert into cases_track (case_id, decision_id, kind, owner_id, review_on, is_open, outcome, opened_at,
            closed_at)
        select c.id, d.id, x.kind, x.owner, (d.at + interval '6 weeks')::date,
               c.is_open and (p.h2 + x.n) % 5 <> 0,
               case when not c.is_open or (p.h2 + x.n) % 5 = 0 then {text(t, 'outcome', 'p.g + x.n')} else '' end,
               d.at, case when not c.is_open then c.closed_at
                          when (p.h2 + x.n) % 5 = 0 then d.at + interval '30 days' end
        from cases_decision d join cases_case c on c.id = d.case_id join bench_plan p on p.id = c.id
        join bench_region r on r.region_id = c.region_id
        cross join lateral (values (1, 'zorg_strafrecht', r.police_id, true), (2, 'zorg', r.vt_id, p.h2 % 2 = 0),
                                   (3, 'bestuurlijk', p.org_id, p.h3 % 4 = 0)) x(n, kind, owner, taken)
        where x.taken and x.owner is not null""")
    step(cursor, "tasks", f"""
        insert into cases_task (track_id, description, assignee_id, due_on, done_at, done_by_id, created_at)
        select tr.id, {text(t, 'task', 'tr.id + k')}, tr.owner_id, (tr.opened_at + k * interval '14 days')::date,
               case when not tr.is_open then coalesce(tr.closed_at, tr.opened_at + k * interval '10 days')
                    when (tr.id + k) % 2 = 0 and tr.opened_at + k * interval '10 days' < now()
                        then tr.opened_at + k * interval '10 days' end,
               null, tr.opened_at
        from cases_track tr cross join lateral generate_series(1, 1 + tr.id % 3) k
        order by tr.id, k""")
    step(cursor, "progress", f"""
        insert into cases_progress (track_id, author_id, text, at)
        select tr.id, null, {text(t, 'progress', 'tr.id')}, tr.opened_at + interval '14 days'
        from cases_track tr where tr.opened_at + interval '14 days' < now() order by tr.id""")


def care(cursor, t):
    step(cursor, "care trajectories", f"""
        insert into care_trajectory (id, region_id, municipality_id, name, birth_date, is_minor, age_group, gender,
            third_country, phase, status, blocked, review_on, follow_up_on, reflection_start, residence_status,
            opened_at, closed_at, coordinator_id, signal_id, version)
        select gen_random_uuid(), p.region_id, p.muni_id, {text(t, 'name', 'p.g')}, {text(t, 'birth_date', 'p.g')},
               p.h2 % 7 = 0, (array['12-17','18-22','23-29','30-49','unknown'])[1 + p.h2 % 5],
               (array['female','female','male','unknown'])[1 + p.h3 % 4], p.h3 % 5 = 0,
               case when s.status = 'closed' then 'afsluiting'
                    else (array['aanmelding','intake','analyse','begeleiding'])[1 + p.h1 % 4] end,
               s.status, p.h2 % 29 = 0,
               case when s.status = 'active' then (now() + ((p.h3 % 60) - 15) * interval '1 day')::date
                    else (p.received_at + interval '60 days')::date end,
               case when s.status = 'dormant' then (now() + (p.h3 % 30) * interval '1 day')::date end,
               case when p.h3 % 5 = 0 then (p.received_at + interval '12 days')::date end, '',
               p.received_at + interval '10 days',
               case when s.status = 'closed' then least(now(), p.received_at + interval '300 days') end,
               r.care_id, p.id, 1
        from bench_plan p join bench_region r on r.region_id = p.region_id
        cross join lateral (select case when p.age > 365 then 'closed' when p.h2 % 6 = 0 then 'dormant'
                                        else 'active' end as status) s
        where p.h1 % 100 < 3 and p.age > 10""")
    step(cursor, "care forms", """
        insert into care_trajectory_exploitation_forms (trajectory_id, exploitationform_id)
        select tr.id, f.exploitationform_id from care_trajectory tr
        join lateral (select exploitationform_id from intake_signal_exploitation_forms e
                      where e.signal_id = tr.signal_id limit 1) f on true""")
    step(cursor, "care needs", """
        insert into care_need (trajectory_id, kind, met)
        select tr.id, (array['shelter','medical','psychological','legal','income','housing','education','return'])
                      [1 + (abs(hashtext(tr.id::text)) + k * 3) % 8], tr.status = 'closed' or k = 1
        from care_trajectory tr cross join generate_series(1, 2) k""")
    step(cursor, "care consents", """
        insert into care_consent (trajectory_id, purpose, organisation_id, form, given_on, withdrawn_on)
        select tr.id, 'comensha', null, 'written', tr.opened_at::date, null from care_trajectory tr""")
    step(cursor, "care notes", f"""
        insert into care_note (trajectory_id, author_id, text, at)
        select tr.id, tr.coordinator_id, {text(t, 'care_note', 'abs(hashtext(tr.id::text)) + k')},
               tr.opened_at + k * interval '9 days'
        from care_trajectory tr cross join generate_series(1, 2) k""")
    step(cursor, "care referrals", """
        insert into care_referral (trajectory_id, organisation_id, need, sent_on, answer, answered_on)
        select tr.id, o.id, n.kind, (tr.opened_at + interval '5 days')::date,
               case when tr.status = 'closed' then 'accepted' else 'pending' end,
               case when tr.status = 'closed' then (tr.opened_at + interval '9 days')::date end
        from care_trajectory tr join care_need n on n.trajectory_id = tr.id and n.met
        join lateral (select o.id from regions_organisation o where o.region_id = tr.region_id and o.sector = 'zorg'
                      order by o.id limit 1) o on true""")


def notifications(cursor):
    reference = "upper(left(replace({}::text, '-', ''), 8))"
    step(cursor, "notifications (new signals)", f"""
        insert into notifications_notification (user_id, kind, params, url, about_kind, about_id, created_at, read_at)
        select u.user_id, 'new_signal', jsonb_build_object('reference', {reference.format('p.id')}),
               '/signalen/' || p.id, 'signal', p.id::text, p.received_at,
               case when p.age > 7 then p.received_at + interval '1 day' end
        from bench_plan p cross join lateral (
            select p.liaison_id as user_id where p.liaison_id is not null
            union all select u.id from accounts_user u where p.big and u.username = 'liaison.big') u""")
    step(cursor, "notifications (cases, tasks)", f"""
        insert into notifications_notification (user_id, kind, params, url, about_kind, about_id, created_at, read_at)
        select x.user_id, x.kind, jsonb_build_object('reference', {reference.format('c.id')}), '/casussen/' || c.id,
               'case', c.id::text, x.at, case when x.at < now() - interval '7 days' then x.at + interval '1 day' end
        from (select r.chair_id as user_id, 'escalation' as kind, c.id as case_id, c.opened_at as at
              from cases_case c join bench_region r on r.region_id = c.region_id
              union all
              select r.police_user_id, 'task', c.id, tk.created_at
              from cases_task tk join cases_track tr on tr.id = tk.track_id join cases_case c on c.id = tr.case_id
              join bench_region r on r.region_id = c.region_id where tk.assignee_id = r.police_id) x
        join cases_case c on c.id = x.case_id
        where x.user_id is not null
        order by x.at""")


def access_log(cursor):
    log = "insert into privacy_accesslog (user_id, at, action, object_type, object_id, reason, detail, region_id, " \
          "flagged, review_note)"
    step(cursor, "access log (creation, views)", f"""
        {log}
        select case when x.k = 0 then null else p.liaison_id end, x.at, case when x.k = 0 then 'create' else 'view' end,
               'signal', p.id::text, '', '{{}}'::jsonb, p.region_id, false, ''
        from bench_plan p cross join lateral (
            select k, least(now(), p.received_at + k * k * interval '2 hours') as at
            from generate_series(0, {VIEWS[0]} + p.h3 % {VIEWS[1] - VIEWS[0] + 1}) k) x""")
    step(cursor, "access log (steps, updates)", f"""
        {log}
        select h.actor_id, h.at, 'transition', 'signal', p.id::text, h.transition, '{{}}'::jsonb, p.region_id, false, ''
        from intake_stagechange h join bench_plan p on p.id = h.signal_id where h.actor_id is not null
        union all
        select p.liaison_id, p.received_at + interval '4 hours', 'update', 'signal', p.id::text, '',
               '{{"fields": ["location", "persons"]}}'::jsonb, p.region_id, false, ''
        from bench_plan p where p.stage <> 'ontvangen'""")
    step(cursor, "access log (notes, feedback, attachments, links)", f"""
        {log}
        select n.author_id, n.created_at, 'note', 'signal', p.id::text, '', '{{}}'::jsonb, p.region_id, false, ''
        from intake_note n join bench_plan p on p.id = n.signal_id
        union all
        select p.liaison_id, f.created_at, 'feedback', 'signal', p.id::text, '', '{{}}'::jsonb, p.region_id, false, ''
        from intake_feedback f join bench_plan p on p.id = f.signal_id where f.milestone <> 'received'
        union all
        select a.uploaded_by_id, a.created_at, 'attach', 'signal', p.id::text, '', '{{}}'::jsonb, p.region_id, false, ''
        from intake_attachment a join bench_plan p on p.id = a.signal_id
        union all
        select p.liaison_id, p.received_at + interval '1 day', 'link', 'signal', p.id::text, '',
               jsonb_build_object('linked', r.to_signal_id::text), p.region_id, false, ''
        from intake_signal_related r join bench_plan p on p.id = r.from_signal_id""")
    step(cursor, "access log (lists)", f"""
        {log}
        select p.liaison_id, p.received_at, 'list', 'signal', '', '',
               jsonb_build_object('ids', (select jsonb_agg(o.id::text order by o.g desc) from bench_plan o
                                          where o.g between p.g - 24 and p.g)), p.region_id, false, ''
        from bench_plan p where p.g % 5 = 0""")
    step(cursor, "access log (cases)", f"""
        {log}
        select case when k % 3 = 0 then r.police_user_id else r.chair_id end,
               least(now(), c.opened_at + k * interval '9 days'), 'view', 'case', c.id::text, '', '{{}}'::jsonb, c.region_id,
               false, ''
        from cases_case c join bench_region r on r.region_id = c.region_id
        cross join generate_series(1, 6) k""")


def sizes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            select relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid))
            from pg_stat_user_tables order by pg_total_relation_size(relid) desc limit 12""")
        rows = cursor.fetchall()
        cursor.execute("select pg_size_pretty(pg_database_size(current_database()))")
        total = cursor.fetchone()[0]
    print(f"database size {total}; largest tables:")
    for name, count, size in rows:
        print(f"  {name:<40} {count:>12,} rows {size:>10}")


def scope_report():
    from ketenzicht.accounts.models import User
    from ketenzicht.intake.models import Signal
    from ketenzicht.privacy import policy

    counts = {username: policy.visible(User.objects.get(username=username), Signal).count()
              for username in ("liaison.big", "liaison.zwolle")}
    print(f"signals: {Signal.objects.count():,}; in scope of liaison.big {counts['liaison.big']:,}, "
          f"of liaison.zwolle {counts['liaison.zwolle']:,}")


def _rebuild_region(region_id):
    from django.db import connections

    connections.close_all()  # a forked worker opens its own connection
    started = time.perf_counter()
    months = importlib.import_module("ketenzicht.insights.aggregates").rebuild([region_id])
    return region_id, months, time.perf_counter() - started


def build_aggregates(workers=2, slugs=None):
    """The figures' monthly aggregates (insights.aggregates, issue 17), built for every region that has
    none yet, as the periodic job would have on a live database (the load bypasses the triggers that
    note changes). Regions in parallel worker processes."""
    try:
        aggregates = importlib.import_module("ketenzicht.insights.aggregates")
        bucket = importlib.import_module("ketenzicht.insights.models").Bucket
    except (ImportError, AttributeError):
        return
    if not hasattr(aggregates, "rebuild"):
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from django.db import connections

    from ketenzicht.regions.models import Region

    regions = Region.objects.exclude(pk__in=bucket.objects.values("region_id"))
    if slugs:
        regions = regions.filter(slug__in=slugs)
    # IJsselland first (its dashboards are measured), the large region last (a third of the signals).
    todo = [pk for slug, pk in sorted(regions.values_list("slug", "pk"),
                                      key=lambda row: (row[0] != "ijsselland", row[0] == BIG_SLUG, row[1]))]
    if not todo:
        return
    started = time.perf_counter()
    connections.close_all()
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        for region_id, months, seconds in pool.map(_rebuild_region, todo):
            print(f"  aggregates of region {region_id}: {months} months, {seconds:.0f} s", flush=True)
    print(f"monthly aggregates built for {len(todo)} regions in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    for table in [model._meta.db_table for model in aggregates.CELLS] + ["insights_persontally", "insights_bucket"]:
        psql(f"vacuum analyze {table}", os.environ["DATABASE_URL"].rsplit("/", 1)[-1])  # as autovacuum would
    print(f"vacuum analyze of the aggregates: {time.perf_counter() - started:.0f} s", flush=True)


def fill_derived(cursor):
    """Columns the product derives on write and its migration fills for existing rows, filled for the
    rows loaded here: the inbox rank of intake.SignalMunicipality (issue 17)."""
    intake = importlib.import_module("ketenzicht.intake.models")
    cursor.execute("select 1 from information_schema.columns where table_name = 'intake_signalmunicipality' "
                   "and column_name = 'inbox_rank'")
    if hasattr(intake, "inbox_rank_sql") and cursor.fetchone():
        return step(cursor, "inbox rank", f"update intake_signalmunicipality set inbox_rank = "
                                          f"{intake.inbox_rank_sql()} where inbox_rank = ''")
    return 0


def fill_loaded(cursor):
    """Copies the product keeps on write, filled for the rows loaded here as their migrations fill
    existing rows: the case list's sort keys on cases' municipalities and tracks, and the newest of
    each group of notifications (issue 17)."""
    cases = importlib.import_module("ketenzicht.cases.models")
    for number, sql in enumerate(cases.fill_list_keys_sql(), start=1):
        step(cursor, f"case list keys ({number})", sql)
    newest = importlib.import_module("ketenzicht.notifications.migrations.0004_newest_of_group")
    step(cursor, "newest notification of each group", newest.OLDER)


def aggregates_missing():
    """How many regions have no monthly aggregates (None: the code has none)."""
    try:
        bucket = importlib.import_module("ketenzicht.insights.models").Bucket
    except (ImportError, AttributeError):
        return None
    from ketenzicht.regions.models import Region

    return Region.objects.exclude(pk__in=bucket.objects.values("region_id")).count()


def setup(signals, keep, name=None):
    """Migrate (and fill when empty) the benchmark database; returns its name. Used by run.py and
    figures.py as well."""
    name = configure(signals, name)
    import django

    fresh_database(name, keep)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        restore_indexes(cursor)  # an interrupted earlier load
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.0f} s", flush=True)
    from ketenzicht.intake.models import Signal

    if not Signal.objects.exists():
        regions()
        generate(signals)
        started = time.perf_counter()
        psql("vacuum analyze", name)  # as autovacuum would have done on a live database
        print(f"vacuum analyze: {time.perf_counter() - started:.0f} s", flush=True)
    else:
        big_liaison()
        with connection.cursor() as cursor:
            # A database loaded before such a column existed. Without the figures' change triggers:
            # the rank changes no figure, and the notes would have every month rebuilt.
            cursor.execute("set session_replication_role = replica")
            filled = fill_derived(cursor)
            cursor.execute("set session_replication_role = origin")
        if filled:
            psql("vacuum analyze intake_signalmunicipality", name)
    missing = aggregates_missing()
    if missing:
        print(f"{missing} regions have no monthly aggregates yet: a dashboard builds its region's on its first "
              f"read; `bench/data.py --aggregates` builds them all (slow: minutes per region)")
    if national_analyst() is None:
        print("no national-analyst role in accounts.Role yet: analyst.national not created")
    return name


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--database", help="default: ketenzicht_bench (1M), ketenzicht_bench3 (3M)")
    parser.add_argument("--keep", action="store_true", help="keep an existing database (migrate it only)")
    parser.add_argument("--aggregates", action="store_true", help="only build the missing monthly aggregates")
    parser.add_argument("--regions", help="with --aggregates: only these region slugs (comma-separated)")
    parser.add_argument("--views", default="8-16", help="views per signal in the access log, e.g. 8-16 (default)")
    args = parser.parse_args()
    global VIEWS
    VIEWS = tuple(int(v) for v in args.views.split("-"))
    started = time.perf_counter()
    if args.aggregates:
        configure(args.signals, args.database)
        import django

        django.setup()
        build_aggregates(slugs=args.regions.split(",") if args.regions else None)
        return
    setup(args.signals, args.keep, args.database)
    print(f"ready in {time.perf_counter() - started:.0f} s")
    sizes()
    scope_report()


if __name__ == "__main__":
    main()
