"""API endpoints for cases, tables and tasks: the same policy, forms and services as the pages."""
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.intake.models import Signal
from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import IF_MATCH, apply, bind_many, serializer_for
from ketenzicht.lib.keyset import Keyset
from ketenzicht.lib.keyset_union import api_union_window
from ketenzicht.lib.problems import invalid, problem
from ketenzicht.privacy import audit, policy

from . import access, handovers, lists, queries, services
from .forms import (
    CaseTransitionForm,
    CloseTrackForm,
    ConsultationForm,
    MeetingForm,
    ProgressForm,
    ReplyForm,
    TaskForm,
    TrackForm,
)
from .models import BasisKind, Case, Table, TableKind, Task
from .table_forms import HandoverForm

MAX_TRACKS = 6


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    assignee = serializers.CharField(source="assignee.name")
    due_on = serializers.DateField()
    done = serializers.SerializerMethodField()
    case = serializers.CharField(source="track.case_id")

    def get_done(self, task) -> bool:
        return task.done_at is not None


class TrackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    label = serializers.CharField()
    owner = serializers.CharField(source="owner.name")
    review_on = serializers.DateField()
    is_open = serializers.BooleanField()
    is_late = serializers.BooleanField()
    outcome = serializers.CharField()
    tasks = TaskSerializer(many=True, source="tasks.all")


class CaseSerializer(serializers.Serializer):
    """A case; decisions and the history only for those who see the whole case."""
    id = serializers.UUIDField()
    reference = serializers.CharField()
    stage = serializers.CharField()
    stage_label = serializers.CharField(source="flow_stage.label")
    is_open = serializers.BooleanField()
    is_acute = serializers.BooleanField()
    table = serializers.CharField(source="table.name")
    table_id = serializers.IntegerField(help_text="Id van de tafel (GET /tables, GET /meetings?table=).")
    lead_municipality = serializers.CharField(source="lead_municipality.cbs_code")
    opened_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(allow_null=True)
    route = serializers.CharField(source="route.name")
    route_version = serializers.IntegerField(source="route.version")
    version = serializers.IntegerField()


class CaseDetailSerializer(CaseSerializer):
    tracks = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    signals = serializers.SerializerMethodField(help_text="Ids van de signalen van deze casus die u mag zien.")

    def get_signals(self, case) -> list[str]:
        visible = policy.visible(self.context["request"].user, Signal).filter(case=case)
        return [str(pk) for pk in visible.order_by("received_at").values_list("pk", flat=True)]

    def get_tracks(self, case) -> list[dict]:
        return TrackSerializer(access.tracks_for(self.context["request"].user, case).select_related("owner"),
                               many=True).data

    def get_decisions(self, case) -> list[dict]:
        if access.case_access(self.context["request"].user, case) < access.CaseAccess.MEMBER:
            return []
        return [{"text": d.text, "at": d.at.isoformat()} for d in case.decisions.all()]


CASE_PAGE = (25, 100)  # default and maximum page size of /cases
TASK_PAGE = TABLE_PAGE = MEETING_PAGE = (100, 200)  # lists that answered in full before pages: the default holds them
# A region's tables are few (tens): their list keeps numbered pages, ordered in Python (chaired first).
TABLE_MEETINGS = Keyset("table-meetings-api", "-starts_at", "-id")


class CasePageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Het aantal casussen, geteld tot 10000 (zie count_is_exact).")
    count_is_exact = serializers.BooleanField(help_text="false als de lijst meer casussen heeft dan count zegt")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseSerializer(many=True)


TrackInput = serializer_for(TrackForm, "TrackInput")
CaseTransitionInput = serializer_for(CaseTransitionForm, "CaseTransitionInput",
                                     extra={"tracks": TrackInput(many=True, required=False)})


def _case_response(request, case, code=200):
    response = Response(CaseDetailSerializer(case, context={"request": request}).data, status=code)
    response["ETag"] = case.etag
    return response


