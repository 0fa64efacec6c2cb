"""What jobs fills in of the registries of the apps below it, and its own periodic job (found by accounts'
AppConfig once every app is ready, procrastinate's app included)."""
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django import app

from ketenzicht.accounts import setup

from . import queue

setup.register("jobs", "jobs:dead_letters", _("Mislukte achtergrondtaken"),
               _("Taken die ook na herhaalde pogingen mislukten, met hun fout: opnieuw proberen of verwijderen."),
               order=90)
app.periodic(cron="* * * * *", periodic_id="jobs.retry_stalled")(
    app.task(queue.retry_stalled, name="jobs.retry_stalled", pass_context=True, queue="jobs",
             queueing_lock="jobs.retry_stalled"))
