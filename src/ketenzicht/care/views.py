"""The care coordinator's workbench: register, trajectory, shelter search; and providers' places."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.cases.models import Track
from ketenzicht.intake import panels
from ketenzicht.intake.models import Signal
from ketenzicht.lib.actions import ObjectPage, attempt
from ketenzicht.lib.http import int_or_none, uuid_or_none
from ketenzicht.lib.keyset_union import page_union_window
from ketenzicht.lib.paging import page_window
from ketenzicht.privacy import audit, policy
from ketenzicht.regions.models import Municipality

from . import access, lists, services
from .forms import (
    ConsentForm,
    DormantForm,
    HandOverForm,
    NoteForm,
    PhaseForm,
    PlacementForm,
    PlaceSearchForm,
    ReferralForm,
    ReflectionForm,
    ShelterPlaceForm,
    SummaryForm,
    ToRecipients,
    TrajectoryForm,
)
from .models import OPEN, Phase, ShelterPlace, Status, Trajectory

REGISTER_PAGE_SIZE = CARE_MEETING_PAGE_SIZE = REFERRAL_PAGE_SIZE = 50


@verified_login_required
def register(request):
    """The regional victim register: the whole caseload, filterable, overdue reviews first."""
    if not access.coordinates_care(request.user):
        raise PermissionDenied
    filters = {k: request.GET.get(k) for k in ("municipality", "phase", "status", "age_group") if request.GET.get(k)}
    narrow = {field: filters[field] for field in ("phase", "status", "age_group") if filters.get(field)}
    if filters.get("municipality"):
        narrow["municipality__cbs_code"] = filters["municipality"]
    if request.GET.get("overdue"):
        narrow.update(status=Status.ACTIVE, review_on__lt=timezone.localdate())
    totals, caseload = services.caseload(policy.visible(request.user, Trajectory, status__in=OPEN, **narrow))
    trajectories = page_union_window(request, lists.REGISTER, access.trajectory_scopes(request.user, **narrow),
                                     lists.register_rows, REGISTER_PAGE_SIZE)
    audit.record_list(request.user, "trajectory", [t.pk for t in trajectories])
    return render(request, "care/register.html", {
        "caseload": caseload, "totals": totals,
        "trajectories": trajectories, "filters": filters, "phases": Phase.choices, "statuses": Status.choices,
        "municipalities": Municipality.objects.filter(region_id__in=request.user.region_ids()).order_by("name"),
    })


@verified_login_required
def care_meeting(request):
    """The care meeting's list: where each trajectory of its municipalities stands and who
    coordinates it (access.STATUS_FIELDS), never its content. A page is logged as a read, as the
    register's is: the reference and phase belong to one person's care record (DOMAIN section 4)."""
    if not access.follows_care_meeting(request.user):
        raise PermissionDenied
    window = page_union_window(request, lists.CARE_MEETING, access.care_meeting_scopes(request.user),
                               lists.status_rows, CARE_MEETING_PAGE_SIZE)
    audit.record_list(request.user, "trajectory", [t.pk for t in window], reason="care_meeting")
    return render(request, "care/meeting.html", {"window": window})


@verified_login_required
def new_trajectory(request):
    if not access.coordinates_care(request.user):
        raise PermissionDenied
    municipalities = access.coordinated_municipalities(request.user)
    source = _source(request)
    form = TrajectoryForm(request.POST or None, municipalities=municipalities, initial=source.get("initial"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["birth_date"] = data["birth_date"].isoformat() if data.get("birth_date") else ""
        trajectory = services.open_trajectory(request.user, signal=source.get("signal"), track=source.get("track"),
                                              **data)
        messages.success(request, _("Zorgtraject geopend."))
        return redirect("care:detail", trajectory.pk)
    return render(request, "care/new.html", {"form": form, "source": source}, status=400 if form.errors else 200)


def _source(request):
    """Open from a case's care track (?track=) or a signal (?signal=) the user may see."""
    source = {}
    track_id, signal_id = int_or_none(request.GET.get("track")), uuid_or_none(request.GET.get("signal"))
    if track_id:
        track = Track.objects.select_related("case__lead_municipality").filter(pk=track_id).first()
        if track and access.opens_from_track(request.user, track):
            source = {"track": track, "initial": services.defaults_from_track(track)}
    elif signal_id:
        signal = Signal.objects.filter(pk=signal_id).first()
        if signal and policy.can(request.user, "view", signal):
            source = {"signal": signal, "initial": {"municipality": signal.lead_municipality.cbs_code}}
    return source


