"""Pages of the municipality's own approach. Thin: find the region or municipality the user may
see (404 for any other: access.py decides), bind a form, call one service, render."""
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.errors import DomainError, Stale
from ketenzicht.privacy import audit
from ketenzicht.regions.models import Municipality, Region

from . import access, queries, services
from .forms import (
    AssessmentPageForm,
    CriterionForm,
    InstrumentForm,
    PresencePageForm,
    PresetForm,
)
from .models import Assessment, Criterion, Instrument, InstrumentState, Level


# --------------------------------------------------------------------------------- reading
@verified_login_required
def index(request):
    """Where the menu entry leads: the user's region, or their own municipality, or a choice."""
    regions = Region.objects.filter(pk__in=access.overview_region_ids(request.user)).order_by("name")
    if len(regions) == 1:
        return redirect("approach:overview", regions[0].slug)
    own = Municipality.objects.filter(pk__in=access.reading_municipality_ids(request.user))
    if not regions and len(own) == 1:
        return redirect("approach:municipality", own[0].region.slug, own[0].cbs_code)
    if not regions and not own:
        raise Http404
    return render(request, "approach/index.html", {"regions": regions, "own": own})


def _region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.sees_overview(request.user, region):
        raise Http404
    return region


def _municipality(request, slug, code):
    municipality = get_object_or_404(Municipality.objects.select_related("region"), region__slug=slug,
                                     cbs_code=code)
    if not access.sees_municipality(request.user, municipality):
        raise Http404
    return municipality


def _matrix(region, rows):
    """The overview's rows as shown: (municipality, its page, [cell or None], met), each cell's texts
    made once per distinct value. A region of 78 municipalities has 390 cells, and rendering each
    through an include with its own translation and date formatting was most of the page's time."""
    labels = {level: str(label) for level, label in Level.choices}
    months = {number: str(name) for number, name in MONTHS.items()}  # as the date filter's "j F Y" names them
    since_text = _("sinds %(day)s")
    link = reverse("approach:municipality", args=[region.slug, "GM0000"])[:-len("GM0000")]
    shown = []
    for municipality, cells, met in rows:
        row = []
        for a in cells:
            if a is None:
                row.append(None)
                continue
            day = a.since
            row.append({"level": a.level, "label": labels[a.level],
                        "since": (day.isoformat(), since_text % {"day": f"{day.day} {months[day.month]} {day.year}"}),
                        "due": a.is_due})
        shown.append((municipality, link + municipality.cbs_code, row, met))
    return shown


def _barrier_summary(region, municipalities):
    """Per instrument of the region: in how many of its municipalities it is in place."""
    states = InstrumentState.objects.filter(instrument__region=region, presence="in_place").values_list(
        "instrument_id", flat=True)
    counted = {}
    for pk in states:
        counted[pk] = counted.get(pk, 0) + 1
    return [(i, counted.get(i.pk, 0)) for i in queries.instruments(region)], len(municipalities)


@verified_login_required
def overview(request, region):
    region = _region(request, region)
    data = queries.overview(region)
    instruments, total = _barrier_summary(region, data["rows"])
    data["rows"] = _matrix(region, data["rows"])
    return render(request, "approach/overview.html", {
        "region": region, **data, "instruments": instruments, "total": total, "levels": Level,
        "own": access.own_municipality_ids(request.user)})


@verified_login_required
def municipality(request, region, code):
    municipality = _municipality(request, region, code)
    return render(request, "approach/municipality.html", {
        "region": municipality.region, "municipality": municipality,
        "assessments": queries.assessments_of(municipality), "states": queries.states_of(municipality),
        "keeps": access.keeps(request.user, municipality),
        "sees_overview": access.sees_overview(request.user, municipality.region)})


def _criterion(municipality, code):
    return get_object_or_404(Criterion, region=municipality.region, code=code, retired_at__isnull=True)


