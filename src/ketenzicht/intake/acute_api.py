"""API endpoints for the acute route and for calling in the care coordinator. Thin like the pages:
the same forms, the same services. Neither changes the signal's own fields (each adds a row of its
own, once), so neither asks for If-Match."""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib.forms_bridge import apply, serializer_for
from ketenzicht.privacy import policy

from . import access, acute
from .forms import AcuteInterventionForm, CareCallInForm
from .models import AcuteParty, Signal

AcuteInterventionInput = serializer_for(AcuteInterventionForm, "AcuteInterventionInput")
CareCallInInput = serializer_for(CareCallInForm, "CareCallInInput")


class AcutePartySerializer(serializers.Serializer):
    """One organisation on the acute route: whether it has recorded its intervention, and what
    (`text` only for its own organisation and for those who see the signal)."""

    party = serializers.ChoiceField(choices=AcuteParty.choices)
    organisation = serializers.IntegerField(source="organisation.pk")
    organisation_name = serializers.CharField(source="organisation.name")
    recorded = serializers.BooleanField()
    acted_at = serializers.DateTimeField(allow_null=True)
    recorded_at = serializers.DateTimeField(allow_null=True)
    recorded_by = serializers.CharField(allow_null=True)
    text = serializers.CharField(allow_null=True)


class AcuteRouteSerializer(serializers.Serializer):
    signal = serializers.UUIDField()
    is_acute = serializers.BooleanField()
    parties = AcutePartySerializer(many=True)
    my_organisations = serializers.ListField(child=serializers.IntegerField(),
                                             help_text="Organisations (ids) for which you may record an intervention.")


class CareCallInSerializer(serializers.Serializer):
    signal = serializers.UUIDField(source="signal_id")
    called_by = serializers.CharField(source="called_by.username", allow_null=True)
    reason = serializers.CharField()
    at = serializers.DateTimeField()


def _route(request, signal):
    rows = []
    for row in acute.route_state(request.user, signal):
        done = row["intervention"]
        rows.append({"party": row["party"], "organisation": row["organisation"], "recorded": done is not None,
                     "acted_at": done.acted_at if done else None, "recorded_at": done.recorded_at if done else None,
                     "recorded_by": done.recorded_by.username if done and done.recorded_by else None,
                     "text": done.text if row["readable"] else None})
    return AcuteRouteSerializer({"signal": signal.pk, "is_acute": access.is_acute(signal), "parties": rows,
                                 "my_organisations": sorted(access.acute_organisations(request.user, signal))}).data


@extend_schema(tags=["signals"])
class AcuteRouteView(APIView):
    @extend_schema(operation_id="signalAcuteRouteRead", responses={200: AcuteRouteSerializer},
                   summary="De acute route: wie heeft de eigen interventie vastgelegd")
    def get(self, request, pk):
        signal = acute.open_route(request.user, pk)
        return Response(_route(request, signal))

    @extend_schema(operation_id="signalAcuteInterventionCreate", request=AcuteInterventionInput,
                   responses={201: AcuteRouteSerializer,
                              409: OpenApiResponse(description="Deze organisatie legde haar interventie al vast")},
                   summary="De eigen acute interventie vastleggen (politie, OM, gemeente, zorgcoördinator)")
    def post(self, request, pk):
        signal = acute.open_route(request.user, pk)
        organisations = access.acute_organisations(request.user, signal)
        apply(request, AcuteInterventionForm,
              lambda data: acute.record_intervention(request.user, signal, data["text"], data.get("acted_at"),
                                                     data.get("organisation")),
              organisations=organisations.items())
        return Response(_route(request, signal), status=status.HTTP_201_CREATED)


@extend_schema(tags=["signals"])
class CareCallInView(APIView):
    @extend_schema(operation_id="signalCareCallInCreate", request=CareCallInInput,
                   responses={201: CareCallInSerializer,
                              409: OpenApiResponse(description="De zorgcoördinator is al ingeschakeld")},
                   summary="De zorgcoördinator inschakelen zonder te escaleren")
    def post(self, request, pk):
        signal = policy.open(request.user, Signal, pk)
        call_in = apply(request, CareCallInForm, lambda data: acute.call_in_care(request.user, signal, data["reason"]))
        return Response(CareCallInSerializer(call_in).data, status=status.HTTP_201_CREATED)
