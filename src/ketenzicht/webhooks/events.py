"""What the apps tell partner systems: `emit(event, ...)`, called by the service that makes the change,
in its transaction. It writes a delivery for each subscription of the organisations concerned that asked
for this event; they are sent once the transaction commits (`delivery.deliver_soon`), so a change that
rolls back tells nobody.

The payload is the event's type, time, the ids given and links to them: never a name, a description or
anything else of what the objects hold. `emit` takes ids only (UUIDs, integers, short codes) and refuses
anything else, so personal data cannot slip in by a caller's mistake.
"""
import json
import uuid
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import delivery
from .models import Delivery, Event, Subscription

# How each id is linked: the API's address and, where there is one, the page's (after logging in).
LINKS = {
    "signal_id": ("/api/v1/signals/{}", "/signalen/{}"),
    "case_id": ("/api/v1/cases/{}", "/casussen/{}"),
    "meeting_id": ("/api/v1/meetings/{}", None),
}
ID_TYPES = (int, uuid.UUID)


def _plain(value):
    if isinstance(value, bool) or not isinstance(value, ID_TYPES):
        raise TypeError(f"webhook payloads carry ids only, not {type(value).__name__}")
    return str(value) if isinstance(value, uuid.UUID) else value


def payload(event, at, organisation_id, ids) -> dict:
    base = settings.KETENZICHT_BASE_URL.rstrip("/")
    links = {}
    for key, value in ids.items():
        api, page = LINKS.get(key, (None, None))
        if api:
            links[key.removesuffix("_id")] = base + api.format(value)
        if page:
            links[key.removesuffix("_id") + "_page"] = base + page.format(value)
    if "case_id" in ids and ("track_id" in ids or "task_id" in ids):
        links["tracks"] = base + "/api/v1/cases/{}/tracks".format(ids["case_id"])
    if "task_id" in ids:
        links["tasks"] = base + "/api/v1/tasks"
    return {"type": event, "timestamp": at.astimezone(dt_timezone.utc).isoformat().replace("+00:00", "Z"),
            "data": {"organisation_id": organisation_id, **ids, "links": links}}


def emit(event: str, *, organisations=(), municipalities=(), at=None, **ids):
    """Tell the subscribers among `organisations` (ids or objects) and the organisations of `municipalities`
    (ids or objects) that `event` happened to the objects named by `ids` (signal_id=…, case_id=…)."""
    if event not in Event.values:
        raise ValueError(f"unknown webhook event {event!r}")
    ids = {key: _plain(value) for key, value in ids.items()}
    organisation_ids = {getattr(o, "pk", o) for o in organisations}
    municipality_ids = {getattr(m, "pk", m) for m in municipalities}
    if not (organisation_ids or municipality_ids):
        return 0
    # One query, whatever the number of organisations: a change costs one more, subscribed or not.
    # Their ids and events only: the secrets are not decrypted for this.
    subscriptions = [(pk, organisation_id) for pk, organisation_id, events in Subscription.objects.filter(
        Q(organisation_id__in=organisation_ids) | Q(organisation__municipality_id__in=municipality_ids))
        .values_list("pk", "organisation_id", "events") if event in events]
    if not subscriptions:
        return 0
    at = at or timezone.now()
    Delivery.objects.bulk_create([
        Delivery(subscription_id=pk, message_id=f"msg_{uuid.uuid4().hex}", event=event, created_at=at,
                 payload=json.dumps(payload(event, at, organisation_id, ids), separators=(",", ":")))
        for pk, organisation_id in subscriptions])
    transaction.on_commit(delivery.deliver_soon)
    return len(subscriptions)
