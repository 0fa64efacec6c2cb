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

from .models import AgendaItem, Case, Meeting

ORGANISATION_PAGE = MEETINGS_PAGE = (100, 200)
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


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    invited = serializers.SerializerMethodField(help_text="Ids van de uitgenodigde organisaties.")

    def get_invited(self, item) -> list[int]:
        return sorted(invitation.organisation_id for invitation in item.invitations.all())


class MeetingDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    table = serializers.IntegerField(source="table_id")
    table_name = serializers.CharField(source="table.name")
    starts_at = serializers.DateTimeField()
    location = serializers.CharField()
    agenda = serializers.SerializerMethodField(help_text="De casussen op de agenda die u mag zien.")

    def get_agenda(self, meeting) -> AgendaItemSerializer(many=True):
        visible = self.context["visible_cases"]
        return AgendaItemSerializer([item for item in meeting.items.all() if item.case_id in visible], many=True).data


def _visible_cases(user, meetings):
    """Which of the cases on these meetings' agendas the user may see: one query, not one per item."""
    case_ids = AgendaItem.objects.filter(meeting__in=meetings).values("case_id")
    return set(policy.visible(user, Case).filter(pk__in=case_ids).values_list("pk", flat=True))


def _answer(request, meetings, many):
    meetings = list(meetings)
    context = {"visible_cases": _visible_cases(request.user, [m.pk for m in meetings])}
    return MeetingDetailSerializer(meetings if many else meetings[0], many=many, context=context).data


MEETING_JOINS = ("table",)
MEETING_PREFETCH = ("items__invitations",)


@extend_schema(tags=["tables"])
class MeetingsView(APIView):
    @extend_schema(operation_id="meetingList", responses={200: MeetingDetailSerializer(many=True)},
                   parameters=[OpenApiParameter("table", {"type": "integer"}, description="id van de tafel"),
                               *paging.parameters(*MEETINGS_PAGE, cursor=True)],
                   summary="Overleggen van de tafels van uw regio('s), de nieuwste eerst, met hun agenda")
    def get(self, request):
        meetings = policy.visible(request.user, Meeting).select_related(*MEETING_JOINS) \
            .prefetch_related(*MEETING_PREFETCH)
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
        meetings = Meeting.objects.select_related(*MEETING_JOINS).prefetch_related(*MEETING_PREFETCH).filter(
            pk=meeting.pk)
        return Response(_answer(request, meetings, many=False))
