"""API of the permit register and Bibob requests: the same policy, forms and services as the pages."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import IF_MATCH, apply, serializer_for
from ketenzicht.lib.keyset_union import api_union_window
from ketenzicht.lib.problems import problem
from ketenzicht.privacy import audit, policy

from . import access, lists, services
from .forms import BibobChangeForm, BibobForm, PermitChangeForm, PermitForm
from .models import BibobRequest, Permit

PAGE = (50, 200)  # default and maximum


class PermitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    municipality = serializers.CharField(source="municipality.cbs_code")
    kind = serializers.CharField()
    business_name = serializers.CharField()
    kvk_number = serializers.CharField()
    address = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    conditions = serializers.CharField()
    bibob_outcome = serializers.CharField()
    status = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)
    end_reference = serializers.CharField()
    version = serializers.IntegerField()


class BibobRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    municipality = serializers.CharField(source="municipality.cbs_code")
    subject_name = serializers.CharField()
    kvk_number = serializers.CharField()
    reason = serializers.CharField()
    advice_requested_on = serializers.DateField(allow_null=True)
    advice_received_on = serializers.DateField(allow_null=True)
    advice = serializers.CharField()
    outcome = serializers.CharField()
    decision = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    permit = serializers.CharField(source="permit_id", allow_null=True)
    signal = serializers.UUIDField(source="signal_id", allow_null=True)
    case = serializers.UUIDField(source="case_id", allow_null=True)
    version = serializers.IntegerField()


def _with_etag(data, obj, code=status.HTTP_200_OK):
    response = Response(data, status=code)
    response["ETag"] = obj.etag
    return response


def _as_text_ids(data):
    """A permit id sent as a number, as the API answers it, is taken as the form's text."""
    if isinstance(data, dict) and isinstance(data.get("permit"), int) and not isinstance(data["permit"], bool):
        return {**data, "permit": str(data["permit"])}
    return data


@extend_schema(tags=["permits"])
class PermitsView(APIView):
    @extend_schema(operation_id="permitList", responses={200: PermitSerializer(many=True)},
                   parameters=paging.parameters(*PAGE, cursor=True),
                   summary="Vergunningen voor seksinrichtingen en escortbedrijven van uw gemeente, nieuwste eerst")
    def get(self, request):
        window = api_union_window(request, lists.PERMITS, access.permit_scopes(request.user), lists.permit_rows, *PAGE)
        audit.record_list(request.user, "permit", [p.pk for p in window])
        return paging.window_as_array(request, window, PermitSerializer(window.rows, many=True).data)

    @extend_schema(operation_id="permitCreate", request=serializer_for(PermitForm, "PermitInput"),
                   responses={201: PermitSerializer},
                   summary="Een verleende vergunning registreren (binnen het maximum van de APV)")
    def post(self, request):
        if not access.keeps_permits(request.user):
            return problem(403, "Alleen de vergunningverlener van de gemeente registreert vergunningen.")
        permit = apply(request, PermitForm, lambda data: services.register_permit(
            request.user, data["municipality"], data), municipalities=access.kept_municipalities(request.user))
        return _with_etag(PermitSerializer(permit).data, permit, status.HTTP_201_CREATED)


@extend_schema(tags=["permits"])
class PermitView(APIView):
    @extend_schema(operation_id="permitRead", responses={200: PermitSerializer}, summary="Eén vergunning, met ETag")
    def get(self, request, pk):
        permit = policy.open(request.user, Permit, pk)
        return _with_etag(PermitSerializer(permit).data, permit)

    @extend_schema(operation_id="permitUpdate", request=serializer_for(PermitChangeForm, "PermitPatch"),
                   responses={200: PermitSerializer}, parameters=[IF_MATCH],
                   summary="Een vergunning wijzigen (vereist If-Match)")
    def patch(self, request, pk):
        permit = policy.open(request.user, Permit, pk, action="change")
        data = request.data
        if isinstance(data, dict):  # a PATCH names what changes; the form checks the whole
            current = {name: getattr(permit, name) for name in PermitChangeForm.base_fields}
            data = {**{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in current.items()}, **data}
        apply(request, PermitChangeForm,
              lambda cleaned: services.update_permit(request.user, permit, cleaned, permit.version),
              etag=permit.etag, data=data)
        return _with_etag(PermitSerializer(permit).data, permit)


@extend_schema(tags=["permits"])
class BibobRequestsView(APIView):
    @extend_schema(operation_id="bibobRequestList", responses={200: BibobRequestSerializer(many=True)},
                   parameters=paging.parameters(*PAGE, cursor=True),
                   summary="Bibob-verzoeken van uw gemeente, nieuwste eerst")
    def get(self, request):
        window = api_union_window(request, lists.BIBOB, access.bibob_scopes(request.user), lists.bibob_rows, *PAGE)
        audit.record_list(request.user, "bibob_request", [b.pk for b in window])
        return paging.window_as_array(request, window, BibobRequestSerializer(window.rows, many=True).data)

    @extend_schema(operation_id="bibobRequestCreate", request=serializer_for(BibobForm, "BibobRequestInput"),
                   responses={201: BibobRequestSerializer}, summary="Een Bibob-verzoek vastleggen")
    def post(self, request):
        if not access.keeps_bibob(request.user):
            return problem(403, "Alleen de vergunningverlener en het bureau burgemeester van de gemeente leggen "
                                "Bibob-verzoeken vast.")
        bibob = apply(request, BibobForm, lambda data: services.create_bibob(request.user, data["municipality"], data),
                      data=_as_text_ids(request.data), municipalities=access.bibob_municipalities(request.user))
        return _with_etag(BibobRequestSerializer(bibob).data, bibob, status.HTTP_201_CREATED)


@extend_schema(tags=["permits"])
class BibobRequestView(APIView):
    @extend_schema(operation_id="bibobRequestRead", responses={200: BibobRequestSerializer},
                   summary="Eén Bibob-verzoek, met ETag")
    def get(self, request, pk):
        bibob = policy.open(request.user, BibobRequest, pk)
        return _with_etag(BibobRequestSerializer(bibob).data, bibob)

    @extend_schema(operation_id="bibobRequestUpdate", request=serializer_for(BibobChangeForm, "BibobRequestPatch"),
                   responses={200: BibobRequestSerializer}, parameters=[IF_MATCH],
                   summary="Advies, uitkomst en besluit vastleggen (vereist If-Match)")
    def patch(self, request, pk):
        bibob = policy.open(request.user, BibobRequest, pk, action="change")
        data = _as_text_ids(request.data)
        if isinstance(data, dict):
            current = {name: getattr(bibob, name) for name in BibobChangeForm.base_fields
                       if name not in ("permit", "signal", "case")}
            current = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in current.items() if v is not None}
            current.update({k: str(v) for k, v in (("permit", bibob.permit_id), ("signal", bibob.signal_id),
                                                   ("case", bibob.case_id)) if v})
            data = {**current, **data}
        apply(request, BibobChangeForm,
              lambda cleaned: services.update_bibob(request.user, bibob, cleaned, bibob.version),
              etag=bibob.etag, data=data)
        return _with_etag(BibobRequestSerializer(bibob).data, bibob)
