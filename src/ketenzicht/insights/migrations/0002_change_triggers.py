"""Triggers that note what changes a figure (`insights.models.Change`), on every table the figures
read: the signals and their copies (municipalities, forms, indicators, barriers), persons, notes,
route history; cases, their municipalities, decisions and tracks. A row written, changed or
deleted in any way (a service, a bulk update, a cascade, retention) notes the region and the day
(UTC) its signal was received or its case opened; `aggregates.ensure` rebuilds those months.

PostgreSQL: one trigger per statement (with its transition table), inserting each region and day
once: a bulk load of a million rows notes a few thousand days. SQLite: one per row, skipping a day
already noted (SQLite runs one writer at a time)."""
from django.db import migrations

# (table, source): the source gives the (region_id, at) rows of the changed rows `rows`. On
# PostgreSQL `rows` is a transition table, on SQLite the NEW or OLD row.
DIRECT = {"pg": "SELECT region_id, {at} AS at FROM {rows}", "sqlite": "SELECT {rows}.region_id AS region_id, {rows}.{at} AS at"}
VIA_SIGNAL = {
    "pg": "SELECT s.region_id, s.received_at AS at FROM {rows} r JOIN intake_signal s ON s.id = r.signal_id",
    "sqlite": "SELECT s.region_id, s.received_at AS at FROM intake_signal s WHERE s.id = {rows}.signal_id"}
VIA_CASE = {
    "pg": "SELECT s.region_id, s.received_at AS at FROM {rows} r JOIN intake_signal s ON s.case_id = r.case_id "
          "UNION ALL SELECT c.region_id, c.opened_at AS at FROM {rows} r JOIN cases_case c ON c.id = r.case_id",
    "sqlite": "SELECT s.region_id, s.received_at AS at FROM intake_signal s WHERE s.case_id = {rows}.case_id "
              "UNION ALL SELECT c.region_id, c.opened_at AS at FROM cases_case c WHERE c.id = {rows}.case_id"}
SOURCES = [
    ("intake_signal", DIRECT, "received_at"),
    ("intake_signaltag", DIRECT, "received_at"),
    ("intake_signalmunicipality", VIA_SIGNAL, None),
    ("intake_person", VIA_SIGNAL, None),
    ("intake_note", VIA_SIGNAL, None),
    ("intake_stagechange", VIA_SIGNAL, None),
    ("cases_case", DIRECT, "opened_at"),
    ("cases_casemunicipality", VIA_CASE, None),
    ("cases_decision", VIA_CASE, None),
    ("cases_track", VIA_CASE, None),
]


def _pg(table, source, at):
    function = f"insights_note_{table}"

    def insert(rows):
        return (f"INSERT INTO insights_change (region_id, day) SELECT DISTINCT region_id, (at AT TIME ZONE 'UTC')::date "
                f"FROM ({source['pg'].format(rows=rows, at=at)}) changed WHERE region_id IS NOT NULL AND at IS NOT NULL;")

    yield (f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
           f"IF TG_OP <> 'DELETE' THEN {insert('new_rows')} END IF; "
           f"IF TG_OP <> 'INSERT' THEN {insert('old_rows')} END IF; RETURN NULL; END $$;")
    for event, referencing in (("INSERT", "NEW TABLE AS new_rows"), ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                               ("DELETE", "OLD TABLE AS old_rows")):
        yield (f"CREATE TRIGGER {function}_{event.lower()} AFTER {event} ON {table} REFERENCING {referencing} "
               f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();")


def _pg_drop(table, _source, _at):
    yield f"DROP FUNCTION IF EXISTS insights_note_{table}() CASCADE;"


def _sqlite(table, source, at):
    def insert(row):
        return (f"INSERT INTO insights_change (region_id, day) SELECT DISTINCT region_id, date(at) "
                f"FROM ({source['sqlite'].format(rows=row, at=at)}) changed WHERE region_id IS NOT NULL AND at IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM insights_change c WHERE c.region_id = changed.region_id "
                f"AND c.day = date(changed.at));")

    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("NEW", "OLD")), ("DELETE", ("OLD",))):
        yield (f"CREATE TRIGGER insights_note_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
               + " ".join(insert(row) for row in rows) + " END;")


def _sqlite_drop(table, _source, _at):
    for event in ("insert", "update", "delete"):
        yield f"DROP TRIGGER IF EXISTS insights_note_{table}_{event};"


def _run(pg, sqlite):
    def run(apps, schema_editor):
        make = {"postgresql": pg, "sqlite": sqlite}.get(schema_editor.connection.vendor)
        if make is None:
            raise NotImplementedError(f"no figure triggers for {schema_editor.connection.vendor}")
        for table, source, at in SOURCES:
            for statement in make(table, source, at):
                schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("insights", "0001_initial"),
        ("intake", "0011_signaltag"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(_run(_pg, _sqlite), _run(_pg_drop, _sqlite_drop))]
