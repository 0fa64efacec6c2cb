"""API of the region's shared costs: the costs a user may see, one cost read and changed by the
region's administrator (If-Match), and its split. Amounts are strings with two decimals and a
point ("8265.62"): exact, as JSON numbers are not. Same access rules, form and service as the
pages."""
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.errors import Invalid
from ketenzicht.lib.forms_bridge import IF_MATCH, InvalidInput, bind
from ketenzicht.lib.problems import require_if_match
from ketenzicht.regions.models import Region

from . import access, services
from .forms import CostApiForm
from .models import SharedCost, Weight

MONEY = {"max_digits": 12, "decimal_places": 2}
# the API's names, the form's names inside
FIELDS = {"year": "year", "function": "function", "label": "label", "label_en": "label_en", "amount": "amount",
          "key_kind": "key_kind", "fixed_part": "fixed_part", "reference_date": "reference_date",
          "remainder_rule": "remainder_rule"}
NAMES = {inner: outer for outer, inner in FIELDS.items()}
MAX_WEIGHTS = 500


class CostWeightSerializer(serializers.Serializer):
    municipality = serializers.CharField(help_text="CBS-code, zoals GM0193")
    weight = serializers.IntegerField(min_value=0, help_text="Inwoners op de peildatum, of het eigen gewicht")


class SharedCostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.slug")
    year = serializers.IntegerField()
    function = serializers.CharField()
    label = serializers.CharField()
    label_en = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    key_kind = serializers.CharField()
    fixed_part = serializers.DecimalField(**MONEY)
    reference_date = serializers.DateField(allow_null=True)
    remainder_rule = serializers.CharField()
    weights = CostWeightSerializer(many=True, source="weight_list")
    version = serializers.IntegerField()


class SharedCostInputSerializer(serializers.Serializer):
    """For the OpenAPI document: what POST and PATCH take (weights left out: the inhabitants the
    region holds for the reference date)."""

    year = serializers.IntegerField(min_value=services.FIRST_YEAR, max_value=services.LAST_YEAR)
    function = serializers.ChoiceField(choices=["care_coordinator", "table", "training", "other"])
    label = serializers.CharField(max_length=200)
    label_en = serializers.CharField(max_length=200)
    amount = serializers.CharField(help_text="Bedrag in euro als tekst met een punt, zoals 81148.00")
    key_kind = serializers.ChoiceField(choices=["inhabitants", "fixed_plus_inhabitants", "own_weights"])
    fixed_part = serializers.CharField(required=False, allow_null=True)
    reference_date = serializers.DateField(required=False, allow_null=True)
    remainder_rule = serializers.ChoiceField(choices=["leave", "largest_remainder"])
    weights = CostWeightSerializer(many=True, required=False, allow_null=True)


class CostShareSerializer(serializers.Serializer):
    municipality = serializers.CharField(source="name.cbs_code")
    name = serializers.CharField(source="name.name")
    weight = serializers.IntegerField()
    percentage = serializers.DecimalField(**MONEY, help_text="Procent van het budget, op twee decimalen")
    amount = serializers.DecimalField(**MONEY)


class CostAllocationSerializer(serializers.Serializer):
    cost = serializers.IntegerField()
    budget = serializers.DecimalField(**MONEY)
    remainder_rule = serializers.CharField(source="rule")
    total = serializers.DecimalField(**MONEY, help_text="De som van de afgeronde aandelen")
    difference = serializers.DecimalField(**MONEY, help_text="De som min het budget")
    explanation = serializers.CharField()
    shares = CostShareSerializer(many=True)


PAGE = (50, 200)
REGION = OpenApiParameter("region", str, description="Eén regio (zoals ijsselland); zonder: elke regio die u ziet")
YEAR = OpenApiParameter("year", {"type": "integer", "minimum": services.FIRST_YEAR, "maximum": services.LAST_YEAR},
                        description="Eén jaar")


def _with_weights(costs):
    costs = list(costs.select_related("region").prefetch_related(
        Prefetch("weights", queryset=Weight.objects.select_related("municipality").order_by("municipality__name"))))
    for cost in costs:
        cost.weight_list = [{"municipality": w.municipality.cbs_code, "weight": w.weight} for w in cost.weights.all()]
    return costs


def _etag(cost):
    return f'"shared-cost-{cost.pk}-{cost.version}"'


def _input(payload):
    """The JSON's fields as the form and service take them; errors named as the client sent them."""
    if not isinstance(payload, dict):
        raise InvalidInput({"__all__": ["Verwacht een JSON-object."]})
    unknown = [k for k in payload if k not in FIELDS and k != "weights"]
    if unknown:
        raise InvalidInput({unknown[0]: ["Onbekend veld."]})
    try:
        form = bind(CostApiForm, {FIELDS[k]: v for k, v in payload.items() if k in FIELDS})
    except InvalidInput as error:
        raise InvalidInput({NAMES.get(k, k): v for k, v in error.errors.items()}) from None
    return {**form.cleaned_data, "weights": _weights(payload.get("weights"))}


