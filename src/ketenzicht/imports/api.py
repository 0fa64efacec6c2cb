"""The import for partner systems: POST the file (CSV, or JSON: an array of signals) for a dry run,
then confirm it; read its progress. Thin like the pages: the same services, answered as
problem+json naming each faulty row and field (`rows.<row>.<field>`)."""
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiRequest, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ketenzicht.lib.problems import problem
from ketenzicht.privacy import policy

from . import access, formats, services
from .models import ImportBatch


class RawFile(BaseParser):
    """The body as bytes, at most the limit read: a larger one is refused before it is all read."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        data = stream.read(formats.MAX_BYTES + 1) if stream is not None else b""
        if len(data) > formats.MAX_BYTES:
            raise formats.too_large()
        return data


class RawJSON(RawFile):
    media_type = "application/json"


class ReportEntrySerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Regelnummer in het bestand (CSV: de kopregel is regel 1; JSON: "
                                             "het volgnummer in de lijst, vanaf 1)")
    field = serializers.CharField(help_text="Kolom of veld; leeg: de regel als geheel")
    message = serializers.CharField()


class ImportSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    state = serializers.CharField(help_text="checked, refused, queued, running, done of failed")
    file_name = serializers.CharField()
    row_count = serializers.IntegerField()
    valid_count = serializers.IntegerField()
    processed = serializers.IntegerField(help_text="Hoeveel signalen al zijn ingelezen")
    report = ReportEntrySerializer(many=True)
    failure = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    confirmation_url = serializers.SerializerMethodField()

    def get_confirmation_url(self, batch) -> str:
        return reverse("signal-import-confirmation", kwargs={"pk": batch.pk}, request=self.context["request"])


# one signal in a JSON import: the CSV's columns, lists as arrays of codes
_ROW = {"type": "object", "required": list(formats.REQUIRED), "properties": {
    name: {"type": "array", "items": {"type": "string"}} if name in formats.LISTS else {"type": "string"}
    for name in formats.COLUMNS}}


def _answer(request, batch, code=status.HTTP_200_OK):
    return Response(ImportSerializer(batch, context={"request": request}).data, status=code)


@extend_schema(tags=["signals"])
class ImportsView(APIView):
    parser_classes = [RawFile, RawJSON, MultiPartParser]

    @extend_schema(
        operation_id="signalImportCreate", summary="Een lijst signalen controleren (proefrun, er wordt niets ingelezen)",
        request={"text/csv": OpenApiRequest(OpenApiTypes.STR),
                 "application/json": OpenApiRequest({"type": "array", "items": _ROW}),
                 "multipart/form-data": OpenApiRequest({"type": "object", "required": ["file"], "properties": {
                     "file": {"type": "string", "format": "binary"}}})},
        responses={201: ImportSerializer},
        examples=[OpenApiExample("CSV", media_type="text/csv", request_only=True, value=(
            "external_reference;lead_municipality;description\nPL-2026-1;GM0193;Twaalf arbeidsmigranten in één woning."))])
    def post(self, request):
        if not access.may_import(request.user):
            return problem(403, _("U heeft geen rol waarmee u signalen kunt melden."))
        data = request.data
        if hasattr(data, "get") and not isinstance(data, (bytes, list)):  # multipart: the file
            upload = data.get("file")
            if upload is None:
                raise ParseError(_("Stuur het bestand als veld file, of als de inhoud van het verzoek."))
            if upload.size > formats.MAX_BYTES:
                raise formats.too_large()
            name, data = upload.name, upload.read()
        else:
            name = ""
        batch = services.dry_run(request.user, data, name)
        if batch.report:
            return problem(400, _("%(count)s van de %(total)s regels zijn niet goed; er is niets ingelezen.")
                           % {"count": batch.refused_count, "total": batch.row_count},
                           invalid_params=[{"name": f"rows.{e['row']}.{e['field']}".rstrip("."),
                                            "reason": e["message"]} for e in batch.report])
        return _answer(request, batch, status.HTTP_201_CREATED)


@extend_schema(tags=["signals"])
class ImportView(APIView):
    @extend_schema(operation_id="signalImportRead", responses={200: ImportSerializer},
                   summary="Een import en zijn voortgang")
    def get(self, request, pk):
        return _answer(request, policy.get(request.user, ImportBatch, pk))  # no signal's content: not logged


@extend_schema(tags=["signals"])
class ImportConfirmationView(APIView):
    @extend_schema(operation_id="signalImportConfirm", request=None, responses={202: ImportSerializer},
                   summary="Een gecontroleerde import bevestigen: alles of niets, op de achtergrond")
    def post(self, request, pk):
        batch = policy.get(request.user, ImportBatch, pk, action="confirm")
        return _answer(request, services.confirm(request.user, batch), status.HTTP_202_ACCEPTED)
