"""The linkage in the API, for partner systems that already report signals through it (issue 20):
what identifies a person of a signal (read, record or replace), the possible matches about a
signal's persons, and a decision on one. Thin like the pages: the same access rules and the same
services (`linkage.services.record`, `decide`), and the match rows the pages show
(`presenting.match_rows`): in scope the other record, out of scope only whom to contact."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.care.models import Trajectory
from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import apply, serializer_for

from . import access, presenting, services
from .forms import DecisionForm, IdentifiersForm
from .models import PersonIdentifiers, SuggestionStatus

PAGE = (25, 100)  # default and maximum page size of the matches

IdentifiersInput = serializer_for(IdentifiersForm, "IdentifiersInput")
DecisionInput = serializer_for(DecisionForm, "DecisionInput")


class IdentifiersSerializer(serializers.Serializer):
    """What identifies a person as recorded, in clear: only for whoever handles the record. The
    lists (phones, addresses, e-mail addresses, plates) are one per line, as on the page."""

    given_name = serializers.CharField(allow_blank=True)
    family_name = serializers.CharField(allow_blank=True)
    date_of_birth = serializers.CharField(allow_blank=True, help_text="Zoals vastgelegd, ook deels (1990-02)")
    gender = serializers.CharField(allow_blank=True, help_text="v, m, x of leeg")
    nationality = serializers.CharField(allow_blank=True, help_text="ISO 3166 alpha-2")
    phones = serializers.CharField(allow_blank=True, help_text="Eén per regel")
    addresses = serializers.CharField(allow_blank=True, help_text="Eén per regel")
    emails = serializers.CharField(allow_blank=True, help_text="Eén per regel")
    plates = serializers.CharField(allow_blank=True, help_text="Eén per regel")
    kvk = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField(allow_null=True, help_text="null: nog niets vastgelegd")


class MatchSideSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["person", "trajectory"])
    id = serializers.CharField(help_text="Het nummer van de betrokkene, of het id van het zorgtraject")
    signal = serializers.UUIDField(allow_null=True, help_text="Het signaal van de betrokkene")
    reference = serializers.CharField(help_text="Het kenmerk van het signaal of zorgtraject")


class MatchContactSerializer(serializers.Serializer):
    role = serializers.CharField()
    organisation = serializers.CharField()


class MatchSerializer(serializers.Serializer):
    """A possible match from the caller's side. Out of scope (`in_scope` false) it says only that it
    exists and whom to contact: `score`, `other` and `other_identifiers` are absent."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=SuggestionStatus.choices)
    version = serializers.IntegerField(help_text="Te noemen bij een besluit")
    in_scope = serializers.BooleanField()
    own = MatchSideSerializer(help_text="De eigen kant: een betrokkene van dit signaal (of uw zorgtraject)")
    contacts = MatchContactSerializer(many=True, help_text="Wie u aan de andere kant belt; leeg binnen uw zicht")
    score = serializers.FloatField(required=False)
    other = MatchSideSerializer(required=False)
    other_identifiers = IdentifiersSerializer(required=False, allow_null=True)


class RecordedSerializer(IdentifiersSerializer):
    matches = MatchSerializer(many=True, help_text="De open mogelijke matches van deze betrokkene")


def _identifiers(stored):
    if stored is None:
        return {**{field: "" for field in services.CLEAR_FIELDS}, "updated_at": None}
    return IdentifiersSerializer(stored).data


def _side(side):
    if isinstance(side, Trajectory):
        return {"kind": "trajectory", "id": str(side.pk), "signal": None, "reference": side.reference}
    return {"kind": "person", "id": str(side.pk), "signal": str(side.signal_id), "reference": side.signal.reference}


def _match(row):
    """One row of `presenting.match_rows` as JSON: nothing of the other side out of scope."""
    suggestion = row["s"]
    found = {"id": suggestion.pk, "status": suggestion.status, "version": suggestion.version,
             "in_scope": row["other"] is not None, "own": _side(row["own"]),
             "contacts": [{"role": role, "organisation": organisation} for role, organisation in row["contacts"]]}
    if row["other"] is not None:
        found.update(score=suggestion.score, other=_side(row["other"]), other_identifiers=(
            _identifiers(row["other_ids"]) if row["other_ids"] is not None else None))
    return found


def _person(request, pk, person_id):
    signal = presenting.open_signal(request.user, pk)
    return signal, get_object_or_404(signal.persons, pk=person_id)


@extend_schema(tags=["linkage"])
class IdentifiersView(APIView):
    @extend_schema(operation_id="personIdentifiersRead", responses={200: IdentifiersSerializer},
                   summary="Wat een betrokkene van een signaal identificeert, zoals vastgelegd")
    def get(self, request, pk, person_id):
        _signal, person = _person(request, pk, person_id)
        return Response(_identifiers(PersonIdentifiers.objects.filter(person=person).first()))

    @extend_schema(operation_id="personIdentifiersPut", request=IdentifiersInput,
                   responses={200: RecordedSerializer},
                   summary="Vastleggen (of vervangen) wat een betrokkene identificeert; de open mogelijke matches")
    def put(self, request, pk, person_id):
        signal, person = _person(request, pk, person_id)
        found = apply(request, IdentifiersForm, lambda data: services.record(request.user, person, data))
        shown = access.suggestions_about(signal).filter(pk__in=[s.pk for s in found])
        rows = presenting.match_rows(request.user, shown, presenting.of_signal(signal))
        return Response({**_identifiers(PersonIdentifiers.objects.get(person=person)),
                         "matches": [_match(row) for row in rows]})


@extend_schema(tags=["linkage"])
class SignalMatchesView(APIView):
    @extend_schema(operation_id="signalMatchList", responses={200: MatchSerializer(many=True)},
                   parameters=paging.parameters(*PAGE),
                   summary="De mogelijke matches over de betrokkenen van een signaal, hoogste score eerst")
    def get(self, request, pk):
        signal = presenting.open_signal(request.user, pk)
        page = paging.page_of(request, access.suggestions_about(signal), *PAGE)
        rows = presenting.match_rows(request.user, page.object_list, presenting.of_signal(signal))
        return paging.as_array(request, page, [_match(row) for row in rows])


@extend_schema(tags=["linkage"])
class DecisionsView(APIView):
    @extend_schema(operation_id="matchDecisionCreate", request=DecisionInput, responses={
        200: MatchSerializer, 409: OpenApiResponse(description="De versie is verouderd of er is al besloten")},
                   summary="Besluiten over een mogelijke match: same, different of undone (met de versie)")
    def post(self, request, pk):
        suggestion = access.fetch_suggestion(pk)
        if suggestion is None:
            raise NotFound("Dit object bestaat niet of u heeft er geen toegang toe.")
        services.require_decider(request.user, suggestion)
        decided = apply(request, DecisionForm, lambda data: services.decide(
            request.user, suggestion, data["decision"], data["version"]))
        own, _other = access.own_side(request.user, decided)
        return Response(_match(presenting.match_rows(request.user, [decided], presenting.of_side(own))[0]))