def _context(request, trajectory, **forms):
    handles = access.trajectory_access(request.user, trajectory) == access.CareAccess.HANDLE
    search = PlaceSearchForm(request.GET or None, auto_id="search_%s")
    search.is_valid()
    found = services.search_places(trajectory, (getattr(search, "cleaned_data", {}) or {}).get("on"),
                                   (getattr(search, "cleaned_data", {}) or {}).get("kind")) if handles else []
    placement_form = forms.get("placement_form") or PlacementForm(auto_id="placement_form_%s",
                                                                   initial={"start": timezone.localdate()})
    placement_form.fields["place"].queryset = ShelterPlace.objects.filter(pk__in=[p.pk for p, _n in found]) | \
        ShelterPlace.objects.filter(pk=placement_form.data.get("place") or 0)
    return {
        "t": trajectory, "handles": handles, "found": found,
        "notes": trajectory.notes.all() if handles else [],
        "consents": access.consents_for(request.user, trajectory).select_related("organisation"),
        "hand_overs": access.hand_overs_for(request.user, trajectory).select_related("organisation"), "search_form": search, "placement_form": placement_form,
        "phase_form": forms.get("phase_form") or PhaseForm(
            auto_id="phase_form_%s", initial={"phase": trajectory.phase, "blocked": trajectory.blocked}),
        "note_form": forms.get("note_form") or NoteForm(auto_id="note_form_%s"),
        "consent_form": forms.get("consent_form") or ConsentForm(auto_id="consent_form_%s").for_trajectory(trajectory),
        "reflection_form": forms.get("reflection_form") or ReflectionForm(auto_id="reflection_form_%s"),
        "hand_over_form": forms.get("hand_over_form") or HandOverForm(auto_id="hand_over_form_%s").for_trajectory(trajectory),
        "dormant_form": forms.get("dormant_form") or DormantForm(auto_id="dormant_form_%s"),
        "referral_form": forms.get("referral_form") or ReferralForm(auto_id="referral_form_%s").for_trajectory(trajectory),
        "summary_form": forms.get("summary_form") or SummaryForm(auto_id="summary_form_%s"),
        "panels": panels.for_page("trajectory", request.user, trajectory),
    }


@verified_login_required
def detail(request, pk):
    trajectory = policy.open(request.user, Trajectory, pk)
    return render(request, "care/detail.html", _context(request, trajectory))


trajectory_page = ObjectPage(lambda request, pk: policy.open(request.user, Trajectory, pk, action="handle"),
                             "care:detail", "care/detail.html", _context)


def _bound(form, trajectory):
    """A posted form, narrowed to this trajectory where it names an organisation."""
    return form.for_trajectory(trajectory) if isinstance(form, ToRecipients) else form


def _action(form_class=None, form_key=None):
    """A POST on a trajectory: validate with the form, call the service, or show the errors."""
    def decorate(act):
        form = (lambda request, trajectory: _bound(form_class(request.POST, auto_id=f"{form_key}_%s"), trajectory)) \
            if form_class else None  # several forms on one page: each its own field ids
        return verified_login_required(trajectory_page.action(form, form_key)(act))
    return decorate


@_action(PhaseForm, "phase_form")
def set_phase(request, trajectory, data):
    services.set_phase(request.user, trajectory, data["phase"], data["blocked"])
    return _("Fase vastgelegd.")


@_action(NoteForm, "note_form")
def add_note(request, trajectory, data):
    services.add_note(request.user, trajectory, data["text"], data.get("review_on"))
    return _("Vastgelegd.")


@_action(ConsentForm, "consent_form")
def record_consent(request, trajectory, data):
    services.record_consent(request.user, trajectory, **data)
    return _("Toestemming vastgelegd.")


