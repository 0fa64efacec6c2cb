"""Benchmark of the users page of a region's set-up (issue 16), on PostgreSQL with a national
installation: 25 regions, 10,000 users with a role (about 400 per region), built as
bench/setup_lists.py builds it, in a database of its own (`ketenzicht_bench_users`).

    .venv/bin/python bench/users_list.py [--keep] [--runs N]

Measures, as IJsselland's regional administrator, and prints with the target (50 ms median) and the
ratio: the first and the last page of /inrichting/ijsselland/gebruikers (50 users a page, each with
their roles in the region, and the approvals waiting). Spread: p95 and the slowest run.
"""
import argparse
import os

import run  # bench/run.py: its settings (debug, keys, src on the path) and the report line
import setup_lists  # bench/setup_lists.py: the national installation

DB_NAME = "ketenzicht_bench_users"
setup_lists.DB_NAME = DB_NAME  # its own database, so the two benchmarks never drop each other's
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the database of an earlier run")
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    setup_lists.setup_database(args.keep)
    from django.core.paginator import Paginator

    from ketenzicht.accounts.models import User
    from ketenzicht.accounts.users_views import PAGE_SIZE

    in_region = User.objects.filter(role_assignments__organisation__region__slug="ijsselland").distinct().count()
    last = Paginator(range(in_region), PAGE_SIZE).num_pages
    print(f"users {User.objects.count():,}; with a role in IJsselland {in_region:,} ({last} pages)")
    client = run.verified_client("admin.ijsselland")
    for path in ("/inrichting/ijsselland/gebruikers", f"/inrichting/ijsselland/gebruikers?pagina={last}"):
        run.measure_page(client, path, args.runs, 50)


if __name__ == "__main__":
    main()
