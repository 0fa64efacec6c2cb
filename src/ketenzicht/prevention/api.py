"""API for training and awareness: the same access rules, forms and services as the pages. Lists
cover every region the user reads, newest first, a window at a time (lib/keyset.py)."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import apply, bind_many, serializer_for
from ketenzicht.lib.http import int_or_none
from ketenzicht.regions.models import Municipality, Sector

from . import access, lists, queries, services
from .forms import ActivityInputForm, InterventionInputForm, ParticipantsForm, SessionForm

PAGE = (50, 200)


class TrainingInterventionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.slug")
    name = serializers.CharField()
    name_en = serializers.CharField()
    exploitation_forms = serializers.SerializerMethodField()
    target_group = serializers.CharField()
    target_group_en = serializers.CharField()
    scale = serializers.CharField()
    provider = serializers.CharField()
    active = serializers.BooleanField()

    def get_exploitation_forms(self, intervention) -> list[str]:
        return [f.code for f in intervention.forms.all()]


class TrainingParticipantsSerializer(serializers.Serializer):
    sector = serializers.ChoiceField(choices=Sector.choices)
    participants = serializers.IntegerField(min_value=1)


class TrainingSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.slug")
    municipality = serializers.CharField(source="municipality.cbs_code")
    intervention = serializers.IntegerField(source="intervention_id", allow_null=True)
    held_on = serializers.DateField()
    organisations = serializers.SerializerMethodField()
    participants = TrainingParticipantsSerializer(many=True)
    evaluation = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)

    def get_organisations(self, session) -> list[int]:
        return sorted(o.pk for o in session.organisations.all())


class AwarenessActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.slug")
    municipality = serializers.CharField(source="municipality.cbs_code", allow_null=True)
    kind = serializers.CharField()
    title = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    audience = serializers.ListField(child=serializers.CharField())
    reach = serializers.IntegerField()


def _regions(request):
    return access.reading_region_ids(request.user)


def _list(request, items, keyset, serializer):
    window = paging.window_of(request, items.select_related("region"), keyset, *PAGE)
    return paging.window_as_array(request, window, serializer(window.rows, many=True).data)


def _one(items, pk):
    found = items.select_related("region").filter(pk=int_or_none(pk) or 0).first()
    if found is None:
        raise NotFound("Dit bestaat niet of u heeft er geen toegang toe.")
    return found


@extend_schema(tags=["prevention"])
class InterventionsView(APIView):
    @extend_schema(operation_id="trainingInterventionList", responses={200: TrainingInterventionSerializer(many=True)},
                   parameters=paging.parameters(*PAGE, cursor=True),
                   summary="Het trainingsaanbod van de regio's die u leest")
    def get(self, request):
        return _list(request, queries.interventions(_regions(request)), lists.INTERVENTIONS, TrainingInterventionSerializer)

    @extend_schema(operation_id="trainingInterventionCreate",
                   request=serializer_for(InterventionInputForm, "TrainingInterventionInput"),
                   responses={201: TrainingInterventionSerializer},
                   summary="Een interventie aan het aanbod toevoegen (functioneel beheerder)")
    def post(self, request):
        intervention = apply(request, InterventionInputForm, lambda data: services.add_intervention(
            request.user, data["region"], data), region_ids=_regions(request))
        return Response(TrainingInterventionSerializer(intervention).data, status=status.HTTP_201_CREATED)


def _sessions(request):
    return queries.sessions(_regions(request))


@extend_schema(tags=["prevention"])
class SessionsView(APIView):
    @extend_schema(operation_id="trainingSessionList", responses={200: TrainingSessionSerializer(many=True)},
                   parameters=paging.parameters(*PAGE, cursor=True),
                   summary="Gegeven trainingen in de regio's die u leest")
    def get(self, request):
        return _list(request, _sessions(request), lists.SESSIONS, TrainingSessionSerializer)

    @extend_schema(operation_id="trainingSessionCreate",
                   request=serializer_for(SessionForm, "TrainingSessionInput",
                                          {"participants": TrainingParticipantsSerializer(many=True)}),
                   responses={201: TrainingSessionSerializer},
                   summary="Een training vastleggen: per sector het aantal deelnemers (aandachtsfunctionaris)")
    def post(self, request):
        regions = _regions(request)

        def record(data):
            rows = bind_many(ParticipantsForm, request.data.get("participants"), "participants", len(Sector.values))
            return services.record_session(request.user, data["municipality"].region,
                                           {**data, "participants": [row.pair() for row in rows]})
        session = apply(request, SessionForm, record, extra=("participants",), region_ids=regions,
                        municipalities=Municipality.objects.filter(region_id__in=regions))
        return Response(TrainingSessionSerializer(_one(_sessions(request), session.pk)).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["prevention"])
class SessionView(APIView):
    @extend_schema(operation_id="trainingSessionRead", responses={200: TrainingSessionSerializer},
                   summary="Eén training")
    def get(self, request, pk):
        return Response(TrainingSessionSerializer(_one(_sessions(request), pk)).data)


def _activities(request):
    return queries.activities(_regions(request))


@extend_schema(tags=["prevention"])
class ActivitiesView(APIView):
    @extend_schema(operation_id="awarenessActivityList", responses={200: AwarenessActivitySerializer(many=True)},
                   parameters=paging.parameters(*PAGE, cursor=True),
                   summary="Bewustwordingsactiviteiten en campagnes in de regio's die u leest")
    def get(self, request):
        return _list(request, _activities(request), lists.ACTIVITIES, AwarenessActivitySerializer)

    @extend_schema(operation_id="awarenessActivityCreate",
                   request=serializer_for(ActivityInputForm, "AwarenessActivityInput"),
                   responses={201: AwarenessActivitySerializer},
                   summary="Een activiteit of campagne vastleggen; zonder gemeente geldt zij voor de hele regio")
    def post(self, request):
        regions = _regions(request)
        activity = apply(request, ActivityInputForm, lambda data: services.record_activity(
            request.user, data["region"], data), region_ids=regions,
            municipalities=Municipality.objects.filter(region_id__in=regions))
        return Response(AwarenessActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["prevention"])
class ActivityView(APIView):
    @extend_schema(operation_id="awarenessActivityRead", responses={200: AwarenessActivitySerializer},
                   summary="Eén activiteit of campagne")
    def get(self, request, pk):
        return Response(AwarenessActivitySerializer(_one(_activities(request), pk)).data)
