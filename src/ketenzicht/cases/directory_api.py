"""What a partner system reads to fill in the ids it sends: the organisations of its region(s)
(for `invited`, a track's `owner`, a task's `assignee`) and the meetings of its tables with their
agendas (for `meeting`). Scoped by the policy like every list; what is on an agenda is shown only
for the cases the reader may see, so an agenda tells nobody that a case exists."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import InvalidInput
from ketenzicht.lib.http import int_or_none
from ketenzicht.lib.keyset import Keyset
from ketenzicht.privacy import audit, policy
from ketenzicht.regions.models import Organisation, Sector

from . import access
from .models import AgendaItem, Invitation, Meeting

ORGANISATION_PAGE = (100, 200)
# A meeting carries its agenda (at 3M signals some 75 cases a meeting, 208 kB for a page of 100):
# 25 a page keep a page near 50 kB however full the agendas; the maximum stays 200.
MEETINGS_PAGE = (25, 200)
ORGANISATION_LIST = Keyset("organisations", "region__name", "name", "id")
MEETING_LIST = Keyset("meetings", "-starts_at", "-id")


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    sector = serializers.ChoiceField(choices=Sector.choices)
    municipality = serializers.CharField(source="municipality.cbs_code", allow_null=True,
                                         help_text="CBS-code, alleen bij een gemeentelijke organisatie.")
    region = serializers.CharField(source="region.slug")


@extend_schema(tags=["organisations"])
class OrganisationsView(APIView):
    @extend_schema(operation_id="organisationList", responses={200: OrganisationSerializer(many=True)},
                   parameters=[OpenApiParameter("region", str, description="slug van de regio, bv. ijsselland"),
                               OpenApiParameter("sector", str, enum=Sector.values),
                               *paging.parameters(*ORGANISATION_PAGE, cursor=True)],
                   summary="De partnerorganisaties van uw regio('s)")
    def get(self, request):
        organisations = policy.visible(request.user, Organisation).select_related("region", "municipality")
        if region := request.query_params.get("region"):
            organisations = organisations.filter(region__slug=region)
        if "sector" in request.query_params:  # an empty one too is no sector
            sector = request.query_params["sector"]
            if sector not in Sector.values:
                raise InvalidInput({"sector": [_("Onbekende sector: %(sector)s.") % {"sector": sector}]})
            organisations = organisations.filter(sector=sector)
        window = paging.window_of(request, organisations, ORGANISATION_LIST, *ORGANISATION_PAGE)
        audit.record_list(request.user, "organisation", [o.pk for o in window])
        return paging.window_as_array(request, window, OrganisationSerializer(window.rows, many=True).data)


# The shapes of the answer, for the OpenAPI document: `_answer` builds the answer from plain rows.
class AgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    invited = serializers.ListField(child=serializers.IntegerField(), read_only=True,
                                    help_text="Ids van de uitgenodigde organisaties.")


class MeetingDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    table = serializers.IntegerField(source="table_id")
    table_name = serializers.CharField(source="table.name")
    starts_at = serializers.DateTimeField()
    location = serializers.CharField()
    agenda = AgendaItemSerializer(many=True, read_only=True, help_text="De casussen op de agenda die u mag zien.")


_STARTS_AT = serializers.DateTimeField()


def _answer(request, meetings, many):
    """The meetings as MeetingDetailSerializer describes them, built from plain rows: a page of 100
    meetings holds some 2,500 agenda items and 5,000 invitations, which as model instances through
    nested serializers cost eight times the page's SQL. As many queries whatever the page holds."""
    meetings = list(meetings)
    ids = [m.pk for m in meetings]
    items = list(AgendaItem.objects.filter(meeting_id__in=ids).order_by("position", "added_at", "id")
                 .values_list("pk", "meeting_id", "case_id"))
    visible = access.visible_on_agendas(request.user, ids) if items else set()
    items = [item for item in items if item[2] in visible]
    invited = {}
    if items:
        for item, organisation in Invitation.objects.filter(item_id__in=[i[0] for i in items]).values_list(
                "item_id", "organisation_id"):
            invited.setdefault(item, []).append(organisation)
    agenda = {pk: [] for pk in ids}
    for pk, meeting, case in items:
        agenda[meeting].append({"id": pk, "case": str(case), "invited": sorted(invited.get(pk, []))})
    data = [{"id": m.pk, "table": m.table_id, "table_name": m.table.name,
             "starts_at": _STARTS_AT.to_representation(m.starts_at), "location": m.location,
             "agenda": agenda[m.pk]} for m in meetings]
    return data if many else data[0]


MEETING_JOINS = ("table",)


@extend_schema(tags=["tables"])
class MeetingsView(APIView):
    @extend_schema(operation_id="meetingList", responses={200: MeetingDetailSerializer(many=True)},
                   parameters=[OpenApiParameter("table", {"type": "integer"}, description="id van de tafel"),
                               *paging.parameters(*MEETINGS_PAGE, cursor=True)],
                   summary="Overleggen van de tafels van uw regio('s), de nieuwste eerst, met hun agenda")
    def get(self, request):
        meetings = policy.visible(request.user, Meeting).select_related(*MEETING_JOINS)
        if "table" in request.query_params:
            table = int_or_none(request.query_params["table"])
            if table is None:
                raise InvalidInput({"table": [_("Geef het id van een tafel (een geheel getal).")]})
            meetings = meetings.filter(table_id=table)
        window = paging.window_of(request, meetings, MEETING_LIST, *MEETINGS_PAGE)
        audit.record_list(request.user, "meeting", [m.pk for m in window])
        return paging.window_as_array(request, window, _answer(request, window.rows, many=True))


@extend_schema(tags=["tables"])
class MeetingView(APIView):
    @extend_schema(operation_id="meetingRead", responses={200: MeetingDetailSerializer},
                   summary="Eén overleg met zijn agenda")
    def get(self, request, pk):
        meeting = policy.open(request.user, Meeting, pk)
        meetings = Meeting.objects.select_related(*MEETING_JOINS).filter(pk=meeting.pk)
        return Response(_answer(request, meetings, many=False))
