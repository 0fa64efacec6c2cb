"""Handing a case on from one table to the next (local meeting → regional table → RIEC plaza).

The chair of the table the case is at decides it, with a reason, to a table hers hands cases to.
From then on the case is at the receiving table: its chair sees it and puts it on an agenda, its
members see it once it is on their agenda (the policy decides, as for any agenda), and the case
starts again at the route's first stage there. The case's history and the access log record it.
"""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.lib.errors import Invalid, Refused
from ketenzicht.notifications.services import notify
from ketenzicht.privacy import audit, policy

from . import access
from .models import Case, CaseChange, Handover, sync_list_keys
from .services import StaleCase

STEP = "overdragen"  # the name of the step in the case's history (route.steps.OWN_STEPS labels it)


def hand_over(user, case, to_table, reason, expected_version=None, at=None):
    """Hand the case on. Refused for anyone but the chair, to a table hers does not hand to,
    without a reason, or for a closed case: nothing changes, and the refusal is logged (outside
    the transaction, so the entry stays)."""
    if not policy.can(user, "hand_over", case):
        audit.record(user, "denied", "case", case.pk, reason="hand_over", region=case.region_id)
        raise PermissionDenied("hand_over")
    try:
        return _hand_over(user, case, to_table, reason, expected_version, at)
    except (Invalid, Refused) as error:
        audit.record(user, "refused", "case", case.pk, reason="hand_over", region=case.region_id,
                     fields=sorted(error.errors))
        raise


@transaction.atomic
def _hand_over(user, case, to_table, reason, expected_version, at):
    locked = Case.objects.select_for_update().select_related("route", "table").get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleCase
    if not locked.is_open:
        raise Refused(_("Een gesloten casus wordt niet overgedragen."), "to_table")
    if to_table is None or not access.handover_targets(locked).filter(pk=to_table.pk).exists():
        raise Invalid(_("Kies een tafel waaraan deze tafel casussen overdraagt."), "to_table")
    if not (reason or "").strip():
        raise Invalid(_("Geef een reden op voor de overdracht."), "reason")
    now = at or timezone.now()
    flow = locked.route.route.case
    change = CaseChange.objects.create(case=locked, transition=STEP, from_stage=locked.stage, to_stage=flow.initial,
                                       actor=user, reason=reason.strip(), at=now)
    Handover.objects.create(case=locked, from_table=locked.table, to_table=to_table, change=change)
    Case.objects.filter(pk=locked.pk).update(
        table=to_table, planned=False, stage=flow.initial, deadline_at=locked.route.route.deadline(now, flow.initial, "case"),
        version=F("version") + 1)
    sync_list_keys(locked.pk)
    audit.record(user, "hand_over", "case", locked.pk, region=locked.region_id, from_table=locked.table_id,
                 to_table=to_table.pk)
    case.refresh_from_db()  # at the receiving table now: whom the notice may reach is checked against that
    notify(access.chairs(to_table), "handover", reverse("cases:detail", args=[case.pk]), about=case)
    return case
