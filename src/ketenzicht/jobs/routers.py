"""Procrastinate's migrations are PostgreSQL (functions, triggers, enums): on the embedded SQLite
database they are recorded as applied and do nothing, as Django does for any migration a router
refuses, so `migrate` keeps working there. The job queue is not used on SQLite (see `jobs.queue`)."""
from django.db import connections


class QueueOnPostgresOnly:
    def allow_migrate(self, db, app_label, **hints):
        if app_label == "procrastinate" and connections[db].vendor != "postgresql":
            return False
        return None
