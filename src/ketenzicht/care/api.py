"""API for care coordination: the same policy, forms and services as the workbench."""
from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.api.forms_bridge import InvalidInput, bind, serializer_for
from ketenzicht.api.problems import invalid, problem
from ketenzicht.privacy import audit, policy
from ketenzicht.regions.models import Municipality

from . import services
from .forms import ConsentForm, HandOverForm, PlacementForm, ShelterPlaceForm, TrajectoryForm


class TrajectorySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    name = serializers.CharField()
    municipality = serializers.CharField(source="municipality.cbs_code")
    is_minor = serializers.BooleanField()
    age_group = serializers.CharField()
    phase = serializers.CharField()
    status = serializers.CharField()
    blocked = serializers.BooleanField()
    review_on = serializers.DateField()
    reflection_start = serializers.DateField(allow_null=True)
    reflection_end = serializers.DateField(allow_null=True)
    consents = serializers.SerializerMethodField()
    placements = serializers.SerializerMethodField()

    def get_consents(self, t) -> list[dict]:
        return [{"purpose": c.purpose, "organisation": c.organisation.name if c.organisation else None,
                 "given_on": c.given_on.isoformat(), "withdrawn": c.withdrawn_on is not None}
                for c in policy.consents_for(self.context["request"].user, t).select_related("organisation")]

    def get_placements(self, t) -> list[dict]:
        return [{"place": p.place_id, "provider": p.place.organisation.name, "start": p.start.isoformat(),
                 "end": p.end.isoformat() if p.end else None} for p in t.placements.select_related("place__organisation")]


class PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    provider = serializers.CharField(source="organisation.name")
    region = serializers.CharField(source="organisation.region.slug")
    kind = serializers.CharField()
    places = serializers.IntegerField()
    free = serializers.IntegerField()
    free_from = serializers.DateField()
    conditions = serializers.CharField()
    stale = serializers.BooleanField(source="is_stale")


def _municipalities(user):
    return Municipality.objects.filter(region_id__in=user.region_ids(policy.Role.CARE_COORDINATOR))


@extend_schema(tags=["care"])
class TrajectoriesView(APIView):
    @extend_schema(operation_id="careTrajectoryList", responses={200: TrajectorySerializer(many=True)},
                   summary="Zorgtrajecten die u mag zien")
    def get(self, request):
        trajectories = policy.trajectories_visible_to(request.user).select_related("municipality")[:200]
        audit.record_list(request.user, "trajectory", [t.pk for t in trajectories])
        return Response(TrajectorySerializer(trajectories, many=True, context={"request": request}).data)

    @extend_schema(operation_id="careTrajectoryCreate", request=serializer_for(TrajectoryForm, "TrajectoryInput"),
                   responses={201: TrajectorySerializer}, summary="Een zorgtraject openen")
    def post(self, request):
        if not policy.coordinates_care(request.user):
            return problem(403, "Alleen de zorgcoördinator opent zorgtrajecten.")
        try:
            form = bind(TrajectoryForm, request.data, municipalities=_municipalities(request.user))
        except InvalidInput as error:
            return error.response()
        data = dict(form.cleaned_data)
        data["birth_date"] = data["birth_date"].isoformat() if data.get("birth_date") else ""
        trajectory = services.open_trajectory(request.user, **data)
        return Response(TrajectorySerializer(trajectory, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=["care"])
class TrajectoryView(APIView):
    @extend_schema(operation_id="careTrajectoryRead", responses={200: TrajectorySerializer}, summary="Eén zorgtraject")
    def get(self, request, pk):
        return Response(TrajectorySerializer(policy.get_trajectory(request.user, pk),
                                             context={"request": request}).data)


def _act(request, pk, form_class, act):
    trajectory = policy.get_trajectory(request.user, pk, need=policy.CareAccess.HANDLE)
    try:
        form = bind(form_class, request.data)
        act(trajectory, form.cleaned_data)
    except InvalidInput as error:
        return error.response()
    except ValidationError as error:
        return invalid(error.message_dict)
    trajectory.refresh_from_db()
    return Response(TrajectorySerializer(trajectory, context={"request": request}).data,
                    status=status.HTTP_201_CREATED)


@extend_schema(tags=["care"])
class ConsentsView(APIView):
    @extend_schema(operation_id="careConsentCreate", request=serializer_for(ConsentForm, "ConsentInput"),
                   responses={201: TrajectorySerializer}, summary="Toestemming vastleggen")
    def post(self, request, pk):
        return _act(request, pk, ConsentForm, lambda t, d: services.record_consent(request.user, t, **d))


@extend_schema(tags=["care"])
class PlacementsView(APIView):
    @extend_schema(operation_id="carePlacementCreate", request=serializer_for(PlacementForm, "PlacementInput"),
                   responses={201: TrajectorySerializer}, summary="Plaatsen in een opvangplek")
    def post(self, request, pk):
        return _act(request, pk, PlacementForm, lambda t, d: services.place(request.user, t, d["place"], d["start"]))


@extend_schema(tags=["care"])
class HandOversView(APIView):
    @extend_schema(operation_id="careHandOverCreate", request=serializer_for(HandOverForm, "HandOverInput"),
                   responses={201: TrajectorySerializer}, summary="Het dossier overdragen (met toestemming)")
    def post(self, request, pk):
        return _act(request, pk, HandOverForm,
                    lambda t, d: services.hand_over(request.user, t, d["organisation"], d["contents"]))


def _with_free(places, on):
    for place in places:
        place.free = services.free_places(place, on)
    return places


@extend_schema(tags=["care"])
class ShelterPlacesView(APIView):
    @extend_schema(operation_id="shelterPlaceList", responses={200: PlaceSerializer(many=True)},
                   parameters=[OpenApiParameter("trajectory", str, description="zoek passende vrije plekken")],
                   summary="Opvangplekken: passende vrije plekken voor een traject, of die van uw organisatie")
    def get(self, request):
        today = timezone.localdate()
        if request.query_params.get("trajectory"):
            trajectory = policy.get_trajectory(request.user, request.query_params["trajectory"],
                                               need=policy.CareAccess.HANDLE)
            found = [place for place, _free in services.search_places(trajectory)]
            return Response(PlaceSerializer(_with_free(found, today), many=True).data)
        places = list(policy.places_managed_by(request.user).select_related("organisation__region"))
        return Response(PlaceSerializer(_with_free(places, today), many=True).data)


@extend_schema(tags=["care"])
class ShelterPlaceView(APIView):
    @extend_schema(operation_id="shelterPlaceUpdate", request=serializer_for(ShelterPlaceForm, "ShelterPlaceInput"),
                   responses={200: PlaceSerializer}, summary="Plekken bijwerken (de aanbieder)")
    def patch(self, request, pk):
        place = policy.places_managed_by(request.user).select_related("organisation__region").filter(pk=pk).first()
        if place is None:
            return problem(404, "Onbekende opvangplek.")
        payload = {"kind": place.kind, "places": place.places, "free_from": place.free_from.isoformat(),
                   "conditions": place.conditions}
        payload.update(request.data if isinstance(request.data, dict) else {})
        try:
            form = bind(ShelterPlaceForm, payload, instance=place)
        except InvalidInput as error:
            return error.response()
        updated = form.save(commit=False)
        updated.updated_at = timezone.now()
        updated.save()
        audit.record(request.user, "update", "shelter_place", place.pk)
        return Response(PlaceSerializer(_with_free([updated], timezone.localdate())[0]).data)
