"""The demo's integral inspections: in each region an inspection of a business with the labour
inspectorate and the police, planned by the liaison (IJsselland: Kampen), whose findings the
partners record, one of which became a signal in the municipality's inbox; and one planned ahead.
Made through the app's services, as the people would; running it again changes nothing. The
businesses are invented."""
from datetime import timedelta

from django.utils import timezone

from ketenzicht.accounts.models import Role, User
from ketenzicht.inspections import services
from ketenzicht.inspections.models import Inspection, Status
from ketenzicht.intake.models import ExploitationForm
from ketenzicht.regions.models import Organisation, Sector

WHERE = {"IJsselland": "Kampen"}  # else the region's largest municipality


def _someone(roles, **where):
    return User.objects.holding(roles, **where).order_by("username").first()


def load(region, municipalities, with_signals):
    """Example records only (`with_signals`); the region configures nothing for inspections."""
    if not with_signals or Inspection.objects.filter(region=region).exists():
        return
    municipality = next((m for m in municipalities if m.name == WHERE.get(region.name)), None) or \
        max(municipalities, key=lambda m: m.inhabitants or 0)
    planner = _someone([Role.LIAISON], municipality=municipality)
    inspectorate = Organisation.objects.filter(region=region, sector=Sector.LABOUR_INSPECTION).first()
    police = Organisation.objects.filter(region=region, sector=Sector.POLICE).first()
    inspector = _someone([Role.REPORTER], organisation=inspectorate)
    officer = _someone([Role.TABLE_MEMBER], organisation=police)
    if None in (planner, inspectorate, police, inspector, officer):
        return
    today = timezone.localdate()
    done = services.plan(planner, municipality, {
        "planned_on": today - timedelta(days=12), "business_name": "Kwekerij Noordveld BV", "kvk_number": "70000011",
        "address": f"Industrieweg 40, {municipality.name}", "partners": [inspectorate, police],
        "purpose": "Meldingen van overbewoning van arbeidsmigranten op het bedrijfsterrein."})
    finding = services.record_finding(inspector, done, inspectorate, (
        "Negen werknemers zonder arbeidscontract; zij wonen in units op het terrein en moeten hun paspoort bij de "
        "voorman inleveren. Loon contant, ver onder het minimumloon."), True)
    services.make_signal(inspector, finding, ExploitationForm.objects.filter(code="labour"))
    services.record_finding(officer, done, police, "Twee voertuigen op naam van de eigenaar; geen bijzonderheden.",
                            False)
    services.set_status(planner, done, Status.DONE)
    services.plan(planner, municipality, {
        "planned_on": today + timedelta(days=9), "address": f"Havenweg 7, {municipality.name}",
        "partners": [inspectorate, police], "purpose": "Hercontrole van een uitzendhuisvesting."})
