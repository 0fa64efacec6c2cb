"""Many rows at once for the list tests: cases at a table, tracks, tasks, meetings, care
trajectories and referrals, made with bulk_create. The lists read them; how they come about
through the services is tested elsewhere. Keys repeat on purpose (the same deadline, opening time,
due date), so the lists must order by their last key, the id, to walk every row once."""
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from ketenzicht.care.models import Referral, Status, Trajectory
from ketenzicht.cases.models import (
    Case,
    CaseMunicipality,
    Meeting,
    Table,
    TableKind,
    Task,
    Track,
    fill_list_keys_sql,
)
from ketenzicht.regions.models import Municipality, Organisation
from ketenzicht.route.models import RouteDefinition


def regional_table(region="ijsselland"):
    return Table.objects.get(region__slug=region, kind=TableKind.REGIONAL)


def cases(n, table=None, municipality="GM0193", **fields):
    """`n` open cases at a table (IJsselland's), playing in one municipality (Zwolle)."""
    table = table or regional_table()
    route = RouteDefinition.objects.filter(region=table.region, active=True).order_by("-version").first()
    place = Municipality.objects.get(cbs_code=municipality)
    now = timezone.now()
    made = Case.objects.bulk_create([
        Case(region=table.region, route=route, table=table, lead_municipality=place, stage=route.route.case.initial,
             is_acute=i % 7 == 0, deadline_at=None if i % 3 == 0 else now + timedelta(days=i % 11),
             opened_at=now - timedelta(hours=i % 13), **fields) for i in range(n)])
    CaseMunicipality.objects.bulk_create([CaseMunicipality(case=case, municipality=place) for case in made])
    fill_list_keys()
    return made


def tracks(n, owner="Politie IJsselland", on=None, is_open=True):
    """`n` tracks owned by an organisation, on the given cases in turn (or one new case)."""
    owner = Organisation.objects.get(name=owner)
    on = on or cases(1)
    now = timezone.now()
    made = Track.objects.bulk_create([
        Track(case=on[i % len(on)], kind="zorg", owner=owner, review_on=(now + timedelta(days=i % 4)).date(),
              is_open=is_open, opened_at=now - timedelta(minutes=i % 5)) for i in range(n)])
    fill_list_keys()
    return made


def fill_list_keys():
    """The copies of the case list's keys, as a bulk load fills them (the services keep them in step)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # rows just loaded: without statistics the join loops over them
            cursor.execute("ANALYZE cases_case, cases_casemunicipality, cases_track")
        for statement in fill_list_keys_sql(connection.vendor):
            cursor.execute(statement)


def tasks(n, assignee="Politie IJsselland", on=None):
    """`n` open tasks for an organisation, on the given tracks in turn (or one new track)."""
    assignee = Organisation.objects.get(name=assignee)
    on = on or tracks(1, owner=assignee.name)
    today = timezone.localdate()
    return Task.objects.bulk_create([
        Task(track=on[i % len(on)], description=f"Taak {i}", assignee=assignee, due_on=today + timedelta(days=i % 6))
        for i in range(n)])


def meetings(n, table=None):
    table = table or regional_table()
    now = timezone.now()
    return Meeting.objects.bulk_create([Meeting(table=table, starts_at=now - timedelta(days=7 * (i % 9)),
                                                location=f"Zaal {i}") for i in range(n)])


def trajectories(n, municipality="GM0193", **fields):
    """`n` care trajectories in a municipality (Zwolle), statuses and review dates repeating."""
    place = Municipality.objects.select_related("region").get(cbs_code=municipality)
    today = timezone.localdate()
    statuses = [Status.ACTIVE, Status.ACTIVE, Status.DORMANT, Status.CLOSED]
    return Trajectory.objects.bulk_create([
        Trajectory(region=place.region, municipality=place, name=f"Persoon {i}", status=statuses[i % 4],
                   review_on=today + timedelta(days=i % 5), **fields) for i in range(n)])


def referrals(n, organisation="Opvang IJsselland", on=None):
    organisation = Organisation.objects.get(name=organisation)
    on = on or trajectories(1)
    today = timezone.localdate()
    return Referral.objects.bulk_create([
        Referral(trajectory=on[i % len(on)], organisation=organisation, need="shelter",
                 sent_on=today - timedelta(days=i % 3)) for i in range(n)])


def national(n, region="zeeland"):
    """The rest of the country on PostgreSQL, in one statement per table: `n` cases at another
    region's table (half of them closed), each with a track and an open task of a partner there,
    copied from one made through the ORM (the task's encrypted text included)."""
    table = regional_table(region)
    partner = Organisation.objects.filter(region=table.region).order_by("pk").first()
    place = Municipality.objects.filter(region=table.region).order_by("cbs_code").first()
    template = tasks(1, assignee=partner.name, on=tracks(1, owner=partner.name,
                                                            on=cases(1, table=table, municipality=place.cbs_code)))[0]
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO cases_case (id, region_id, route_id, table_id, lead_municipality_id, stage, is_open, is_acute,
                                    deadline_at, opened_at, version)
            SELECT gen_random_uuid(), c.region_id, c.route_id, c.table_id, c.lead_municipality_id, c.stage, i %% 2 = 0,
                   i %% 7 = 0, CASE WHEN i %% 3 = 0 THEN NULL ELSE now() + (i %% 11) * interval '1 day' END,
                   now() - (i %% 13) * interval '1 hour', 1
            FROM cases_case c, generate_series(1, %s) i WHERE c.id = %s""", [n, template.track.case_id])
        cursor.execute("""
            INSERT INTO cases_casemunicipality (case_id, municipality_id)
            SELECT id, lead_municipality_id FROM cases_case WHERE table_id = %s AND id <> %s""",
                       [table.pk, template.track.case_id])
        # Statistics of the rows just loaded, or the figures' change triggers join them in nested loops.
        cursor.execute("ANALYZE cases_case, cases_casemunicipality")
        cursor.execute("""
            INSERT INTO cases_track (case_id, kind, owner_id, review_on, is_open, outcome, opened_at)
            SELECT c.id, t.kind, t.owner_id, t.review_on, c.is_open, t.outcome, c.opened_at
            FROM cases_case c, cases_track t WHERE c.table_id = %s AND c.id <> t.case_id AND t.id = %s""",
                       [table.pk, template.track_id])
        cursor.execute("ANALYZE cases_track")
        cursor.execute("""
            INSERT INTO cases_task (track_id, description, assignee_id, due_on, created_at)
            SELECT t.id, k.description, k.assignee_id, k.due_on + (t.id %% 9)::integer, k.created_at
            FROM cases_track t, cases_task k WHERE t.owner_id = %s AND t.id <> k.track_id AND k.id = %s""",
                       [partner.pk, template.pk])
        # Every third case has been on an agenda: the waiting lists' anti-join must not read them all.
        meeting = Meeting.objects.create(table=table, starts_at=timezone.now() - timedelta(days=7))
        cursor.execute("""
            INSERT INTO cases_agendaitem (meeting_id, case_id, position, added_at)
            SELECT %s, id, 0, now() FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases_case
                                          WHERE table_id = %s) c WHERE n %% 3 = 0""",
                       [meeting.pk, table.pk])
        cursor.execute("UPDATE cases_case SET planned = true WHERE id IN (SELECT case_id FROM cases_agendaitem "
                       "WHERE meeting_id = %s)", [meeting.pk])
        cursor.execute("ANALYZE cases_agendaitem")
    fill_list_keys()
