"""API for administrative measures: the same policy, forms and services as the pages."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import IF_MATCH, apply, serializer_for
from ketenzicht.lib.problems import problem, require_if_match
from ketenzicht.privacy import audit, policy

from . import access, lists, services
from .forms import MeasureForm, OutcomeForm
from .models import LegalGround, Measure

MEASURE_PAGE = (50, 200)


class MeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    municipality = serializers.CharField(source="municipality.cbs_code")
    kind = serializers.CharField()
    ground = serializers.CharField(source="ground.code")
    ground_label = serializers.CharField(source="ground.label")
    decided_on = serializers.DateField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    address = serializers.CharField()
    business_name = serializers.CharField()
    kvk_number = serializers.CharField()
    decision = serializers.CharField()
    track = serializers.IntegerField(source="track_id", allow_null=True)
    signal = serializers.SerializerMethodField()
    permit = serializers.IntegerField(source="permit_id", allow_null=True)
    signed_by = serializers.SerializerMethodField()
    signed_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    outcome_note = serializers.CharField()

    def get_signal(self, measure) -> str | None:
        return measure.signal_id.hex[:8].upper() if measure.signal_id else None

    def get_signed_by(self, measure) -> str | None:
        who = measure.signed_by
        return (who.get_full_name() or who.username) if who else None


class GroundSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    region = serializers.CharField(source="region.slug", allow_null=True, default=None)


def _response(measure, code=200):
    response = Response(MeasureSerializer(measure).data, status=code)
    response["ETag"] = measure.etag
    return response


@extend_schema(tags=["measures"])
class MeasuresView(APIView):
    @extend_schema(operation_id="measureList", responses={200: MeasureSerializer(many=True)},
                   parameters=paging.parameters(*MEASURE_PAGE, cursor=True),
                   summary="Bestuurlijke maatregelen van uw gemeente, nieuwste besluit eerst")
    def get(self, request):
        window = paging.window_of(request, policy.visible(request.user, Measure).select_related(
            "municipality", "ground", "signed_by"), lists.MEASURES, *MEASURE_PAGE)
        audit.record_list(request.user, "measure", [m.pk for m in window])
        return paging.window_as_array(request, window, MeasureSerializer(window.rows, many=True).data)

    @extend_schema(operation_id="measureCreate", request=serializer_for(MeasureForm, "MeasureInput"),
                   responses={201: MeasureSerializer}, summary="Een maatregel vastleggen (bureau burgemeester)")
    def post(self, request):
        if not access.records_measures(request.user):
            return problem(403, "Alleen het bureau van de burgemeester legt maatregelen vast.")
        measure = apply(request, MeasureForm, lambda data: services.record(request.user, data["municipality"], data),
                        user=request.user)
        return _response(measure, status.HTTP_201_CREATED)


@extend_schema(tags=["measures"])
class MeasureView(APIView):
    @extend_schema(operation_id="measureRead", responses={200: MeasureSerializer},
                   summary="Eén maatregel, met haar ETag")
    def get(self, request, pk):
        return _response(policy.open(request.user, Measure, pk))


@extend_schema(tags=["measures"])
class MeasureSignatureView(APIView):
    @extend_schema(operation_id="measureSignatureCreate", request=None, parameters=[IF_MATCH],
                   responses={200: MeasureSerializer},
                   summary="De maatregel ondertekenen; daarna ligt het besluit vast (vereist If-Match)")
    def post(self, request, pk):
        measure = policy.get(request.user, Measure, pk)
        require_if_match(request, measure.etag)
        return _response(services.sign(request.user, measure, measure.version))


@extend_schema(tags=["measures"])
class MeasureOutcomeView(APIView):
    @extend_schema(operation_id="measureOutcomeCreate", request=serializer_for(OutcomeForm, "MeasureOutcomeInput"),
                   parameters=[IF_MATCH], responses={200: MeasureSerializer},
                   summary="De uitkomst van een ondertekende maatregel vastleggen (vereist If-Match)")
    def post(self, request, pk):
        measure = policy.get(request.user, Measure, pk)
        apply(request, OutcomeForm, lambda data: services.record_outcome(
            request.user, measure, data["outcome"], data["outcome_note"], measure.version), etag=measure.etag)
        return _response(measure)


@extend_schema(tags=["measures"])
class LegalGroundsView(APIView):
    @extend_schema(operation_id="legalGroundList", responses={200: GroundSerializer(many=True)},
                   parameters=paging.parameters(100, 200),
                   summary="De wettelijke grondslagen die maatregelen in uw regio kunnen dragen")
    def get(self, request):
        regions = request.user.region_ids() if policy.active(request.user) else set()
        grounds = LegalGround.objects.none()
        for region_id in sorted(regions):
            grounds = grounds | access.grounds_for(region_id)
        page = paging.page_of(request, grounds.select_related("region").distinct().order_by("code", "pk"), 100, 200)
        return paging.as_array(request, page, GroundSerializer(page.object_list, many=True).data)