@extend_schema(tags=["cases"])
class CasesView(APIView):
    @extend_schema(operation_id="caseList", responses={200: CasePageSerializer},
                   parameters=[OpenApiParameter("status", str, enum=["open", "closed", "all"]),
                               *paging.parameters(*CASE_PAGE, cursor=True)],
                   summary="Casussen die u mag zien, acuut en over termijn eerst")
    def get(self, request):
        status_filter = request.query_params.get("status", "open")
        if status_filter not in queries.STATUS_FILTERS:
            return invalid({"status": ["Kies open, closed of all."]})
        window = paging.read_window(
            request, lambda size, **at: lists.case_window(request.user, status_filter, size, **at), *CASE_PAGE)
        audit.record_list(request.user, "case", [c.pk for c in window])
        return paging.window_as_object(request, window, CaseSerializer(window.rows, many=True).data)


@extend_schema(tags=["cases"])
class CaseView(APIView):
    @extend_schema(operation_id="caseRead", responses={200: CaseDetailSerializer}, summary="Eén casus")
    def get(self, request, pk):
        return _case_response(request, policy.open(request.user, Case, pk))


@extend_schema(tags=["cases"])
class CaseTransitionsView(APIView):
    @extend_schema(operation_id="caseTransitionList", summary="Stappen die u nu kunt zetten",
                   responses={200: serializers.ListSerializer(child=serializers.DictField())})
    def get(self, request, pk):
        case = policy.open(request.user, Case, pk)
        return Response([{"name": t.name, "label": t.label, "required": list(t.required)}
                         for t in services.available_transitions(request.user, case)])

    @extend_schema(operation_id="caseTransitionCreate", request=CaseTransitionInput, parameters=[IF_MATCH],
                   responses={200: CaseDetailSerializer},
                   summary="Een stap zetten: agenderen, besluiten, afsluiten (vereist If-Match)")
    def post(self, request, pk):
        case = policy.open(request.user, Case, pk)

        def take(data):
            tracks = [f.as_track() for f in bind_many(TrackForm, request.data.get("tracks"), "tracks", MAX_TRACKS,
                                                      case=case)]
            data = dict(data)
            services.take_transition(request.user, case, data.pop("transition"), expected_version=case.version,
                                     tracks=tracks, **data)
        apply(request, CaseTransitionForm, take, etag=case.etag, extra=("tracks",), case=case)
        return _case_response(request, policy.get(request.user, Case, pk))  # as it is now; the read is logged


@extend_schema(tags=["cases"])
class CaseTracksView(APIView):
    @extend_schema(operation_id="caseTrackList", responses={200: TrackSerializer(many=True)},
                   summary="Sporen van een casus (een eigenaar ziet alleen de eigen sporen)")
    def get(self, request, pk):
        case = policy.open(request.user, Case, pk)
        return Response(TrackSerializer(access.tracks_for(request.user, case).select_related("owner"), many=True).data)


def _track(request, pk, track_id):
    """One of the user's tracks of a case they see, to work on; else 404."""
    case = policy.open(request.user, Case, pk)
    track = access.tracks_for(request.user, case).filter(pk=track_id).first()
    if track is None or not access.can_work_track(request.user, track):
        raise NotFound("Onbekend spoor.")
    return case, track


@extend_schema(tags=["cases"])
class TrackProgressView(APIView):
    @extend_schema(operation_id="trackProgressCreate", request=serializer_for(ProgressForm, "ProgressInput"),
                   responses={201: TrackSerializer}, summary="Voortgang van een spoor melden")
    def post(self, request, pk, track_id):
        _case, track = _track(request, pk, track_id)
        apply(request, ProgressForm, lambda data: services.report_progress(request.user, track, data["text"]))
        return Response(TrackSerializer(track).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["cases"])
class TrackClosureView(APIView):
    @extend_schema(operation_id="trackClosureCreate", request=serializer_for(CloseTrackForm, "TrackClosureInput"),
                   responses={201: TrackSerializer}, summary="Een spoor sluiten met de uitkomst")
    def post(self, request, pk, track_id):
        _case, track = _track(request, pk, track_id)
        apply(request, CloseTrackForm, lambda data: services.close_track(request.user, track, data["outcome"]))
        track.refresh_from_db()
        return Response(TrackSerializer(track).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["cases"])
class TrackTasksView(APIView):
    @extend_schema(operation_id="trackTaskCreate", request=serializer_for(TaskForm, "TaskInput"),
                   responses={201: TaskSerializer}, summary="Een taak aan een spoor toevoegen")
    def post(self, request, pk, track_id):
        case, track = _track(request, pk, track_id)
        task = apply(request, TaskForm, lambda data: services.add_task(request.user, track, **data), case=case)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["tasks"])
