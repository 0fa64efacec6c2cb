"""API of the staff survey: the rounds of the regions a user reads, a new round (the region's
administrator or analyst), and a round's results, aggregated and with small counts hidden — the
same access rules, form, service and aggregation as the pages. Answering has no API: it is the
public page's, behind the round's link."""
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import InvalidInput, apply, serializer_for
from ketenzicht.regions.models import Region

from . import access, results, services
from .forms import RoundForm
from .models import Round

PAGE = (20, 100)
REGION = OpenApiParameter("region", str, description="Eén regio (zoals ijsselland); zonder: elke regio die u ziet")


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.slug")
    title = serializers.CharField()
    title_en = serializers.CharField()
    version = serializers.CharField(help_text="De versie van de vaste vragenlijst")
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    invited = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["draft", "open", "closed"])


class RoundOutSerializer(RoundSerializer):
    """A round as its region's administrator or analyst reads it: with the link staff answer at."""

    link = serializers.CharField(allow_null=True, help_text="De link voor de medewerkers; alleen voor wie de "
                                                           "rondes beheert, anders leeg")


class OptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    percent = serializers.IntegerField(allow_null=True, help_text="Leeg: minder respondenten dan de drempel")


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    multiple = serializers.BooleanField()
    options = OptionSerializer(many=True)


class ResultSerializer(serializers.Serializer):
    round = RoundSerializer()
    responses = serializers.IntegerField(allow_null=True, help_text="Leeg: minder dan de drempel")
    response_rate = serializers.IntegerField(allow_null=True, help_text="Percentage van de uitgenodigden")
    threshold = serializers.IntegerField(help_text="Aantallen onder deze drempel worden niet getoond")
    questions = QuestionSerializer(many=True)


def _out(request, found):
    link = (request.build_absolute_uri(found.public_path)
            if found.state == "open" and access.manages(request.user, found.region) else None)
    return {**RoundSerializer(found).data, "link": link}


def _visible(request):
    return Round.objects.filter(region_id__in=access.reading_region_ids(request.user)).select_related("region")


def _round(request, pk):
    found = _visible(request).filter(pk=pk).first()
    if found is None:
        raise NotFound("Onbekende ronde.")
    return found


@extend_schema(tags=["survey"])
class RoundsView(APIView):
    @extend_schema(operation_id="surveyRoundList", responses={200: RoundOutSerializer(many=True)},
                   parameters=[REGION, *paging.parameters(*PAGE)],
                   summary="De rondes van de medewerkerspeiling, per regio die u ziet")
    def get(self, request):
        rounds = _visible(request).order_by("region__name", "opens_on", "id")
        slug = request.query_params.get("region")
        if slug is not None:
            rounds = rounds.filter(region__slug=slug)
            if not Region.objects.filter(slug=slug, pk__in=access.reading_region_ids(request.user)).exists():
                raise InvalidInput({"region": ["Onbekende regio, of niet een die u mag zien."]})
        page = paging.page_of(request, rounds, *PAGE)
        return paging.as_array(request, page, [_out(request, r) for r in page.object_list])

    @extend_schema(operation_id="surveyRoundCreate", request=serializer_for(RoundForm, "SurveyRoundInput", extra={
        "region": serializers.SlugField(help_text="De regio, zoals ijsselland")}),
        responses={201: RoundOutSerializer},
        summary="Een nieuwe ronde in voorbereiding (functioneel beheerder of analist van de regio)")
    def post(self, request):
        slug = request.data.get("region") if isinstance(request.data, dict) else None
        region = Region.objects.filter(slug=slug, pk__in=access.managing_region_ids(request.user)).first() \
            if isinstance(slug, str) else None
        if region is None:
            raise InvalidInput({"region": ["Onbekende regio, of niet een waarvan u de peiling beheert."]})
        found = apply(request, RoundForm, lambda data: services.create_round(request.user, region, **data),
                      extra=("region",))
        return Response(_out(request, found), status=status.HTTP_201_CREATED)


@extend_schema(tags=["survey"])
class RoundView(APIView):
    @extend_schema(operation_id="surveyRoundRead", responses={200: RoundOutSerializer},
                   summary="Eén ronde van de medewerkerspeiling")
    def get(self, request, pk):
        return Response(_out(request, _round(request, pk)))


@extend_schema(tags=["survey"])
class ResultsView(APIView):
    @extend_schema(operation_id="surveyRoundResults", responses={200: ResultSerializer},
                   summary="De uitkomsten van één ronde: percentages van de respondenten, kleine aantallen verborgen")
    def get(self, request, pk):
        found = _round(request, pk)
        column = results.columns(found.region, [found])[0]
        threshold = found.region.suppression_threshold
        questions = [{"code": q.code, "label": str(q.label), "multiple": q.multiple, "options": [
            {"code": code, "label": str(label), "percent": column.cells[q.code, code].percent}
            for code, label in q.choices(found.region)]} for q in found.questions]
        return Response({"round": RoundSerializer(found).data,
                         "responses": column.responses if column.responses >= threshold else None,
                         "response_rate": column.rate, "threshold": threshold, "questions": questions})