@_action(ReflectionForm, "reflection_form")
def set_reflection(request, trajectory, data):
    services.set_reflection(request.user, trajectory, data["reflection_start"], data["residence_status"])
    return _("Bedenktijd vastgelegd.")


@_action(PlacementForm, "placement_form")
def place(request, trajectory, data):
    services.place(request.user, trajectory, data["place"], data["start"])
    return _("Geplaatst.")


@_action(HandOverForm, "hand_over_form")
def hand_over(request, trajectory, data):
    services.hand_over(request.user, trajectory, data["organisation"], data["contents"])
    return _("Dossier overgedragen.")


@_action(DormantForm, "dormant_form")
def make_dormant(request, trajectory, data):
    services.make_dormant(request.user, trajectory, data["follow_up_on"])
    return _("Traject slapend gezet; het blijft beschikbaar.")


@_action(ReferralForm, "referral_form")
def refer(request, trajectory, data):
    services.refer(request.user, trajectory, data["organisation"], data["need"])
    return _("Verwezen; de aanbieder is gewaarschuwd.")


@_action(SummaryForm, "summary_form")
def share_summary(request, trajectory, data):
    services.share_summary(request.user, trajectory, data["text"], data["reason"])
    return _("Samenvatting gedeeld met de tafel; de reden is vastgelegd.")


@verified_login_required
@require_POST
def answer_referral(request, referral_id):
    referral = access.referrals_to(request.user).filter(pk=referral_id).first()
    if referral is None:
        raise PermissionDenied
    services.answer_referral(request.user, referral, request.POST.get("answer") == "accepted")
    messages.success(request, _("Antwoord vastgelegd."))
    return redirect("care:places")


@verified_login_required
@require_POST
def withdraw_consent(request, pk, consent_id):
    trajectory = policy.open(request.user, Trajectory, pk, action="handle")
    consent = get_object_or_404(trajectory.consents, pk=consent_id)
    services.withdraw_consent(request.user, consent)
    messages.success(request, _("Toestemming ingetrokken; wat erop rustte, gebeurt niet meer."))
    return redirect("care:detail", trajectory.pk)


@_action()
def end_placement(request, trajectory, data, placement_id):
    placement = get_object_or_404(trajectory.placements, pk=placement_id, end__isnull=True)
    services.end_placement(request.user, placement, timezone.localdate())
    return _("Plaatsing beëindigd.")


@_action()
def close(request, trajectory, data):
    services.close(request.user, trajectory)
    return _("Traject afgesloten.")


@verified_login_required
@require_POST
def reopen(request, pk):
    trajectory = policy.open(request.user, Trajectory, pk, action="handle")
    services.reopen(request.user, trajectory)
    messages.success(request, _("Traject heropend; de geschiedenis is bewaard."))
    return redirect("care:detail", trajectory.pk)


@verified_login_required
def shelter_places(request):
    """A provider keeps its places up to date; places not updated for a week show as stale."""
    places = access.places_managed_by(request.user)
    if not places.exists() and not access.referrals_to(request.user).exists() and not \
            access.coordinates_care(request.user):
        raise PermissionDenied
    form = None
    if request.method == "POST":
        place = places.filter(pk=request.POST.get("place")).first()
        if place is None:
            raise PermissionDenied
        form = ShelterPlaceForm(request.POST, instance=place, prefix=str(place.pk))
        version = int_or_none(request.POST.get("version"))
        if attempt(form, lambda data: services.update_shelter_place(request.user, place, data, version)):
            messages.success(request, _("Plekken bijgewerkt."))
            return redirect("care:places")
    places = list(places.select_related("organisation"))
    free = services.free_of(places, timezone.localdate())
    rows = [(p, form if form is not None and form.instance.pk == p.pk else ShelterPlaceForm(instance=p, prefix=str(p.pk)),
             free[p.pk]) for p in places]
    referrals = page_window(request, access.referrals_to(request.user), lists.REFERRALS, REFERRAL_PAGE_SIZE)
    return render(request, "care/places.html", {"rows": rows, "referrals": referrals},
                  status=400 if form is not None else 200)