class TasksView(APIView):
    @extend_schema(operation_id="taskList", responses={200: TaskSerializer(many=True)},
                   parameters=paging.parameters(*TASK_PAGE, cursor=True),
                   summary="Open taken van uw organisatie, de vroegst gereed te hebben eerst")
    def get(self, request):
        window = api_union_window(request, queries.TASK_LIST, access.task_scopes(request.user), queries.tasks_by_id,
                                  *TASK_PAGE)
        audit.record_list(request.user, "task", [t.pk for t in window])
        return paging.window_as_array(request, window, TaskSerializer(window.rows, many=True).data)


@extend_schema(tags=["tasks"])
class TaskCompletionView(APIView):
    @extend_schema(operation_id="taskCompletionCreate", request=None, responses={201: TaskSerializer},
                   summary="Een taak afronden")
    def post(self, request, task_id):
        task = access.get_open_task(request.user, task_id)
        services.complete_task(request.user, task)
        return Response(TaskSerializer(Task.objects.select_related("assignee", "track").get(pk=task.pk)).data,
                        status=status.HTTP_201_CREATED)


class SeatSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    organisation_id = serializers.IntegerField(help_text="Te gebruiken in `invited`, de `owner` van een spoor, "
                                                         "de `assignee` van een taak.")
    basis_kind = serializers.ChoiceField(choices=BasisKind.choices, allow_blank=True,
                                         help_text="law (wet) of covenant (convenant); leeg: nog geen grondslag")
    legal_basis = serializers.CharField(help_text="De naam van de wet of het convenant.")
    article = serializers.CharField()
    basis = serializers.CharField(help_text="De grondslag zoals men hem aanhaalt: wet of convenant en artikel.")
    has_covenant_document = serializers.SerializerMethodField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    has_valid_basis = serializers.BooleanField()

    def get_has_covenant_document(self, seat) -> bool:
        return bool(seat.covenant_document)


class TableSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    region = serializers.CharField(source="region.slug")
    kind = serializers.ChoiceField(choices=TableKind.choices)
    municipalities = serializers.SerializerMethodField(help_text="CBS-codes van de gemeenten waarvoor de tafel "
                                                                 "werkt; leeg: de hele regio.")
    chair_organisation_id = serializers.IntegerField()
    rhythm = serializers.CharField()
    hands_to = serializers.SerializerMethodField(help_text="Ids van de tafels waaraan deze tafel casussen overdraagt.")
    retired_at = serializers.DateTimeField(allow_null=True)
    chaired = serializers.SerializerMethodField(help_text="Of u deze tafel voorzit (en er overleggen plant).")
    seats = SeatSerializer(many=True, source="seats.all")

    def get_chaired(self, table) -> bool:
        return table.pk in self.context["chaired"]

    def get_municipalities(self, table) -> list[str]:
        return sorted(m.cbs_code for m in table.municipalities.all())

    def get_hands_to(self, table) -> list[int]:
        return sorted(t.pk for t in table.hands_to.all())


@extend_schema(tags=["tables"])
class TablesView(APIView):
    @extend_schema(operation_id="tableList", responses={200: TableSerializer(many=True)},
                   parameters=paging.parameters(*TABLE_PAGE),
                   summary="De tafels van uw regio('s), die u voorzit eerst, met de partners en hun grondslag")
    def get(self, request):
        chaired = set(access.chaired_tables(request.user).values_list("pk", flat=True))
        tables = sorted(policy.visible(request.user, Table).select_related("region").prefetch_related(
            "seats__organisation", "municipalities", "hands_to"), key=lambda t: (t.pk not in chaired, t.region.name, t.name))
        page = paging.page_of(request, tables, *TABLE_PAGE)
        audit.record_list(request.user, "table", [t.pk for t in page])
        return paging.as_array(request, page,
                               TableSerializer(page.object_list, many=True, context={"chaired": chaired}).data)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    location = serializers.CharField()