def _weights(raw):
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) > MAX_WEIGHTS:
        raise InvalidInput({"weights": [f"Verwacht een lijst van ten hoogste {MAX_WEIGHTS} gewichten."]})
    weights = {}
    for i, item in enumerate(raw):
        serializer = CostWeightSerializer(data=item)
        if not isinstance(item, dict) or not serializer.is_valid() or not isinstance(item.get("weight"), int):
            raise InvalidInput({f"weights.{i}": ["Verwacht {\"municipality\": \"GM0193\", \"weight\": 129840}."]})
        weights[serializer.validated_data["municipality"]] = serializer.validated_data["weight"]
    return weights


def _renamed(error):
    """A service's refusal names the form's field; the client knows it by its camelCase name."""
    error.errors = {NAMES.get(k, k): v for k, v in error.errors.items()}
    return error


@extend_schema(tags=["costs"])
class CostsView(APIView):
    @extend_schema(operation_id="sharedCostList", responses={200: SharedCostSerializer(many=True)},
                   parameters=[REGION, YEAR, *paging.parameters(*PAGE)],
                   summary="De gedeelde kosten van de regio's die u ziet, per jaar")
    def get(self, request):
        costs = SharedCost.objects.filter(region__in=access.reading_region_ids(request.user))
        slug = request.query_params.get("region")
        if slug is not None:
            costs = costs.filter(region__slug=slug)
        year = request.query_params.get("year")
        if year is not None:
            if not year.isdigit() or not services.FIRST_YEAR <= int(year) <= services.LAST_YEAR:
                raise InvalidInput({"year": [_("Kies een jaar van %(first)s tot en met %(last)s.") % {
                    "first": services.FIRST_YEAR, "last": services.LAST_YEAR}]})
            costs = costs.filter(year=int(year))
        page = paging.page_of(request, costs.order_by("-year", "id"), *PAGE)
        return paging.as_array(request, page, SharedCostSerializer(_with_weights(
            SharedCost.objects.filter(pk__in=[c.pk for c in page.object_list]).order_by("-year", "id")),
            many=True).data)

    @extend_schema(operation_id="sharedCostCreate", request=SharedCostInputSerializer, responses={201: SharedCostSerializer},
                   summary="Kosten vastleggen (de functioneel beheerder van de regio)")
    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        slug = data.get("region")
        region = Region.objects.filter(slug=slug).first() if isinstance(slug, str) else None
        if region is None or not access.keeps(request.user, region):
            raise InvalidInput({"region": ["Onbekende regio, of niet een die u beheert."]})
        try:
            cost = services.add_cost(request.user, region, **_input(
                {k: v for k, v in data.items() if k != "region"}))
        except InvalidInput:
            raise
        except Invalid as error:
            raise _renamed(error) from None
        cost = _with_weights(SharedCost.objects.filter(pk=cost.pk))[0]
        response = Response(SharedCostSerializer(cost).data, status=status.HTTP_201_CREATED)
        response["ETag"] = _etag(cost)
        return response


def _cost(request, pk):
    cost = SharedCost.objects.filter(pk=pk, region__in=access.reading_region_ids(request.user)).first()
    if cost is None:
        raise NotFound("Onbekende kosten.")
    return cost


@extend_schema(tags=["costs"])
class CostView(APIView):
    def _answer(self, cost):
        cost = _with_weights(SharedCost.objects.filter(pk=cost.pk))[0]
        response = Response(SharedCostSerializer(cost).data)
        response["ETag"] = _etag(cost)
        return response

    @extend_schema(operation_id="sharedCostRead", responses={200: SharedCostSerializer},
                   summary="Eén post gedeelde kosten met haar verdeelsleutel en ETag")
    def get(self, request, pk):
        return self._answer(_cost(request, pk))

    @extend_schema(operation_id="sharedCostUpdate", request=SharedCostInputSerializer, responses={200: SharedCostSerializer},
                   parameters=[IF_MATCH], summary="Kosten wijzigen (de functioneel beheerder; vereist If-Match)")
    def patch(self, request, pk):
        cost = _cost(request, pk)
        if not access.keeps(request.user, cost.region):
            raise NotFound("Onbekende kosten.")
        require_if_match(request, _etag(cost))
        data = request.data
        if isinstance(data, dict):  # a PATCH names what changes; the rest stays as it is
            kept = {outer: getattr(cost, inner) for outer, inner in FIELDS.items()}
            kept.update(amount=str(cost.amount), fixed_part=str(cost.fixed_part),
                        reference_date=cost.reference_date.isoformat() if cost.reference_date else None)
            data = {**kept, "weights": [{"municipality": code, "weight": w}
                                        for code, w in services.weights_of(cost).items()], **data}
        try:
            cost = services.update_cost(request.user, cost, expected_version=cost.version,
                                        **_input(data))
        except InvalidInput:
            raise
        except Invalid as error:
            raise _renamed(error) from None
        return self._answer(cost)


@extend_schema(tags=["costs"])
class AllocationView(APIView):
    @extend_schema(operation_id="sharedCostAllocation", responses={200: CostAllocationSerializer},
                   summary="De verdeling over de gemeenten: per gemeente gewicht, percentage en aandeel")
    def get(self, request, pk):
        cost = _cost(request, pk)
        result = services.allocation(cost)
        return Response(CostAllocationSerializer({
            "cost": cost.pk, "budget": result.budget, "rule": result.rule, "total": result.total,
            "difference": result.difference, "explanation": services.difference_text(result),
            "shares": result.shares}).data)
