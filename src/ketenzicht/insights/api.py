"""`/api/v1/stats…`: the anonymous figures (always published: small counts hidden) and the HTCDS
records. Same selection form, same figures, same policy as the dashboard."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.intake.models import AgeGroup, Gender, NationalityGroup
from ketenzicht.lib import replica
from ketenzicht.lib.problems import invalid, problem
from ketenzicht.regions.models import Sector

from . import access, figures, htcds
from .selection import MINORS, NationalForm, SelectionForm, selection_form

PARAMETERS = [
    OpenApiParameter("region", str, description="Region slug (default: the user's first region)."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day, 2000-01-01 or later (default: twelve months "
                                                             "before `to`; for those who do not see small counts the "
                                                             "last quarter that has ended). A period is at most ten "
                                                             "years: `to` comes before the same day ten years after "
                                                             "`from` (2016-01-01 to 2025-12-31 is the longest from "
                                                             "2016-01-01); a longer one answers 400 naming `from`."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, inclusive (default: today), no later than 31 "
                                                          "December of this year, not before `from`. Users who do not "
                                                          "see small counts ask for one whole calendar month, quarter "
                                                          "or year that has ended."),
    OpenApiParameter("period", str, description="A named period: `last-quarter`, `this-quarter`, `this-year`, "
                                                "`last-year`, `last-12-months`; for users who do not see small counts "
                                                "one of the last five years, eight quarters or twelve months that have "
                                                "ended: `2025`, `2025-Q4`, `2025-12` (older ones by `from` and `to`)."),
    OpenApiParameter("municipality", str, description="CBS code, e.g. GM0193."),
    OpenApiParameter("form", str, description="Form of exploitation code."),
    OpenApiParameter("sector", str, enum=["", *Sector.values], description="Sector of the reporter."),
    OpenApiParameter("age", str, enum=["", MINORS, *AgeGroup.values],
                     description="Victim's age group, or `minor` for all minors."),
    OpenApiParameter("gender", str, enum=["", *Gender.values]),
    OpenApiParameter("nationality", str, enum=["", *NationalityGroup.values]),
]  # an empty value is the same as none: all
# One word each, so snake_case and the API Design Rules' camelCase agree (docs/api.md); v1's earlier
# names of `age` ("ageGroup", "age_group") are still understood.
NOT_EMPTY = ("region", "from", "to", "period")
ALLOWED = {"region", "from", "to", "period", "municipality", "form", "sector", "age", "gender", "nationality",
           "age_group", "ageGroup"}


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["count", "rate", "days", "percent", "number"])


class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    values = serializers.DictField(child=serializers.FloatField(allow_null=True),
                                   help_text="Per column key; null where hidden (see `hidden`) or unknown.")
    hidden = serializers.ListField(child=serializers.CharField(), help_text="Column keys hidden as small counts.")


class FigureSerializer(serializers.Serializer):
    figure = serializers.CharField()
    title = serializers.CharField()
    region = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    threshold = serializers.IntegerField(help_text="Counts from 0 to threshold - 1 are hidden.")
    rounding = serializers.IntegerField(
        help_text="Every count is rounded down to a multiple of this number and stands for the counts up to the "
                  "next multiple (10: 10 to 14). Totals are rounded from the exact numbers, so they need not add up.")
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    totals = serializers.DictField(child=serializers.FloatField(allow_null=True), allow_null=True)


def _named_as_sent(field, params):
    """A form field by the name the client used for it, else by its documented name."""
    aliases = [alias for alias, target in SelectionForm.ALIASES.items() if target == field]
    return next((name for name in (field, *aliases) if name in params), aliases[0] if aliases else field)


def _selection(request):
    """The selection from the query string, or a problem response."""
    unknown = sorted(set(request.query_params) - ALLOWED)
    if unknown:
        return None, invalid({name: ["Onbekende parameter."] for name in unknown})
    # An empty filter means all (documented); an empty date, period or region is a mistake, not "the default".
    empty = sorted(name for name in NOT_EMPTY if name in request.query_params and not request.query_params[name].strip())
    if empty:
        return None, invalid({name: ["Vul een waarde in of laat deze parameter weg."] for name in empty})
    form = selection_form(request.user, request.query_params.dict())
    if not form.regions:
        return None, problem(403, "U heeft geen toegang tot de cijfers van een regio.")
    if not form.is_valid():
        return None, invalid({_named_as_sent(k, request.query_params): v for k, v in form.errors.items()})
    return form.selection(), None


def serialize(published, selection):
    return _body(published, selection.region.slug, selection.start, selection.end)


def _body(published, region, start, end):
    table = published.table
    columns = table.columns
    body = {"figure": table.key, "title": str(table.title), "region": region,
            "start": start, "end": end, "threshold": published.threshold,
            "rounding": published.threshold,
            "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in columns], "rows": []}
    with_total = len(published.header) > len(columns)
    if with_total:
        body["columns"].append({"key": "total", "label": str(published.header[-1]), "kind": "count"})
    keys = [c["key"] for c in body["columns"]]
    for row, cells in published.rows:
        body["rows"].append({"key": row.key, "label": str(row.label),
                             "values": {k: c.value for k, c in zip(keys, cells, strict=True)},
                             "hidden": [k for k, c in zip(keys, cells, strict=True) if c.hidden]})
    totals = published.totals
    body["totals"] = ({k: c.value for k, c in zip(keys, totals, strict=True) if c.text} if totals else None)
    return body


# The national view (`/api/v1/stats/regions`, national analysts only): every region's figures
# side by side, for one whole calendar month, quarter or year that has ended (`from` and `to`, or `period`).
NATIONAL = "regions"
NATIONAL_PARAMETERS = {"from", "to", "period"}


def _national(request):
    unknown = sorted(set(request.query_params) - NATIONAL_PARAMETERS)
    if unknown:
        return invalid({name: ["Onbekende parameter."] for name in unknown})
    empty = sorted(name for name in NATIONAL_PARAMETERS if name in request.query_params
                   and not request.query_params[name].strip())
    if empty:
        return invalid({name: ["Vul een waarde in of laat deze parameter weg."] for name in empty})
    form = NationalForm(request.query_params.dict(), regions=list(access.figure_regions(request.user)))
    if not form.is_valid():
        return invalid({_named_as_sent(k, request.query_params): v for k, v in form.errors.items()})
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return Response(_body(figures.publish_national(start, end), "", start, end))


@extend_schema(tags=["stats"])
class StatsView(APIView):
    @extend_schema(summary="The figures available", responses={200: serializers.ListSerializer(
        child=serializers.DictField(child=serializers.CharField()))})
    def get(self, request):
        if not access.figure_regions(request.user).exists():
            return problem(403, "U heeft geen toegang tot de cijfers van een regio.")
        keys = [*figures.FIGURES, *([NATIONAL] if access.sees_national(request.user) else [])]
        return Response([{"figure": key, "href": f"/api/v1/stats/{key}"} for key in keys])


@extend_schema(tags=["stats"])
class FigureView(APIView):
    @extend_schema(summary="One figure of a region, small counts hidden; `regions`: every region's figures side by "
                           "side (national analysts only; `from`, `to` and `period` only)", parameters=PARAMETERS,
                   responses={200: FigureSerializer})
    @replica.from_replica
    def get(self, request, figure):
        if figure == NATIONAL and access.sees_national(request.user):
            return _national(request)
        if figure not in figures.FIGURES:
            return problem(404, "Dit cijfer bestaat niet.")
        selection, error = _selection(request)
        if error:
            return error
        return Response(serialize(figures.publish(selection, [figure], selection.region.suppression_threshold)[0], selection))


@extend_schema(tags=["stats"])
class HtcdsView(APIView):
    @extend_schema(summary="HTCDS records: consented, pseudonymised (care coordinator)", parameters=PARAMETERS,
                   responses={200: serializers.ListSerializer(child=serializers.DictField())})
    def get(self, request):
        selection, error = _selection(request)
        if error:
            return error
        if not access.exports_htcds(request.user, selection.region):
            return problem(403, "Alleen de zorgcoördinator van de regio exporteert HTCDS-records.")
        return Response(htcds.export(request.user, selection))

