"""API of the plan of approach: the plans the user reads, one plan with its lines, actions and KPIs
(with their current values), and the analyst's changes — the same rules, forms and services as the
pages. Another region's plan answers 404."""
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import IF_MATCH, InvalidInput, apply, serializer_for
from ketenzicht.regions.models import Region

from . import access, progress, services
from .forms import ActionFields, ActionForm, KpiForm, PlanForm
from .models import Action, Plan

PLAN_PAGE = (20, 100)


class PlanInputForm(PlanForm):
    region = forms.SlugField(label=_("Regio"), max_length=50)


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    line = serializers.IntegerField(source="line_id")
    title = serializers.CharField()
    title_en = serializers.CharField()
    owner = serializers.CharField()
    owner_en = serializers.CharField()
    deadline = serializers.DateField()
    status = serializers.CharField()
    progress_note = serializers.CharField()
    progress_note_en = serializers.CharField()
    is_late = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_is_late(self, action) -> bool:
        return action.is_late()


class KpiSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="kpi.pk")
    line = serializers.IntegerField(source="kpi.line_id", allow_null=True)
    name = serializers.CharField(source="kpi.name")
    name_en = serializers.CharField(source="kpi.name_en")
    metric = serializers.CharField(source="kpi.metric")
    target = serializers.DecimalField(source="kpi.target", max_digits=12, decimal_places=1, coerce_to_string=False)
    direction = serializers.CharField(source="kpi.direction")
    unit = serializers.CharField(source="kpi.unit")
    value = serializers.DecimalField(source="reading.value", max_digits=14, decimal_places=1, allow_null=True,
                                     coerce_to_string=False, help_text="Leeg: nog geen waarde, of een verborgen klein "
                                                                       "aantal (zie valueText)")
    value_text = serializers.CharField(source="reading.text")
    met = serializers.BooleanField(allow_null=True)


class LineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="line.pk")
    kind = serializers.CharField(source="line.kind")
    title = serializers.CharField(source="line.title")
    title_en = serializers.CharField(source="line.title_en")
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    actions = ActionSerializer(many=True)


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.slug")
    title = serializers.CharField()
    title_en = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class PlanDetailSerializer(PlanSerializer):
    lines = LineSerializer(many=True)
    kpis = KpiSerializer(many=True)
    kpis_measured_until = serializers.DateField(allow_null=True)


def _plan(request, pk, keep=False):
    plan = Plan.objects.select_related("region").filter(pk=pk).first()
    if plan is None or not (access.keeps if keep else access.reads)(request.user, plan.region):
        raise NotFound("Onbekend plan.")
    return plan


def _detail(plan):
    lines, loose = progress.of_plan(plan)
    data = PlanSerializer(plan).data
    data.update({"lines": LineSerializer(lines, many=True).data,
                 "kpis": KpiSerializer([k for line in lines for k in line.kpis] + loose, many=True).data,
                 "kpis_measured_until": progress.measured_until(plan)})
    return data


@extend_schema(tags=["plan"])
class PlansView(APIView):
    @extend_schema(operation_id="planList", responses={200: PlanSerializer(many=True)},
                   parameters=paging.parameters(*PLAN_PAGE), summary="De plannen van aanpak van de regio's die u ziet")
    def get(self, request):
        plans = Plan.objects.filter(region__in=access.reading_region_ids(request.user)).select_related("region")
        page = paging.page_of(request, plans, *PLAN_PAGE)
        return paging.as_array(request, page, PlanSerializer(page.object_list, many=True).data)

    @extend_schema(operation_id="planCreate", request=serializer_for(PlanInputForm, "PlanInput"),
                   responses={201: PlanSerializer}, summary="Een plan van aanpak vastleggen (analist of beheerder)")
    def post(self, request):
        def create(data):
            region = Region.objects.filter(slug=data.pop("region")).first()
            if region is None or not access.keeps(request.user, region):
                raise InvalidInput({"region": ["Onbekende regio, of niet een waarvan u het plan bijhoudt."]})
            return services.create_plan(request.user, region, **data)
        plan = apply(request, PlanInputForm, create)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["plan"])
class PlanView(APIView):
    @extend_schema(operation_id="planRead", responses={200: PlanDetailSerializer},
                   summary="Eén plan: ambities of sporen met hun acties, en de KPI's met hun huidige waarde")
    def get(self, request, pk):
        return Response(_detail(_plan(request, pk)))


@extend_schema(tags=["plan"])
class PlanActionsView(APIView):
    @extend_schema(operation_id="planActionCreate", request=serializer_for(ActionForm, "PlanActionInput"),
                   responses={201: ActionSerializer}, summary="Een actie toevoegen aan een ambitie of spoor")
    def post(self, request, pk):
        plan = _plan(request, pk, keep=True)
        action = apply(request, ActionForm, lambda data: services.add_action(request.user, plan, **data), plan=plan)
        return _action(action, status.HTTP_201_CREATED)


@extend_schema(tags=["plan"])
class PlanKpisView(APIView):
    @extend_schema(operation_id="planKpiCreate", request=serializer_for(KpiForm, "PlanKpiInput"),
                   responses={201: KpiSerializer}, summary="Een KPI toevoegen: een berekend cijfer of handmatig")
    def post(self, request, pk):
        plan = _plan(request, pk, keep=True)
        kpi = apply(request, KpiForm, lambda data: services.add_kpi(request.user, plan, **data), plan=plan)
        end = progress.measured_until(plan)
        return Response(KpiSerializer(progress.read_kpi(kpi, plan.starts_on, end)).data, status=status.HTTP_201_CREATED)


def _etag(action):
    return f'"plan-action-{action.pk}-{action.version}"'


def _action(action, code=200):
    response = Response(ActionSerializer(action).data, status=code)
    response["ETag"] = _etag(action)
    return response


@extend_schema(tags=["plan"])
class PlanActionView(APIView):
    def _action(self, request, pk, keep=False):
        action = Action.objects.select_related("line__plan__region").filter(pk=pk).first()
        if action is None or not (access.keeps if keep else access.reads)(request.user, action.line.plan.region):
            raise NotFound("Onbekende actie.")
        return action

    @extend_schema(operation_id="planActionRead", responses={200: ActionSerializer},
                   summary="Eén actie, met haar ETag")
    def get(self, request, pk):
        return _action(self._action(request, pk))

    @extend_schema(operation_id="planActionUpdate", request=serializer_for(ActionFields, "PlanActionUpdate"),
                   parameters=[IF_MATCH], responses={200: ActionSerializer},
                   summary="Eigenaar, deadline, status of voortgang van een actie bijwerken (vereist If-Match)")
    def patch(self, request, pk):
        action = self._action(request, pk, keep=True)
        data = request.data
        if isinstance(data, dict):  # a PATCH names what changes; the form checks the whole
            data = {"title": action.title, "title_en": action.title_en, "owner": action.owner,
                    "owner_en": action.owner_en, "deadline": action.deadline.isoformat(), "status": action.status,
                    "progress_note": action.progress_note, "progress_note_en": action.progress_note_en, **data}
        updated = apply(request, ActionFields, lambda cleaned: services.update_action(
            request.user, action, expected_version=action.version, **cleaned), etag=_etag(action), data=data,
            plan=action.line.plan)
        return _action(updated)

