"""Benchmark of the set-up lists (issue 16), on PostgreSQL with a national installation: 25 regions
(IJsselland from the demo and 24 synthetic ones, 11 municipalities each), 40 partner organisations
and 400 users with a role per region (10,000 users), and 10 shelter providers with 3 kinds of place
per region.

    .venv/bin/python bench/setup_lists.py [--keep] [--runs N]

Measures, as IJsselland's regional administrator, and prints with the target (50 ms median) and
the ratio: the organisations page and the shelter places page of the region. Spread: p95 and the
slowest run. Builds its own database (`ketenzicht_bench_setup`); --keep reuses it.
"""
import argparse
import os

import run  # bench/run.py: its settings (debug, keys, src on the path) and the report line

DB_NAME = "ketenzicht_bench_setup"
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"  # its own, not run.py's

REGIONS, USERS, ORGANISATIONS, PROVIDERS = 25, 10_000, 40, 10


def setup_database(keep):
    import django

    run.fresh_database(DB_NAME, keep)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from ketenzicht.accounts.models import User

    if User.objects.count() < USERS:
        from ketenzicht.demo import loader

        loader.load(regions=("IJsselland",), with_signals=False)
        generate()
    run.psql("vacuum analyze", DB_NAME)


def generate():
    """Bulk rows, not the services: what is measured is reading the lists, not making them."""
    from django.utils import timezone

    from ketenzicht.accounts.models import Role, RoleAssignment, User
    from ketenzicht.care.models import PlaceKind, ShelterPlace
    from ketenzicht.regions.models import Municipality, Organisation, Region, Sector
    from ketenzicht.route import engine
    from ketenzicht.route.models import RouteDefinition

    definition = engine.load_file("ijsselland")
    sectors, kinds = list(Sector.values), list(PlaceKind.values)
    for r in range(REGIONS - 1):
        region = Region.objects.create(slug=f"bench-{r}", name=f"Benchregio {r}")
        RouteDefinition.objects.create(region=region, version=1, name="IJsselland", definition=definition)
        Municipality.objects.bulk_create([Municipality(cbs_code=f"GM{9000 + r * 11 + m:04d}", name=f"Bench {r}-{m}",
                                                       region=region, inhabitants=40000) for m in range(11)])
    for region in Region.objects.all():
        have = region.organisations.count()
        Organisation.objects.bulk_create([
            Organisation(region=region, name=f"Partner {region.slug} {n}", sector=sectors[n % len(sectors)])
            for n in range(have, ORGANISATIONS)])
        providers = list(region.organisations.order_by("pk")[:PROVIDERS])
        ShelterPlace.objects.bulk_create([ShelterPlace(organisation=o, kind=kind, places=4) for o in providers
                                          for kind in kinds[:3] if not o.shelter_places.filter(kind=kind).exists()])
    organisations = list(Organisation.objects.order_by("pk"))
    missing = USERS - User.objects.count()
    users = User.objects.bulk_create([User(username=f"bench.user{n}", password="!") for n in range(missing)])
    now = timezone.now()
    RoleAssignment.objects.bulk_create([
        RoleAssignment(user=u, organisation=organisations[n % len(organisations)], role=Role.REPORTER, approved_at=now)
        for n, u in enumerate(users)])
    print(f"regions {Region.objects.count()}, users {User.objects.count():,}, organisations "
          f"{Organisation.objects.count():,}, shelter places {ShelterPlace.objects.count():,}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the database of an earlier run")
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    setup_database(args.keep)
    client = run.verified_client("admin.ijsselland")
    for path in ("/inrichting/ijsselland/organisaties", "/inrichting/ijsselland/opvang"):
        run.measure_page(client, path, args.runs, 50)


if __name__ == "__main__":
    main()