@extend_schema(tags=["tables"])
class TableMeetingsView(APIView):
    @extend_schema(operation_id="tableMeetingList", responses={200: MeetingSerializer(many=True)},
                   parameters=paging.parameters(*MEETING_PAGE, cursor=True),
                   summary="Overleggen van een tafel die u voorzit, de nieuwste eerst")
    def get(self, request, pk):
        table = access.table_of_chair(request.user, pk)
        window = paging.window_of(request, table.meetings.all(), TABLE_MEETINGS, *MEETING_PAGE)
        return paging.window_as_array(request, window, MeetingSerializer(window.rows, many=True).data)

    @extend_schema(operation_id="tableMeetingCreate", request=serializer_for(MeetingForm, "MeetingInput"),
                   responses={201: MeetingSerializer}, summary="Een overleg plannen")
    def post(self, request, pk):
        table = access.table_of_chair(request.user, pk)
        meeting = apply(request, MeetingForm, lambda data: services.plan_meeting(request.user, table, **data))
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    invited = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_invited(self, consultation) -> list[str]:
        return [o.name for o in consultation.invited.all()]

    def get_replies(self, consultation) -> list[dict]:
        return [{"organisation": r.organisation.name, "text": r.text, "at": r.at.isoformat()}
                for r in consultation.replies.all()]


@extend_schema(tags=["cases"])
class CaseConsultationsView(APIView):
    @extend_schema(operation_id="caseConsultationList", responses={200: ConsultationSerializer(many=True)},
                   summary="Spoedoverleggen over een casus")
    def get(self, request, pk):
        case = policy.open(request.user, Case, pk, action="view_all")
        return Response(ConsultationSerializer(case.consultations.prefetch_related("invited", "replies__organisation"),
                                               many=True).data)

    @extend_schema(operation_id="caseConsultationCreate", request=serializer_for(ConsultationForm, "ConsultationInput"),
                   responses={201: ConsultationSerializer}, summary="Een spoedoverleg (spoed-MDO) starten")
    def post(self, request, pk):
        case = policy.open(request.user, Case, pk)
        consultation = apply(request, ConsultationForm,
                             lambda data: services.call_consultation(request.user, case, **data), case=case)
        return Response(ConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["cases"])
class ConsultationRepliesView(APIView):
    @extend_schema(operation_id="consultationReplyCreate", request=serializer_for(ReplyForm, "ReplyInput"),
                   responses={201: ConsultationSerializer}, summary="Antwoorden in een spoedoverleg")
    def post(self, request, pk, consultation_id):
        case = policy.open(request.user, Case, pk)
        consultation = case.consultations.filter(pk=consultation_id).first()
        if consultation is None:
            return problem(404, "Onbekend spoedoverleg.")
        apply(request, ReplyForm, lambda data: services.reply_consultation(request.user, consultation, data["text"]))
        return Response(ConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED)


class HandoverSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    from_table = serializers.IntegerField(source="from_table_id", help_text="Id van de tafel die overdroeg.")
    to_table = serializers.IntegerField(source="to_table_id", help_text="Id van de tafel die de casus ontving.")
    reason = serializers.CharField(source="change.reason")
    at = serializers.DateTimeField(source="change.at")


@extend_schema(tags=["cases"])
class CaseHandoversView(APIView):
    @extend_schema(operation_id="caseHandoverList", responses={200: HandoverSerializer(many=True)},
                   summary="Overdrachten van een casus van tafel naar tafel")
    def get(self, request, pk):
        case = policy.open(request.user, Case, pk, action="view_all")
        return Response(HandoverSerializer(case.handovers.select_related("change"), many=True).data)

    @extend_schema(operation_id="caseHandoverCreate", request=serializer_for(HandoverForm, "HandoverInput"),
                   parameters=[IF_MATCH], responses={201: HandoverSerializer},
                   summary="De casus overdragen aan een tafel waaraan deze tafel overdraagt (vereist If-Match); "
                           "de voorzitter ziet de casus daarna niet meer")
    def post(self, request, pk):
        case = policy.open(request.user, Case, pk)
        apply(request, HandoverForm, lambda data: handovers.hand_over(request.user, case, expected_version=case.version,
                                                                       **data), etag=case.etag, case=case)
        return Response(HandoverSerializer(case.handovers.select_related("change").last()).data,
                        status=status.HTTP_201_CREATED)