@verified_login_required
def evidence(request, region, code, criterion):
    municipality = _municipality(request, region, code)
    assessment = Assessment.objects.filter(municipality=municipality, criterion=_criterion(municipality, criterion)
                                           ).first()
    if assessment is None or not assessment.evidence_file:
        raise Http404
    audit.record(request.user, "download", "approach_evidence", assessment.pk, region=municipality.region_id)
    return FileResponse(assessment.evidence_file.open("rb"), as_attachment=True,
                        filename=assessment.evidence_name or "bewijs", content_type=assessment.evidence_type or None)


# --------------------------------------------------------------------------------- the liaison's part
def _kept(request, region, code):
    municipality = _municipality(request, region, code)
    if not access.keeps(request.user, municipality):
        raise Http404
    return municipality


def _try(form, act):
    """`attempt`, but another's change in between keeps the form as typed, says so, and shows the
    current state (the form then carries the new version: saving again is a deliberate choice)."""
    if not form.is_valid():
        return False, None
    try:
        act(form.cleaned_data)
    except Stale as error:
        return False, error.message
    except DomainError as error:
        error.add_to(form)
        return False, None
    return True, None


@verified_login_required
def assess(request, region, code, criterion):
    municipality = _kept(request, region, code)
    criterion = _criterion(municipality, criterion)
    current = Assessment.objects.filter(municipality=municipality, criterion=criterion).first()
    version = current.version if current else 0
    initial = {"version": version}
    if current:
        initial.update({name: getattr(current, name) for name in (
            "level", "evidence_link", "decision_date", "next_step", "next_step_owner", "next_step_due")})
    form = AssessmentPageForm(request.POST or None, request.FILES or None, initial=initial)
    stale = None
    if request.method == "POST":
        done, stale = _try(form, lambda data: services.record_assessment(
            request.user, municipality, criterion, expected_version=data["version"],
            **{k: v for k, v in data.items() if k != "version"}))
        if done:
            messages.success(request, _("De status van %(criterion)s is vastgelegd.") % {"criterion": criterion.label})
            return redirect(reverse("approach:municipality", args=[municipality.region.slug, municipality.cbs_code])
                            + f"#criterium-{criterion.code}")
        if stale:  # the form as typed, with the version now current
            data = request.POST.copy()
            data["version"] = str(version)
            form = AssessmentPageForm(data, initial=initial)
            form.is_valid()
    return render(request, "approach/assess.html", {
        "region": municipality.region, "municipality": municipality, "criterion": criterion, "current": current,
        "form": form, "stale": stale, "history": current.history.select_related("changed_by") if current else []},
        status=400 if request.method == "POST" else 200)


@verified_login_required
def presence(request, region, code, pk):
    municipality = _kept(request, region, code)
    instrument = get_object_or_404(Instrument, pk=pk, region=municipality.region, retired_at__isnull=True)
    current = InstrumentState.objects.filter(municipality=municipality, instrument=instrument).first()
    version = current.version if current else 0
    initial = {"version": version, **({"presence": current.presence, "note": current.note} if current else {})}
    form = PresencePageForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST":
        done, stale = _try(form, lambda data: services.set_presence(
            request.user, municipality, instrument, presence=data["presence"], note=data["note"],
            expected_version=data["version"]))
        if done:
            messages.success(request, _("Vastgelegd: %(instrument)s.") % {"instrument": instrument.label})
            return redirect(reverse("approach:municipality", args=[municipality.region.slug, municipality.cbs_code])
                            + "#instrumenten")
        if stale:
            data = request.POST.copy()
            data["version"] = str(version)
            form = PresencePageForm(data, initial=initial)
            form.is_valid()
    return render(request, "approach/presence.html", {
        "region": municipality.region, "municipality": municipality, "instrument": instrument, "current": current,
        "form": form, "stale": stale}, status=400 if request.method == "POST" else 200)


# --------------------------------------------------------------------------------- set-up
def _setup_region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.sets_up(request.user, region):
        raise Http404
    return region


