"""API for care coordination: the same policy, forms and services as the workbench."""
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import IF_MATCH, apply, serializer_for
from ketenzicht.lib.keyset_union import api_union_window
from ketenzicht.lib.problems import problem
from ketenzicht.privacy import audit, policy

from . import access, lists, services
from .forms import ConsentForm, HandOverForm, PlacementForm, ShelterPlaceForm, TrajectoryForm
from .models import Trajectory


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
                for c in access.listed_consents(self.context["request"].user, t)]

    def get_placements(self, t) -> list[dict]:
        placements = getattr(t, "page_placements", None)
        if placements is None:
            placements = t.placements.select_related("place__organisation")
        return [{"place": p.place_id, "provider": p.place.organisation.name, "start": p.start.isoformat(),
                 "end": p.end.isoformat() if p.end else None} for p in placements]


class TrajectoryStatusSerializer(serializers.Serializer):
    """What a care meeting sees of a trajectory: access.STATUS_FIELDS, nothing of its content."""

    reference = serializers.CharField()
    municipality = serializers.CharField(source="municipality.cbs_code")
    phase = serializers.CharField()
    status = serializers.CharField()
    blocked = serializers.BooleanField()
    review_on = serializers.DateField()
    coordinator = serializers.SerializerMethodField()

    def get_coordinator(self, t) -> str | None:
        return (t.coordinator.get_full_name() or t.coordinator.username) if t.coordinator else None


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


TRAJECTORY_PAGE = (200, 200)  # default and maximum: the default holds what the list answered before pages
STATUS_PAGE = (50, 200)
PLACE_PAGE = (100, 200)  # an organisation's places, or the places fitting a trajectory: a few per provider


