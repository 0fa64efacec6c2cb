"""What privacy fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from ketenzicht.accounts import menu, signals

from . import access, audit, kinds, retention

kinds.register(retention.ACCESS_LOG)
signals.audited.connect(audit.record_event, dispatch_uid="ketenzicht.privacy.audit")
menu.register("access_log", access.reads_access_log)
menu.register("subjects", lambda user: bool(access.subject_request_regions(user)))
