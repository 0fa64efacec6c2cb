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


def _parse(text):
    """An address as a proxy may write it (with a port, in brackets, IPv4 mapped into IPv6), or None."""
    text = text.strip()
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(ip, "ipv4_mapped", None) or ip


def _trusted(ip):
    return ip is not None and any(ip in network for network in _networks(settings.KETENZICHT_TRUSTED_PROXIES))


def _bucket(ip):
    """One bucket per IPv4 address, one per IPv6 /64 (what one household or device is given)."""
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_address(request):
    """The client's bucket: REMOTE_ADDR, or, when that is a trusted proxy, the right-most address
    in X-Forwarded-For that is not a trusted proxy itself (each proxy appends the address it saw;
    what the client wrote itself stands to the left and is not believed)."""
    remote = request.META.get("REMOTE_ADDR", "")
    ip = _parse(remote)
    if ip is None:
        return remote or "unknown"
    if _trusted(ip):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            hop_ip = _parse(hop)
            if hop_ip is None:
                break  # a malformed hop: count the request against the proxy, not a free bucket
            if not _trusted(hop_ip):
                return _bucket(hop_ip)
    return _bucket(ip)


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
