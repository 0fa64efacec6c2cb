"""The demo's administrative measures: in the largest municipality of each region, whose mayor's
office records them (IJsselland: Zwolle), a signed closure of premises after a signal, a signed
penalty order, and an area ban not yet signed. Made through the app's services, as the mayor's
office would; running it again changes nothing. The premises are invented."""
from datetime import timedelta

from django.utils import timezone

from ketenzicht.accounts.models import Role, User
from ketenzicht.intake.models import Signal
from ketenzicht.measures import services
from ketenzicht.measures.models import Kind, LegalGround, Measure, Outcome


def _ground(code):
    return LegalGround.objects.get(region__isnull=True, code=code)


def load(region, municipalities, with_signals):
    """The shipped legal grounds always (a database emptied after migrating lacks them); example
    records only (`with_signals`)."""
    services.ensure_shipped_grounds()
    if not with_signals or Measure.objects.filter(region=region).exists():
        return
    largest = max(municipalities, key=lambda m: m.inhabitants or 0)
    mayor = User.objects.holding([Role.MAYOR_OFFICE], municipality=largest).order_by("username").first()
    if mayor is None:
        return
    today = timezone.localdate()
    signal = Signal.objects.filter(lead_municipality=largest).order_by("-received_at").first()
    closure = services.record(mayor, largest, {
        "kind": Kind.CLOSURE, "ground": _ground("gemeentewet-174"), "decided_on": today - timedelta(days=40),
        "starts_on": today - timedelta(days=38), "ends_on": today + timedelta(days=52),
        "address": f"Achterstraat 9, {largest.name}", "business_name": "Massagesalon Lotus", "kvk_number": "71000012",
        "decision": "Sluiting voor drie maanden na aanwijzingen van uitbuiting in het pand.",
        "signal": signal.reference if signal else ""})
    services.sign(mayor, closure)
    services.record_outcome(mayor, closure, Outcome.COMPLIED, "Pand gesloten en verzegeld.")
    penalty = services.record(mayor, largest, {
        "kind": Kind.PENALTY_ORDER, "ground": _ground("gemeentewet-125"), "decided_on": today - timedelta(days=20),
        "starts_on": today - timedelta(days=6), "address": f"Kanaalweg 21, {largest.name}",
        "decision": "Last onder dwangsom: staak de prostitutie zonder vergunning, € 5.000 per geconstateerde keer."})
    services.sign(mayor, penalty)
    services.record(mayor, largest, {
        "kind": Kind.AREA_BAN, "ground": _ground("gemeentewet-172a"), "decided_on": today - timedelta(days=2),
        "starts_on": today, "ends_on": today + timedelta(days=90), "address": f"Stationsgebied, {largest.name}"})
