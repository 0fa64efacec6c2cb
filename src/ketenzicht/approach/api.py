"""API of the basisniveau: the region's criteria, the overview's cells, and one cell read and
updated by the municipality's liaison — the same access rules, form and service as the pages."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import IF_MATCH, InvalidInput, apply, serializer_for
from ketenzicht.regions.models import Municipality, Region

from . import access, queries, services
from .forms import AssessmentForm
from .models import Assessment, Criterion


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.slug")
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    text = serializers.CharField()
    text_en = serializers.CharField()
    source = serializers.CharField()


class StatusSerializer(serializers.Serializer):
    """One cell of the overview; `level` null: not assessed yet (version 0)."""

    municipality = serializers.CharField(source="municipality.cbs_code")
    criterion = serializers.CharField(source="criterion.code")
    level = serializers.CharField(allow_null=True)
    since = serializers.DateField(allow_null=True)
    evidence_link = serializers.CharField()
    evidence_document = serializers.CharField(source="evidence_name", help_text="Naam van het document, of leeg")
    decision_date = serializers.DateField(allow_null=True)
    next_step = serializers.CharField()
    next_step_owner = serializers.CharField()
    next_step_due = serializers.DateField(allow_null=True)
    next_step_is_due = serializers.BooleanField(source="is_due")
    version = serializers.IntegerField()


CRITERIA_PAGE = (50, 200)
STATUS_PAGE = (100, 500)
REGION = OpenApiParameter("region", str, description="Eén regio (zoals ijsselland); zonder: elke regio die u ziet")


def _regions(request):
    """The regions asked for (`region`), or every region whose overview or municipality the user reads."""
    visible = set(access.overview_region_ids(request.user)) | set(Municipality.objects.filter(
        pk__in=access.reading_municipality_ids(request.user)).values_list("region_id", flat=True))
    slug = request.query_params.get("region")
    regions = Region.objects.filter(pk__in=visible).order_by("name")
    if slug is not None:
        regions = regions.filter(slug=slug)
        if not regions:
            raise InvalidInput({"region": ["Onbekende regio, of niet een die u mag zien."]})
    return list(regions)


def _municipalities(request, region):
    """The region's municipalities this user reads: all with the overview, else their own."""
    found = Municipality.objects.filter(region=region).order_by("name")
    if not access.sees_overview(request.user, region):
        found = found.filter(pk__in=access.reading_municipality_ids(request.user))
    code = request.query_params.get("municipality")
    if code:
        found = found.filter(cbs_code=code)
    return list(found)


@extend_schema(tags=["approach"])
class CriteriaView(APIView):
    @extend_schema(operation_id="baselineCriterionList", responses={200: CriterionSerializer(many=True)},
                   parameters=[REGION, *paging.parameters(*CRITERIA_PAGE)],
                   summary="De criteria van het basisniveau, per regio die u ziet")
    def get(self, request):
        criteria = [c for region in _regions(request) for c in queries.criteria(region).select_related("region")]
        page = paging.page_of(request, criteria, *CRITERIA_PAGE)
        return paging.as_array(request, page, CriterionSerializer(page.object_list, many=True).data)


@extend_schema(tags=["approach"])
class StatusesView(APIView):
    @extend_schema(operation_id="baselineStatusList", responses={200: StatusSerializer(many=True)},
                   parameters=[REGION, OpenApiParameter("municipality", str, description="CBS-code, zoals GM0150"),
                               *paging.parameters(*STATUS_PAGE)],
                   summary="Het overzicht: per gemeente en criterium de status, sinds wanneer en de volgende stap")
    def get(self, request):
        regions = _regions(request)
        cells = []
        for region in regions:
            municipalities = _municipalities(request, region)
            data = queries.overview(region, municipalities)
            cells += [_cell(m, c, a) for m, row, _met in data["rows"]
                      for c, a in zip(data["criteria"], row, strict=True)]
        if request.query_params.get("municipality") and not cells:
            raise InvalidInput({"municipality": ["Onbekende gemeente, of niet een die u mag zien."]})
        page = paging.page_of(request, cells, *STATUS_PAGE)
        return paging.as_array(request, page, StatusSerializer(page.object_list, many=True).data)


def _cell(municipality, criterion, assessment):
    if assessment is not None:
        assessment.municipality, assessment.criterion = municipality, criterion
        return assessment
    return Assessment(municipality=municipality, criterion=criterion, level=None, since=None, version=0)


def _etag(cell):
    return f'"baseline-{cell.municipality.cbs_code}-{cell.criterion.code}-{cell.version}"'


@extend_schema(tags=["approach"])
class StatusView(APIView):
    def _cell(self, request, code, criterion):
        municipality = Municipality.objects.select_related("region").filter(cbs_code=code).first()
        if municipality is None or not access.sees_municipality(request.user, municipality):
            raise NotFound("Onbekende gemeente.")
        criterion = get_object_or_404(Criterion, region=municipality.region, code=criterion, retired_at__isnull=True)
        return municipality, criterion, _cell(municipality, criterion, Assessment.objects.filter(
            municipality=municipality, criterion=criterion).first())

    def _answer(self, cell):
        response = Response(StatusSerializer(cell).data)
        response["ETag"] = _etag(cell)
        return response

    @extend_schema(operation_id="baselineStatusRead", responses={200: StatusSerializer},
                   summary="De status van één gemeente op één criterium, met haar ETag")
    def get(self, request, code, criterion):
        return self._answer(self._cell(request, code, criterion)[2])

    @extend_schema(operation_id="baselineStatusUpdate", request=serializer_for(AssessmentForm, "BaselineStatusInput"),
                   responses={200: StatusSerializer}, parameters=[IF_MATCH],
                   summary="De status vastleggen (de aandachtsfunctionaris van de gemeente; vereist If-Match)")
    def patch(self, request, code, criterion):
        municipality, criterion, cell = self._cell(request, code, criterion)
        if not access.keeps(request.user, municipality):
            raise NotFound("Onbekende gemeente.")
        data = request.data
        if isinstance(data, dict) and cell.version:  # a PATCH names what changes; the form checks the whole
            kept = {"level": cell.level, "evidence_link": cell.evidence_link, "next_step": cell.next_step,
                    "next_step_owner": cell.next_step_owner,
                    "decision_date": cell.decision_date.isoformat() if cell.decision_date else None,
                    "next_step_due": cell.next_step_due.isoformat() if cell.next_step_due else None}
            data = {**kept, **data}
        assessment = apply(request, AssessmentForm, lambda cleaned: services.record_assessment(
            request.user, municipality, criterion, expected_version=cell.version, **cleaned),
            etag=_etag(cell), data=data)
        assessment.municipality, assessment.criterion = municipality, criterion
        return self._answer(assessment)
