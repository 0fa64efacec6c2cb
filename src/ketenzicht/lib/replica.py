"""Reading figures, dashboards and exports from a PostgreSQL read replica, when one is configured.

Only views marked `@from_replica` read there: they show aggregates and exports that may be a few
seconds old. Everything else, and every write, goes to the primary. Inside a marked view, once
anything is written (an aggregate refreshed, an access-log row), the rest of that request reads
from the primary too, so it never reads behind its own write.

The replica is used only while it is usable: reachable, in recovery (a standby, not a promoted
copy), and not more than `KETENZICHT_REPLICA_MAX_LAG` seconds behind. The lag is measured as
PostgreSQL lets a standby measure it: nothing is behind when the standby has replayed the
primary's current WAL position; otherwise it is the time since the standby last replayed a
transaction (an upper bound when the primary was idle before). The answer is kept for
`CHECK_EVERY` seconds per process, so a request pays for the check at most once in that time, and
a replica that is down costs one failed connection per period, after which pages read from the
primary as if no replica existed.
"""
import contextvars
import logging
import time
from functools import wraps

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

ALIAS = "replica"
CHECK_EVERY = 5.0  # seconds a verdict on the replica is kept

_request = contextvars.ContextVar("ketenzicht_replica_request", default=None)
_verdict = {"at": float("-inf"), "usable": False}


class _Request:
    """One marked view's request: whether it has written (and so reads from the primary since)."""

    wrote = False


def from_replica(view):
    """Mark a view whose reads may come from the replica."""
    @wraps(view)
    def marked(*args, **kwargs):
        token = _request.set(_Request())
        try:
            return view(*args, **kwargs)
        finally:
            _request.reset(token)
    return marked


def configured() -> bool:
    return ALIAS in connections.settings


def lag_seconds():
    """How far the replica is behind the primary, in seconds (0: it has replayed everything); None
    when it cannot be asked or is no standby."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_position = cursor.fetchone()[0]
        with connections[ALIAS].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn,"
                " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())", [primary_position])
            standby, caught_up, since_replay = cursor.fetchone()
    except DatabaseError as error:
        logger.warning("read replica unavailable, reading from the primary: %s", error.__class__.__name__)
        connections[ALIAS].close()
        return None
    if not standby:
        logger.warning("the read replica is not in recovery: reading from the primary")
        return None
    return 0.0 if caught_up else float(since_replay or 0)


def usable(now=None) -> bool:
    """Whether marked views read from the replica now (checked at most every CHECK_EVERY seconds)."""
    if not configured():
        return False
    now = time.monotonic() if now is None else now
    if now - _verdict["at"] >= CHECK_EVERY:
        lag = lag_seconds()
        _verdict.update(at=now, usable=lag is not None and lag <= settings.REPLICA_MAX_LAG)
    return _verdict["usable"]


def forget():
    """Ask again on the next read (after the replica's state changed, and in tests)."""
    _verdict["at"] = float("-inf")


class Router:
    """Sends a marked view's reads to the replica while it is usable; everything else to the primary.
    Nothing is ever migrated on the replica: it follows the primary."""

    def db_for_read(self, model, **hints):
        request = _request.get()
        if request is None or request.wrote or not usable():
            return None
        return ALIAS

    def db_for_write(self, model, **hints):
        """Always the primary, also for an object that was read from the replica."""
        request = _request.get()
        if request is not None:
            request.wrote = True
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True if {obj1._state.db, obj2._state.db} <= {"default", ALIAS} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == ALIAS else None