@verified_login_required
def setup_criteria(request, region):
    region = _setup_region(request, region)
    action = request.POST.get("action") if request.method == "POST" else None
    preset = PresetForm(request.POST if action == "preset" else None, prefix="preset")
    form = CriterionForm(request.POST if action == "add" else None, prefix="add")
    if action == "preset" and attempt(preset, lambda data: services.adopt_preset(request.user, region,
                                                                                  data["preset"])):
        messages.success(request, _("De criteria van de regio zijn bijgewerkt."))
        return redirect("approach:setup_criteria", region.slug)
    if action == "add" and attempt(form, lambda data: services.add_criterion(request.user, region, **data)):
        messages.success(request, _("Criterium %(name)s toegevoegd.") % {"name": form.cleaned_data["name"]})
        return redirect("approach:setup_criteria", region.slug)
    return render(request, "approach/setup_criteria.html", {
        "region": region, "criteria": queries.criteria(region, retired=True), "preset": preset, "form": form},
        status=400 if action else 200)


@verified_login_required
def setup_criterion(request, region, pk):
    region = _setup_region(request, region)
    criterion = get_object_or_404(Criterion, pk=pk, region=region)
    action = request.POST.get("action") if request.method == "POST" else None
    form = CriterionForm(request.POST if action == "edit" else None, initial={
        "name": criterion.name, "name_en": criterion.name_en, "text": criterion.text, "text_en": criterion.text_en})
    if action == "edit" and attempt(form, lambda data: services.update_criterion(request.user, criterion, **data)):
        messages.success(request, _("Het criterium is gewijzigd."))
        return redirect("approach:setup_criteria", region.slug)
    if action in ("retire", "reinstate"):
        services.set_criterion_retired(request.user, criterion, action == "retire")
        messages.success(request, _("Het criterium is ingetrokken.") if action == "retire"
                         else _("Het criterium geldt weer."))
        return redirect("approach:setup_criteria", region.slug)
    return render(request, "approach/setup_criterion.html", {"region": region, "criterion": criterion, "form": form},
                  status=400 if action else 200)


def _instrument_initial(instrument):
    return {"name": instrument.name, "name_en": instrument.name_en, "description": instrument.description,
            "barriers": [b.code for b in instrument.barriers.all()],
            "partners": [p.pk for p in instrument.partners.all()], "other_partners": instrument.other_partners}


@verified_login_required
def setup_instruments(request, region):
    region = _setup_region(request, region)
    form = InstrumentForm(request.POST or None, prefix="add", partners=services.region_partners(region))
    if request.method == "POST" and attempt(form, lambda data: services.add_instrument(request.user, region, **data)):
        messages.success(request, _("Instrument %(name)s toegevoegd.") % {"name": form.cleaned_data["name"]})
        return redirect("approach:setup_instruments", region.slug)
    return render(request, "approach/setup_instruments.html", {
        "region": region, "instruments": queries.instruments(region, retired=True), "form": form},
        status=400 if request.method == "POST" else 200)


@verified_login_required
def setup_instrument(request, region, pk):
    region = _setup_region(request, region)
    instrument = get_object_or_404(Instrument, pk=pk, region=region)
    action = request.POST.get("action") if request.method == "POST" else None
    form = InstrumentForm(request.POST if action == "edit" else None, initial=_instrument_initial(instrument),
                          partners=services.region_partners(region))
    if action == "edit" and attempt(form, lambda data: services.update_instrument(request.user, instrument, **data)):
        messages.success(request, _("Het instrument is gewijzigd."))
        return redirect("approach:setup_instruments", region.slug)
    if action in ("retire", "reinstate"):
        services.set_instrument_retired(request.user, instrument, action == "retire")
        messages.success(request, _("Het instrument is ingetrokken.") if action == "retire"
                         else _("Het instrument geldt weer."))
        return redirect("approach:setup_instruments", region.slug)
    return render(request, "approach/setup_instrument.html", {"region": region, "instrument": instrument,
                                                              "form": form}, status=400 if action else 200)
