"""API endpoints for signals. Thin like the pages: parse, call the same services, answer."""
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import IF_MATCH, InvalidInput, apply, bind_many, serializer_for
from ketenzicht.lib.problems import invalid, problem
from ketenzicht.privacy import audit, policy
from ketenzicht.ratelimit import rate_limited

from . import access, queries, services
from .forms import (
    MAX_PERSONS,
    FeedbackForm,
    NoteForm,
    PersonForm,
    ProfessionalSignalForm,
    PublicSignalForm,
    SignalUpdateForm,
    TransitionForm,
)
from .models import Channel, Signal
from .serializers import (
    SIGNAL_PREFETCH,
    FeedbackSerializer,
    PersonSerializer,
    PublicStatusSerializer,
    ReceiptSerializer,
    SignalSerializer,
    TransitionSerializer,
    page_context,
)

PublicSignalInput = serializer_for(PublicSignalForm, "PublicSignalInput")
SignalInput = serializer_for(ProfessionalSignalForm, "SignalInput",
                             extra={"persons": PersonSerializer(many=True, required=False)})
SignalPatch = serializer_for(SignalUpdateForm, "SignalPatch")
TransitionInput = serializer_for(TransitionForm, "TransitionInput")


def _throttled():
    return problem(429, "Te veel verzoeken vanaf dit adres. Probeer het over een minuut opnieuw.",
                   headers={"Retry-After": "60"})


def _persons(payload, user):
    """Validate the `persons` list with the page's PersonForm, item by item."""
    persons = []
    for index, form in enumerate(bind_many(PersonForm, payload.get("persons"), "persons", MAX_PERSONS,
                                                 municipalities=access.reportable_municipalities(user))):
        if not form.cleaned_data.get("role"):
            raise InvalidInput({f"persons.{index}.role": ["Dit veld is vereist."]})
        persons.append(form.cleaned_data)
    return persons


PAGE_SIZE, MAX_PAGE_SIZE = 25, 100


class SignalPageSerializer(serializers.Serializer):
    """The shape of one page of signals (for the OpenAPI document)."""
    count = serializers.IntegerField(help_text="Het aantal, ten hoogste 10000; zie count_is_exact")
    count_is_exact = serializers.BooleanField(help_text="false als er meer zijn dan count zegt")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SignalSerializer(many=True)


@extend_schema(tags=["public"])
class PublicSignalsView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="publicSignalCreate", request=PublicSignalInput,
                   responses={201: ReceiptSerializer}, summary="Een signaal melden zonder account")
    def post(self, request):
        if rate_limited(request, "public", settings.KETENZICHT_PUBLIC_RATE):
            return _throttled()
        signal, code = apply(request, PublicSignalForm, services.submit_public)
        return Response({"receipt_code": code, "status": signal.public_status}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["public"])
@method_decorator(never_cache, name="dispatch")  # like the status page: nobody on the way keeps the answer
class PublicSignalStatusView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="publicSignalStatus", responses={200: PublicStatusSerializer},
                   summary="Status en terugkoppeling bij een ontvangstcode")
    def get(self, request, receipt_code):
        if rate_limited(request, "receipt", settings.KETENZICHT_PUBLIC_RATE * 3):
            return _throttled()
        signal = services.find_by_receipt(receipt_code) if len(receipt_code) <= 40 else None
        if signal is None:
            return problem(404, "Onbekende ontvangstcode.")
        route = signal.route.route
        return Response(PublicStatusSerializer({
            "status": signal.public_status,
            "status_label": route.public_statuses.get(signal.public_status, signal.public_status),
            "feedback": signal.feedback.all(),
        }).data)


def _signal_response(request, signal, code=200):
    signal = policy.visible(request.user, Signal).prefetch_related(*SIGNAL_PREFETCH).select_related(
        "lead_municipality", "route", "reporter_organisation").get(pk=signal.pk)
    response = Response(SignalSerializer(signal, context={"request": request}).data, status=code)
    response["ETag"] = signal.etag
    return response


