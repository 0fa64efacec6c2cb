"""Who may see and do what with integral inspections, registered with the policy front.

The municipality plans: its liaison or licensing officer plans an inspection and sees all of it.
A partner taking part sees the inspection through its people (any role they hold for that
organisation, DESIGN §4: access follows people's roles, never the organisation alone) and records
the findings of its own organisation, not another's. Nobody of another municipality or partner
sees it; the region's analyst sees only the figures (figures.py).
"""
from ketenzicht.accounts.models import Role
from ketenzicht.lib.http import int_or_none
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Municipality, Organisation

from .models import Finding, Inspection

PLANNING_ROLES = (Role.LIAISON, Role.LICENSING_OFFICER)


def planning_municipality_ids(user):
    return user.municipality_ids(*PLANNING_ROLES) if policy.active(user) else set()


def planning_municipalities(user):
    return Municipality.objects.filter(pk__in=planning_municipality_ids(user))


def plans_inspections(user) -> bool:
    return bool(planning_municipality_ids(user))


def partner_organisation_ids(user):
    """The organisations for which this user records findings: those they hold a role for."""
    if not policy.active(user):
        return set()
    return {a.organisation_id for a in user.assignments}


def takes_part(user) -> bool:
    """The menu entry: for whoever plans, or belongs to a partner of an inspection."""
    if plans_inspections(user):
        return True
    organisations = partner_organisation_ids(user)
    return bool(organisations) and Inspection.partners.through.objects.filter(
        organisation_id__in=organisations).exists()


def partners_for(region_id):
    """The partners an inspection may invite: the region's active organisations."""
    return Organisation.objects.filter(region_id=region_id, active=True).order_by("name")


def inspections_visible_to(user, **filters):
    if not policy.active(user):
        return Inspection.objects.none()
    planned = Inspection.objects.filter(municipality_id__in=planning_municipality_ids(user)).values("pk")
    joined = Inspection.partners.through.objects.filter(
        organisation_id__in=partner_organisation_ids(user)).values("inspection_id")
    return Inspection.objects.filter(pk__in=planned.order_by().union(joined.order_by()), **filters)


def plans(user, inspection) -> bool:
    return inspection.municipality_id in planning_municipality_ids(user)


def own_partners(user, inspection):
    """The partners of this inspection this user records findings for."""
    mine = partner_organisation_ids(user)
    return [o for o in inspection.partners.all() if o.pk in mine]


def can(user, action, inspection) -> bool:
    if action == "view":
        return plans(user, inspection) or bool(own_partners(user, inspection))
    if action == "plan":
        return plans(user, inspection)
    if action == "record":
        return bool(own_partners(user, inspection))
    return False


def may_signal(user, finding) -> bool:
    """Turn a finding into a signal: its own partner's people, or the municipality that planned it."""
    return finding.organisation_id in partner_organisation_ids(user) or plans(user, finding.inspection)


def findings_for(user, inspection):
    """Every finding for the planners; a partner reads its own organisation's findings only."""
    findings = inspection.findings.select_related("organisation", "signal", "recorded_by")
    if plans(user, inspection):
        return findings
    return findings.filter(organisation_id__in=partner_organisation_ids(user))


def _fetch(pk):
    pk = int_or_none(pk)
    return Inspection.objects.select_related("municipality", "planned_by").filter(pk=pk).first() if pk else None


def fetch_finding(inspection, pk):
    pk = int_or_none(pk)
    return Finding.objects.select_related("inspection", "organisation").filter(
        inspection=inspection, pk=pk).first() if pk else None


RULES = policy.Rules(kind="inspection", can=can, visible=inspections_visible_to, fetch=_fetch)