@extend_schema(tags=["care"])
class TrajectoriesView(APIView):
    @extend_schema(operation_id="careTrajectoryList", responses={200: TrajectorySerializer(many=True)},
                   parameters=paging.parameters(*TRAJECTORY_PAGE, cursor=True),
                   summary="Zorgtrajecten die u mag zien, naar status en evaluatiedatum")
    def get(self, request):
        window = api_union_window(request, lists.REGISTER, access.trajectory_scopes(request.user), lists.api_rows,
                                  *TRAJECTORY_PAGE)
        audit.record_list(request.user, "trajectory", [t.pk for t in window])
        return paging.window_as_array(request, window,
                                      TrajectorySerializer(window.rows, many=True, context={"request": request}).data)

    @extend_schema(operation_id="careTrajectoryCreate", request=serializer_for(TrajectoryForm, "TrajectoryInput"),
                   responses={201: TrajectorySerializer}, summary="Een zorgtraject openen")
    def post(self, request):
        if not access.coordinates_care(request.user):
            return problem(403, "Alleen de zorgcoördinator opent zorgtrajecten.")
        trajectory = apply(request, TrajectoryForm, lambda data: services.open_trajectory(request.user, **{
            **data, "birth_date": data["birth_date"].isoformat() if data.get("birth_date") else ""}),
            municipalities=access.coordinated_municipalities(request.user))
        return Response(TrajectorySerializer(trajectory, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=["care"])
class TrajectoryStatusesView(APIView):
    @extend_schema(operation_id="careTrajectoryStatusList", responses={200: TrajectoryStatusSerializer(many=True)},
                   parameters=paging.parameters(*STATUS_PAGE, cursor=True),
                   summary="De stand van de zorgtrajecten die uw zorgoverleg volgt")
    def get(self, request):
        """As the care meeting's page: empty for whoever sits at no care meeting; a page is logged."""
        window = api_union_window(request, lists.CARE_MEETING, access.care_meeting_scopes(request.user),
                                  lists.status_rows, *STATUS_PAGE)
        audit.record_list(request.user, "trajectory", [t.pk for t in window], reason="care_meeting")
        return paging.window_as_array(request, window, TrajectoryStatusSerializer(window.rows, many=True).data)


@extend_schema(tags=["care"])
class TrajectoryView(APIView):
    @extend_schema(operation_id="careTrajectoryRead", responses={200: TrajectorySerializer}, summary="Eén zorgtraject")
    def get(self, request, pk):
        return Response(TrajectorySerializer(policy.open(request.user, Trajectory, pk),
                                             context={"request": request}).data)


def _handled(request, pk):
    return policy.open(request.user, Trajectory, pk, action="handle")


def _changed(request, trajectory):
    trajectory.refresh_from_db()
    return Response(TrajectorySerializer(trajectory, context={"request": request}).data,
                    status=status.HTTP_201_CREATED)


@extend_schema(tags=["care"])
class ConsentsView(APIView):
    @extend_schema(operation_id="careConsentCreate", request=serializer_for(ConsentForm, "ConsentInput"),
                   responses={201: TrajectorySerializer}, summary="Toestemming vastleggen")
    def post(self, request, pk):
        trajectory = _handled(request, pk)
        apply(request, ConsentForm, lambda data: services.record_consent(request.user, trajectory, **data))
        return _changed(request, trajectory)


@extend_schema(tags=["care"])
class PlacementsView(APIView):
    @extend_schema(operation_id="carePlacementCreate", request=serializer_for(PlacementForm, "PlacementInput"),
                   responses={201: TrajectorySerializer}, summary="Plaatsen in een opvangplek")
    def post(self, request, pk):
        trajectory = _handled(request, pk)
        apply(request, PlacementForm, lambda data: services.place(request.user, trajectory, data["place"], data["start"]))
        return _changed(request, trajectory)


@extend_schema(tags=["care"])
class HandOversView(APIView):
    @extend_schema(operation_id="careHandOverCreate", request=serializer_for(HandOverForm, "HandOverInput"),
                   responses={201: TrajectorySerializer}, summary="Het dossier overdragen (met toestemming)")
    def post(self, request, pk):
        trajectory = _handled(request, pk)
        apply(request, HandOverForm,
              lambda data: services.hand_over(request.user, trajectory, data["organisation"], data["contents"]))
        return _changed(request, trajectory)


def _with_free(places, on):
    free = services.free_of(places, on)
    for place in places:
        place.free = free[place.pk]
    return places


@extend_schema(tags=["care"])
class ShelterPlacesView(APIView):
    @extend_schema(operation_id="shelterPlaceList", responses={200: PlaceSerializer(many=True)},
                   parameters=[OpenApiParameter("trajectory", str, description="zoek passende vrije plekken"),
                               *paging.parameters(*PLACE_PAGE)],
                   summary="Opvangplekken: passende vrije plekken voor een traject, of die van uw organisatie")
    def get(self, request):
        today = timezone.localdate()
        if request.query_params.get("trajectory"):
            trajectory = policy.open(request.user, Trajectory, request.query_params["trajectory"],
                                               action="handle")
            places = [place for place, _free in services.search_places(trajectory)]
        else:
            places = list(access.places_managed_by(request.user).select_related("organisation__region"))
        page = paging.page_of(request, places, *PLACE_PAGE)
        return paging.as_array(request, page, PlaceSerializer(_with_free(page.object_list, today), many=True).data)


def _place_response(place):
    response = Response(PlaceSerializer(_with_free([place], timezone.localdate())[0]).data)
    response["ETag"] = place.etag
    return response


@extend_schema(tags=["care"])
class ShelterPlaceView(APIView):
    def _place(self, request, pk):
        place = access.places_managed_by(request.user).select_related("organisation__region").filter(pk=pk).first()
        if place is None:
            raise NotFound("Onbekende opvangplek.")
        return place

    @extend_schema(operation_id="shelterPlaceRead", responses={200: PlaceSerializer},
                   summary="Eén opvangplek van uw organisatie, met haar ETag")
    def get(self, request, pk):
        return _place_response(self._place(request, pk))

    @extend_schema(operation_id="shelterPlaceUpdate", request=serializer_for(ShelterPlaceForm, "ShelterPlaceInput"),
                   responses={200: PlaceSerializer}, parameters=[IF_MATCH],
                   summary="Plekken bijwerken (de aanbieder; vereist If-Match)")
    def patch(self, request, pk):
        place = self._place(request, pk)
        data = request.data
        if isinstance(data, dict):  # a PATCH names what changes; the form checks the whole
            data = {"kind": place.kind, "places": place.places, "free_from": place.free_from.isoformat(),
                    "conditions": place.conditions, **data}
        apply(request, ShelterPlaceForm,
              lambda cleaned: services.update_shelter_place(request.user, place, cleaned, place.version),
              etag=place.etag, data=data, instance=place)
        return _place_response(place)
