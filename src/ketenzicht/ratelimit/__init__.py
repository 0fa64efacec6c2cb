"""A fixed-window rate limit per client address, shared by public pages, API and login.

The counters live in the database rather than in a process's memory, so the limit holds across
all web server processes and machines: one atomic upsert per request, no extra service to run.
"""
import time

from django.db import connection

UPSERT = """
    insert into ratelimit_hit (key, minute, hits) values (%s, %s, 1)
    on conflict (key, minute) do update set hits = ratelimit_hit.hits + 1
    returning hits
"""


def client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limited(request, scope, per_minute):
    """Count this request; True when the address went over `per_minute` in this minute."""
    minute = int(time.time() // 60)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [f"{scope}:{client_address(request)}"[:200], minute])
        (hits,) = cursor.fetchone()
        if hits == 1:  # the first hit of a new minute clears the windows that have passed
            cursor.execute("delete from ratelimit_hit where minute < %s", [minute - 1])
    return hits > per_minute
