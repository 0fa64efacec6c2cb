"""A fixed-window rate limit per client address, shared by public pages, API and login.

The counters live in the database rather than in a process's memory, so the limit holds across
all web server processes and machines: one atomic upsert per request, no extra service to run.

Behind a reverse proxy every request comes from the proxy's address; the client is then read from
`X-Forwarded-For`, but only from proxies the installation names (KETENZICHT_TRUSTED_PROXIES):
anyone else could write any address there and escape the limit.
"""
import ipaddress
import time
from functools import lru_cache

from django.conf import settings
from django.db import connection

UPSERT = """
    insert into ratelimit_hit (key, minute, hits) values (%s, %s, 1)
    on conflict (key, minute) do update set hits = ratelimit_hit.hits + 1
    returning hits
"""


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies.split(",") if p.strip())


def _trusted(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(settings.KETENZICHT_TRUSTED_PROXIES))


def client_address(request):
    """The address of the client: REMOTE_ADDR, or, when that is a trusted proxy, the right-most
    address in X-Forwarded-For that is not a trusted proxy itself (each proxy appends the address
    it saw; what the client wrote itself stands to the left and is not believed)."""
    address = request.META.get("REMOTE_ADDR", "unknown")
    if not _trusted(address):
        return address
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        if hop and not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address  # a malformed hop: count the request against the proxy, not a free bucket
    return address


def address_key(request, scope):
    """The counter of this request's client address in `scope`."""
    return f"{scope}:{client_address(request)}"[:200]


def count(key, per_minute):
    """Count one hit on `key` in this minute; True when it went over `per_minute`."""
    minute = int(time.time() // 60)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [key[:200], minute])
        (hits,) = cursor.fetchone()
        if hits == 1:  # the first hit of a new minute clears the windows that have passed
            cursor.execute("delete from ratelimit_hit where minute < %s", [minute - 1])
    return hits > per_minute


def exceeded(key, per_minute):
    """Has `key` gone over `per_minute` in this minute? Reads without counting."""
    with connection.cursor() as cursor:
        cursor.execute("select hits from ratelimit_hit where key = %s and minute = %s",
                       [key[:200], int(time.time() // 60)])
        row = cursor.fetchone()
    return bool(row) and row[0] >= per_minute


def rate_limited(request, scope, per_minute):
    """Count this request; True when the address went over `per_minute` in this minute."""
    return count(address_key(request, scope), per_minute)
