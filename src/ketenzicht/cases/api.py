"""API endpoints for cases, tables and tasks: the same policy, forms and services as the pages."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.api.forms_bridge import InvalidInput, bind, bind_many, serializer_for
from ketenzicht.api.problems import invalid, problem
from ketenzicht.privacy import audit, policy
from ketenzicht.route.steps import TransitionRefused

from . import queries, services
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
from .models import Task

MAX_TRACKS = 6
STALE = "De casus is intussen gewijzigd. Haal haar opnieuw op."


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
    lead_municipality = serializers.CharField(source="lead_municipality.cbs_code")
    opened_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(allow_null=True)
    route = serializers.CharField(source="route.name")
    route_version = serializers.IntegerField(source="route.version")
    version = serializers.IntegerField()


class CaseDetailSerializer(CaseSerializer):
    tracks = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()

    def get_tracks(self, case) -> list[dict]:
        return TrackSerializer(policy.tracks_for(self.context["request"].user, case).select_related("owner"),
                               many=True).data

    def get_decisions(self, case) -> list[dict]:
        if policy.case_access(self.context["request"].user, case) < policy.CaseAccess.MEMBER:
            return []
        return [{"text": d.text, "at": d.at.isoformat()} for d in case.decisions.all()]


class CasePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = CaseSerializer(many=True)


TrackInput = serializer_for(TrackForm, "TrackInput")
CaseTransitionInput = serializer_for(CaseTransitionForm, "CaseTransitionInput",
                                     extra={"tracks": TrackInput(many=True, required=False)})


def _case_response(request, case, code=200):
    case = policy.get_case(request.user, case.pk)
    response = Response(CaseDetailSerializer(case, context={"request": request}).data, status=code)
    response["ETag"] = case.etag
    return response


@extend_schema(tags=["cases"])
class CasesView(APIView):
    @extend_schema(operation_id="caseList", responses={200: CasePageSerializer},
                   parameters=[OpenApiParameter("status", str, enum=["open", "closed", "all"]),
                               OpenApiParameter("page", {"type": "integer", "minimum": 1})],
                   summary="Casussen die u mag zien, acuut en over termijn eerst")
    def get(self, request):
        status_filter = request.query_params.get("status", "open")
        if status_filter not in queries.STATUS_FILTERS:
            return invalid({"status": ["Kies open, closed of all."]})
        try:
            page = Paginator(queries.overview(request.user, status_filter), 25).page(
                request.query_params.get("page", 1))
        except InvalidPage:
            return problem(404, "Deze pagina bestaat niet.")
        audit.record_list(request.user, "case", [c.pk for c in page])
        return Response({"count": page.paginator.count,
                         "results": CaseSerializer(page.object_list, many=True).data})


@extend_schema(tags=["cases"])
class CaseView(APIView):
    @extend_schema(operation_id="caseRead", responses={200: CaseDetailSerializer}, summary="Eén casus")
    def get(self, request, pk):
        return _case_response(request, policy.get_case(request.user, pk))


@extend_schema(tags=["cases"])
class CaseTransitionsView(APIView):
    @extend_schema(operation_id="caseTransitionList", summary="Stappen die u nu kunt zetten",
                   responses={200: serializers.ListSerializer(child=serializers.DictField())})
    def get(self, request, pk):
        case = policy.get_case(request.user, pk)
        return Response([{"name": t.name, "label": t.label, "required": list(t.required)}
                         for t in services.available_transitions(request.user, case)])

    @extend_schema(operation_id="caseTransitionCreate", request=CaseTransitionInput,
                   responses={200: CaseDetailSerializer}, summary="Een stap zetten: agenderen, besluiten, afsluiten")
    def post(self, request, pk):
        case = policy.get_case(request.user, pk)
        if_match = request.headers.get("If-Match")
        if if_match and if_match.strip() != case.etag:
            return problem(412, STALE)
        try:
            payload = request.data if isinstance(request.data, dict) else {}
            form = bind(CaseTransitionForm, payload, extra=("tracks",), case=case)
            tracks = [f.as_track() for f in bind_many(TrackForm, payload.get("tracks"), "tracks", MAX_TRACKS,
                                                      case=case)]
            data = dict(form.cleaned_data)
            services.take_transition(request.user, case, data.pop("transition"), tracks=tracks, **data)
        except InvalidInput as error:
            return error.response()
        except TransitionRefused as refused:
            return invalid({refused.field: [refused.message]})
        except services.StaleCase:
            return problem(412, STALE)
        return _case_response(request, case)


@extend_schema(tags=["cases"])
class CaseTracksView(APIView):
    @extend_schema(operation_id="caseTrackList", responses={200: TrackSerializer(many=True)},
                   summary="Sporen van een casus (een eigenaar ziet alleen de eigen sporen)")
    def get(self, request, pk):
        case = policy.get_case(request.user, pk)
        return Response(TrackSerializer(policy.tracks_for(request.user, case).select_related("owner"), many=True).data)


def _on_track(request, pk, track_id, form_class, act, with_case=False):
    """Validate input for one of the user's tracks with the page's form and act on it."""
    case = policy.get_case(request.user, pk)
    track = policy.tracks_for(request.user, case).filter(pk=track_id).first()
    if track is None or not policy.can_work_track(request.user, track):
        return problem(404, "Onbekend spoor.")
    try:
        form = bind(form_class, request.data, **({"case": case} if with_case else {}))
        result = act(track, form.cleaned_data)
    except InvalidInput as error:
        return error.response()
    except ValidationError as error:
        return invalid(error.message_dict)
    return Response(result, status=status.HTTP_201_CREATED)


@extend_schema(tags=["cases"])
class TrackProgressView(APIView):
    @extend_schema(operation_id="trackProgressCreate", request=serializer_for(ProgressForm, "ProgressInput"),
                   responses={201: TrackSerializer}, summary="Voortgang van een spoor melden")
    def post(self, request, pk, track_id):
        def act(track, data):
            services.report_progress(request.user, track, data["text"])
            return TrackSerializer(track).data
        return _on_track(request, pk, track_id, ProgressForm, act)


@extend_schema(tags=["cases"])
class TrackClosureView(APIView):
    @extend_schema(operation_id="trackClosureCreate", request=serializer_for(CloseTrackForm, "TrackClosureInput"),
                   responses={201: TrackSerializer}, summary="Een spoor sluiten met de uitkomst")
    def post(self, request, pk, track_id):
        def act(track, data):
            services.close_track(request.user, track, data["outcome"])
            track.refresh_from_db()
            return TrackSerializer(track).data
        return _on_track(request, pk, track_id, CloseTrackForm, act)


@extend_schema(tags=["cases"])
class TrackTasksView(APIView):
    @extend_schema(operation_id="trackTaskCreate", request=serializer_for(TaskForm, "TaskInput"),
                   responses={201: TaskSerializer}, summary="Een taak aan een spoor toevoegen")
    def post(self, request, pk, track_id):
        return _on_track(request, pk, track_id, TaskForm,
                         lambda track, data: TaskSerializer(services.add_task(request.user, track, **data)).data,
                         with_case=True)


@extend_schema(tags=["tasks"])
class TasksView(APIView):
    @extend_schema(operation_id="taskList", responses={200: TaskSerializer(many=True)},
                   summary="Open taken van uw organisatie")
    def get(self, request):
        tasks = policy.tasks_of(request.user).select_related("assignee", "track")
        audit.record_list(request.user, "task", [t.pk for t in tasks])
        return Response(TaskSerializer(tasks, many=True).data)


@extend_schema(tags=["tasks"])
class TaskCompletionView(APIView):
    @extend_schema(operation_id="taskCompletionCreate", request=None, responses={201: TaskSerializer},
                   summary="Een taak afronden")
    def post(self, request, task_id):
        try:
            task = policy.get_open_task(request.user, task_id)
        except Http404:
            return problem(404, "Onbekende taak.")
        services.complete_task(request.user, task)
        return Response(TaskSerializer(Task.objects.select_related("assignee", "track").get(pk=task.pk)).data,
                        status=status.HTTP_201_CREATED)


class SeatSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name")
    legal_basis = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    has_valid_basis = serializers.BooleanField()


class TableSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    region = serializers.CharField(source="region.slug")
    seats = SeatSerializer(many=True, source="seats.all")


@extend_schema(tags=["tables"])
class TablesView(APIView):
    @extend_schema(operation_id="tableList", responses={200: TableSerializer(many=True)},
                   summary="De tafels die u voorzit, met de grondslag per partner")
    def get(self, request):
        tables = policy.chaired_tables(request.user).select_related("region").prefetch_related(
            "seats__organisation")
        return Response(TableSerializer(tables, many=True).data)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    location = serializers.CharField()


@extend_schema(tags=["tables"])
class TableMeetingsView(APIView):
    @extend_schema(operation_id="tableMeetingList", responses={200: MeetingSerializer(many=True)},
                   summary="Overleggen van een tafel die u voorzit")
    def get(self, request, pk):
        table = policy.table_of_chair(request.user, pk)
        return Response(MeetingSerializer(table.meetings.all()[:50], many=True).data)

    @extend_schema(operation_id="tableMeetingCreate", request=serializer_for(MeetingForm, "MeetingInput"),
                   responses={201: MeetingSerializer}, summary="Een overleg plannen")
    def post(self, request, pk):
        table = policy.table_of_chair(request.user, pk)
        try:
            form = bind(MeetingForm, request.data)
        except InvalidInput as error:
            return error.response()
        meeting = services.plan_meeting(request.user, table, **form.cleaned_data)
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
        case = policy.get_case(request.user, pk, action="view_all")
        return Response(ConsultationSerializer(case.consultations.prefetch_related("invited", "replies__organisation"),
                                               many=True).data)

    @extend_schema(operation_id="caseConsultationCreate", request=serializer_for(ConsultationForm, "ConsultationInput"),
                   responses={201: ConsultationSerializer}, summary="Een spoedoverleg (spoed-MDO) starten")
    def post(self, request, pk):
        case = policy.get_case(request.user, pk)
        try:
            form = bind(ConsultationForm, request.data, case=case)
            consultation = services.call_consultation(request.user, case, **form.cleaned_data)
        except InvalidInput as error:
            return error.response()
        except ValidationError as error:
            return invalid(error.message_dict)
        except PermissionDenied:
            return problem(404, "Onbekende casus.")
        return Response(ConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["cases"])
class ConsultationRepliesView(APIView):
    @extend_schema(operation_id="consultationReplyCreate", request=serializer_for(ReplyForm, "ReplyInput"),
                   responses={201: ConsultationSerializer}, summary="Antwoorden in een spoedoverleg")
    def post(self, request, pk, consultation_id):
        case = policy.get_case(request.user, pk)
        consultation = case.consultations.filter(pk=consultation_id).first()
        if consultation is None:
            return problem(404, "Onbekend spoedoverleg.")
        try:
            form = bind(ReplyForm, request.data)
            services.reply_consultation(request.user, consultation, form.cleaned_data["text"])
        except InvalidInput as error:
            return error.response()
        except PermissionDenied:
            return problem(404, "Onbekend spoedoverleg.")
        return Response(ConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED)
