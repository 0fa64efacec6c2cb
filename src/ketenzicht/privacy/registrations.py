"""What privacy fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from functools import partial

from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu, signals
from ketenzicht.jobs import queue
from ketenzicht.notifications import services as notifications

from . import access, audit, kinds, policy, retention

kinds.register(retention.ACCESS_LOG)
signals.audited.connect(audit.record_event, dispatch_uid="ketenzicht.privacy.audit")
menu.register("access_log", access.reads_access_log, "privacy:log", _("Toegangslog"), order=80, start=70)
menu.register("retention", access.reads_access_log, "privacy:retention", _("Bewaartermijnen"), order=81)
menu.register("subjects", lambda user: bool(access.subject_request_regions(user)), "privacy:subjects",
              _("Inzageverzoeken"), order=82, start=50)  # the administrator's work until issue 16's set-up pages
notifications.guarded_by(kind_of=policy.kind_of, may_view=lambda user, obj: policy.can(user, "view", obj),
                         may_open=policy.may_view)
queue.task("privacy.apply_retention", cron="15 2 * * *", label=_("Bewaartermijnen toepassen"))(partial(retention.run, dry_run=False))  # nightly
