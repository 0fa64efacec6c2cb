"""API for integral inspections: the same policy, forms and services as the pages."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import apply, serializer_for
from ketenzicht.lib.problems import problem
from ketenzicht.privacy import audit, policy

from . import access, lists, services
from .forms import FindingForm, InspectionForm, SignalForm
from .models import Inspection

INSPECTION_PAGE = (50, 200)


class FindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.IntegerField(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.name")
    text = serializers.CharField()
    points_to_trafficking = serializers.BooleanField()
    recorded_at = serializers.DateTimeField()
    signal = serializers.SerializerMethodField()

    def get_signal(self, finding) -> str | None:
        return str(finding.signal_id) if finding.signal_id else None


class InspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    municipality = serializers.CharField(source="municipality.cbs_code")
    planned_on = serializers.DateField()
    address = serializers.CharField()
    business_name = serializers.CharField()
    kvk_number = serializers.CharField()
    purpose = serializers.CharField()
    status = serializers.CharField()
    partners = serializers.SerializerMethodField()

    def get_partners(self, inspection) -> list[int]:
        return sorted(p.pk for p in inspection.partners.all())


class InspectionDetailSerializer(InspectionSerializer):
    findings = serializers.SerializerMethodField()

    def get_findings(self, inspection) -> list[dict]:
        return FindingSerializer(access.findings_for(self.context["request"].user, inspection), many=True).data


class SignalMadeSerializer(serializers.Serializer):
    signal = serializers.UUIDField(source="pk")
    reference = serializers.CharField()


def _detail(request, inspection, code=200):
    return Response(InspectionDetailSerializer(inspection, context={"request": request}).data, status=code)


@extend_schema(tags=["inspections"])
class InspectionsView(APIView):
    @extend_schema(operation_id="inspectionList", responses={200: InspectionSerializer(many=True)},
                   parameters=paging.parameters(*INSPECTION_PAGE, cursor=True),
                   summary="Integrale controles van uw gemeente of waaraan uw organisatie deelneemt")
    def get(self, request):
        window = paging.window_of(request, policy.visible(request.user, Inspection).select_related("municipality")
                                  .prefetch_related("partners"), lists.INSPECTIONS, *INSPECTION_PAGE)
        audit.record_list(request.user, "inspection", [i.pk for i in window])
        return paging.window_as_array(request, window, InspectionSerializer(window.rows, many=True).data)

    @extend_schema(operation_id="inspectionCreate", request=serializer_for(InspectionForm, "InspectionInput"),
                   responses={201: InspectionDetailSerializer},
                   summary="Een integrale controle plannen (aandachtsfunctionaris of vergunningverlener)")
    def post(self, request):
        if not access.plans_inspections(request.user):
            return problem(403, "Alleen de aandachtsfunctionaris of vergunningverlener van de gemeente plant controles.")
        inspection = apply(request, InspectionForm, lambda data: services.plan(
            request.user, data["municipality"], data), user=request.user)
        return _detail(request, inspection, status.HTTP_201_CREATED)


@extend_schema(tags=["inspections"])
class InspectionView(APIView):
    @extend_schema(operation_id="inspectionRead", responses={200: InspectionDetailSerializer},
                   summary="Eén controle met de bevindingen die u mag zien")
    def get(self, request, pk):
        return _detail(request, policy.open(request.user, Inspection, pk))


@extend_schema(tags=["inspections"])
class FindingsView(APIView):
    @extend_schema(operation_id="inspectionFindingCreate", request=serializer_for(FindingForm, "FindingInput"),
                   responses={201: InspectionDetailSerializer},
                   summary="Een bevinding vastleggen namens uw deelnemende organisatie")
    def post(self, request, pk):
        inspection = policy.get(request.user, Inspection, pk)
        apply(request, FindingForm, lambda data: services.record_finding(
            request.user, inspection, data["organisation"], data["text"], data["points_to_trafficking"]),
            user=request.user, inspection=inspection)
        return _detail(request, inspection, status.HTTP_201_CREATED)


@extend_schema(tags=["inspections"])
class FindingSignalView(APIView):
    @extend_schema(operation_id="inspectionFindingSignalCreate", request=serializer_for(SignalForm, "FindingSignalInput"),
                   responses={201: SignalMadeSerializer},
                   summary="Van een bevinding een signaal maken (eenmaal), in de gemeente van de controle")
    def post(self, request, pk, finding):
        inspection = policy.get(request.user, Inspection, pk)
        found = access.fetch_finding(inspection, finding)
        if found is None or not access.findings_for(request.user, inspection).filter(pk=found.pk).exists():
            raise NotFound("Deze bevinding bestaat niet of u heeft er geen toegang toe.")
        signal = apply(request, SignalForm, lambda data: services.make_signal(
            request.user, found, data["exploitation_forms"]))
        return Response(SignalMadeSerializer(signal).data, status=status.HTTP_201_CREATED)