@extend_schema(tags=["signals"])
class SignalsView(APIView):
    @extend_schema(operation_id="signalList", responses={200: SignalPageSerializer},
                   parameters=[OpenApiParameter("status", str, enum=["open", "closed", "all"]),
                               *paging.parameters(PAGE_SIZE, MAX_PAGE_SIZE, cursor=True)],
                   summary="Signalen die u mag zien, urgent en nieuw eerst")
    def get(self, request):
        status_filter = request.query_params.get("status", "open")
        if status_filter not in queries.STATUS_FILTERS:
            return invalid({"status": ["Kies open, closed of all."]})
        per_page, cursor, offset = paging.position(request, PAGE_SIZE, MAX_PAGE_SIZE)
        window = queries.inbox_page(request.user, status_filter, per_page, cursor=cursor, offset=offset)
        if offset and not window.rows:
            return problem(404, "Deze pagina bestaat niet.")
        prefetch_related_objects(window.rows, *SIGNAL_PREFETCH)
        audit.record_list(request.user, "signal", [s.pk for s in window])
        data = SignalSerializer(window.rows, many=True, context=page_context(request, window.rows)).data
        return paging.window_as_object(request, window, data)

    @extend_schema(operation_id="signalCreate", request=SignalInput, responses={201: SignalSerializer},
                   summary="Een signaal melden als professional")
    def post(self, request):
        if not access.can_report(request.user):
            return problem(403, "U heeft geen rol waarmee u signalen kunt melden.")
        signal, code = apply(
            request, ProfessionalSignalForm,
            lambda data: services.report(request.user, data, _persons(request.data, request.user), channel=Channel.API),
            extra=("persons",), municipalities=access.reportable_municipalities(request.user))
        response = _signal_response(request, signal, status.HTTP_201_CREATED)
        response.data["receipt_code"] = code  # shown once; only its hash is stored
        return response


@extend_schema(tags=["signals"])
class SignalView(APIView):
    @extend_schema(operation_id="signalRead", responses={200: SignalSerializer})
    def get(self, request, pk):
        signal = policy.open(request.user, Signal, pk)
        services.mark_seen(request.user, signal)
        return _signal_response(request, signal)

    @extend_schema(operation_id="signalUpdate", request=SignalPatch, responses={200: SignalSerializer},
                   parameters=[IF_MATCH], summary="Een signaal aanvullen (vereist If-Match)")
    def patch(self, request, pk):
        signal = policy.open(request.user, Signal, pk, action="update")
        apply(request, SignalUpdateForm,
              lambda data: services.update(request.user, signal, {k: data[k] for k in request.data},
                                           expected_version=signal.version),
              etag=signal.etag, present=set(request.data if isinstance(request.data, dict) else ()))
        return _signal_response(request, signal)


@extend_schema(tags=["signals"])
class SignalTransitionsView(APIView):
    @extend_schema(operation_id="signalTransitionList", responses={200: TransitionSerializer(many=True)},
                   summary="Stappen die u nu kunt zetten")
    def get(self, request, pk):
        signal = policy.open(request.user, Signal, pk)
        return Response(TransitionSerializer(services.available_transitions(request.user, signal), many=True).data)

    @extend_schema(operation_id="signalTransitionCreate", request=TransitionInput, responses={200: SignalSerializer},
                   parameters=[IF_MATCH], summary="Een stap zetten (vereist If-Match)")
    def post(self, request, pk):
        signal = policy.open(request.user, Signal, pk, action="transition")

        def take(data):
            data = dict(data)
            services.take_transition(request.user, signal, data.pop("transition"), expected_version=signal.version,
                                     **data)
        apply(request, TransitionForm, take, etag=signal.etag)
        return _signal_response(request, signal)


FeedbackInput = serializer_for(FeedbackForm, "FeedbackInput")
NoteInput = serializer_for(NoteForm, "NoteInput")


@extend_schema(tags=["signals"])
class SignalFeedbackView(APIView):
    @extend_schema(operation_id="signalFeedbackCreate", request=FeedbackInput, responses={201: FeedbackSerializer},
                   summary="Terugkoppeling aan de melder schrijven")
    def post(self, request, pk):
        signal = policy.open(request.user, Signal, pk, action="feedback")
        feedback = apply(request, FeedbackForm, lambda data: services.give_feedback(request.user, signal, **data))
        return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["signals"])
class SignalNotesView(APIView):
    @extend_schema(operation_id="signalNoteCreate", request=NoteInput, responses={201: NoteInput},
                   summary="Informatie toevoegen (verrijking)")
    def post(self, request, pk):
        signal = policy.open(request.user, Signal, pk, action="note")
        note = apply(request, NoteForm, lambda data: services.add_note(request.user, signal, **data))
        return Response({"text": note.text, "source": note.source, "restricted": note.restricted_to_id is not None},
                        status=status.HTTP_201_CREATED)
