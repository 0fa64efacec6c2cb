"""Every code a client must send, readable from the API (issue 16).

Fixed lists (a signal's kind, urgency, a person's role, ...) are `enum`s in the OpenAPI document.
What a region decides for itself, or what grows with the product, is read here:
`GET /reference` names the lists, `GET /reference/{list}?region=` gives one, each item with its
`code` (what the client sends) and `label` (in the language of `Accept-Language`). A region's
route (its transitions and kinds of track) and its signalenkaart differ per region; the others are
the same everywhere and take no `region`.
"""
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.accounts.models import Role
from ketenzicht.cases.models import TableKind
from ketenzicht.intake import signalenkaart
from ketenzicht.intake.models import Barrier, ExploitationForm
from ketenzicht.lib.forms_bridge import InvalidInput
from ketenzicht.regions.models import Region, Sector
from ketenzicht.route.models import RouteDefinition


def _choices(choices):
    return [{"code": code, "label": str(label)} for code, label in choices]


def _transitions(flow):
    return [{"code": t.name, "label": t.label, "from": list(t.sources), "to": t.target, "roles": sorted(t.roles),
             "required": list(t.required), "opens_case": t.effect == "open_case", "table_kind": t.table}
            for t in flow.transitions.values()] if flow else []


def _route(region):
    return RouteDefinition.active_for(region).route


def _indicators(region):
    offered = set(signalenkaart.offered([region]).values_list("pk", flat=True))
    return [{"code": e.code, "label": e.label, "forms": [f.code for f in e.forms], "offered": e.pk in offered}
            for e in signalenkaart.entries(region)]


# name: (description, needs a region, items)
LISTS = {
    "exploitation-forms": ("Vormen van uitbuiting (exploitation_forms)", False, lambda region: [
        {"code": f.code, "label": f.label, "comensha_code": f.comensha_code} for f in ExploitationForm.objects.all()]),
    "indicators": ("De signalenkaart van de regio (indicators); offered: aangeboden bij een nieuw signaal", True,
                   _indicators),
    "barriers": ("Barrières van het barrièremodel (barriers)", False, lambda region: [
        {"code": b.code, "label": b.label} for b in Barrier.objects.all()]),
    "sectors": ("Sectoren van melders en organisaties (sector)", False, lambda region: _choices(Sector.choices)),
    "roles": ("Rollen van gebruikers", False, lambda region: _choices(Role.choices)),
    "table-kinds": ("Soorten tafels", False, lambda region: _choices(TableKind.choices)),
    "track-kinds": ("Soorten sporen in een besluit (tracks.kind), volgens de route van de regio", True,
                    lambda region: [{"code": code, "label": label} for code, label in _route(region).tracks.items()]),
    "signal-transitions": ("Stappen van een signaal (transition), volgens de route van de regio", True,
                           lambda region: _transitions(_route(region).signal)),
    "case-transitions": ("Stappen van een casus (transition), volgens de route van de regio", True,
                         lambda region: _transitions(_route(region).case)),
}


class ReferenceListSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    regional = serializers.BooleanField(help_text="Verschilt per regio: vraag de lijst op met ?region=")
    url = serializers.URLField()


class ReferenceItemSerializer(serializers.Serializer):
    """One item; some lists add fields (forms, offered; from, to, roles, required, opens_case,
    table_kind; comensha_code)."""
    code = serializers.CharField()
    label = serializers.CharField()


@extend_schema(tags=["reference"])
class ReferenceListsView(APIView):
    @extend_schema(operation_id="referenceListList", responses={200: ReferenceListSerializer(many=True)},
                   summary="De lijsten met codes die een client meestuurt")
    def get(self, request):
        return Response([{"name": name, "description": description, "regional": regional,
                          "url": request.build_absolute_uri(f"{request.path}/{name}")}
                         for name, (description, regional, _items) in LISTS.items()])


def _region(request):
    """The region asked for; without one, the user's only region."""
    slug = request.query_params.get("region")
    if slug:
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            raise InvalidInput({"region": [_("Onbekende regio: %(slug)s.") % {"slug": slug}]})
        return region
    regions = Region.objects.filter(pk__in=request.user.region_ids())
    if len(regions) != 1:
        raise InvalidInput({"region": [_("Deze lijst verschilt per regio: geef de regio mee, bv. ?region=ijsselland.")]})
    return regions[0]


@extend_schema(tags=["reference"])
class ReferenceView(APIView):
    @extend_schema(operation_id="referenceRead", responses={200: ReferenceItemSerializer(many=True)},
                   parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(LISTS)),
                               OpenApiParameter("region", str, description="slug van de regio, bv. ijsselland; "
                                                                           "alleen voor lijsten die per regio "
                                                                           "verschillen")],
                   summary="Eén lijst met codes en hun namen")
    def get(self, request, name):
        if name not in LISTS:
            raise NotFound(_("Onbekende lijst: %(name)s.") % {"name": name})
        _description, regional, items = LISTS[name]
        return Response(items(_region(request) if regional else None))
