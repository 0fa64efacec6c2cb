"""The wijzer for partners' websites: read-only and public, as the pages are. A partner shows the
region's steps, outcomes and contacts in its own design (`GET /reporting-guides/{region}`), or
lists the liaisons (`GET /liaison-contacts`). Every text comes in Dutch and English: the region
keeps both, so the partner's site need not translate anything."""
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.lib import keyset, paging
from ketenzicht.lib.problems import invalid
from ketenzicht.regions.models import Municipality, Region

from . import routes, texts

LANGUAGES = ("nl", "en")
PAGE = (50, 400)
ORDER = keyset.Keyset("liaison-contacts", "municipality__name", "name", "pk")


class TextSerializer(serializers.Serializer):
    nl = serializers.CharField()
    en = serializers.CharField()


class ChoiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = TextSerializer()


class StepSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=routes.STEPS)
    question = TextSerializer()
    text = TextSerializer(help_text="De toelichting van de regio bij de vraag.")
    answers = ChoiceSerializer(many=True)


class ContactSerializer(serializers.Serializer):
    name = TextSerializer()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()


class OutcomeSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=routes.OUTCOMES)
    text = TextSerializer()
    contact = ContactSerializer(allow_null=True, help_text="Leeg voor de aandachtsfunctionaris (zie "
                                                           "/liaison-contacts), het meldformulier en de interne route.")


class RouteSerializer(serializers.Serializer):
    who = serializers.CharField()
    what = serializers.CharField()
    danger = serializers.CharField()
    primary = serializers.ListField(child=serializers.CharField())
    others = serializers.ListField(child=serializers.CharField())


class GuideSerializer(serializers.Serializer):
    region = serializers.CharField()
    region_name = serializers.CharField()
    intro = TextSerializer()
    steps = StepSerializer(many=True)
    outcomes = OutcomeSerializer(many=True)
    routes = RouteSerializer(many=True, help_text="Waar elke combinatie van antwoorden heen leidt (met een bekende "
                                                  "gemeente; zonder gemeente vervangt het meldformulier de "
                                                  "aandachtsfunctionaris).")
    form_url = serializers.CharField()
    liaisons_url = serializers.CharField()


class LiaisonContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = serializers.CharField(help_text="CBS-code, bv. GM0193")
    municipality_name = serializers.CharField()
    region = serializers.CharField()
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


def _both(read):
    """{nl, en}: `read()` in each language."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            found[language] = str(read())
    return found


def guide_document(request, region):
    wording = texts.Wording(region)
    municipalities = list(region.municipalities.all())
    steps = []
    for step in routes.STEPS:
        steps.append({"code": step, "question": _both(lambda s=step: routes.QUESTIONS[s]),
                      "text": _both(lambda s=step: wording.text(f"step:{s}")),
                      "answers": [{"code": code, "label": _both(lambda c=code, s=step: dict(
                          routes.choices(s, municipalities=municipalities))[c])}
                          for code, _label in routes.choices(step, municipalities=municipalities)]})
    outcomes = []
    for kind in routes.OUTCOMES:
        if kind == routes.INTERNAL:
            continue  # the municipality's own agreements are for its staff, not for a public website
        contact = None
        if kind in routes.CONTACT_KINDS:
            shown = wording.contact(kind)
            contact = {"name": _both(lambda k=kind: wording.contact(k).name), "phone": shown.phone,
                       "email": shown.email, "website": shown.website}
        outcomes.append({"code": kind, "text": _both(lambda k=kind: wording.text(f"outcome:{k}")),
                         "contact": contact})
    combinations = []
    for who in routes.ANSWERS[routes.WHO]:
        for what in routes.ANSWERS[routes.WHAT]:
            for danger in routes.ANSWERS[routes.DANGER]:
                route = routes.route({routes.WHO: who, routes.WHAT: what, routes.DANGER: danger,
                                      routes.MUNICIPALITY: "known"})
                combinations.append({"who": who, "what": what, "danger": danger, "primary": route.primary,
                                     "others": route.others})
    return {"region": region.slug, "region_name": region.name, "intro": _both(lambda: wording.text("intro")),
            "steps": steps, "outcomes": outcomes, "routes": combinations,
            "form_url": request.build_absolute_uri(reverse("public:report", args=[region.slug])),
            "liaisons_url": request.build_absolute_uri(f"/api/v1/liaison-contacts?region={region.slug}")}


@extend_schema(tags=["reporting-guides"])
class ReportingGuideView(APIView):
    """The region's meldroute-wijzer: public, read-only."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="reportingGuideRetrieve", responses={200: GuideSerializer},
                   parameters=[OpenApiParameter("region", str, OpenApiParameter.PATH,
                                                description="slug van de regio, bv. ijsselland")])
    def get(self, request, region):
        found = Region.objects.filter(slug=region).first()
        if found is None:
            raise NotFound(_("Onbekende regio: %(slug)s.") % {"slug": region})
        return Response(guide_document(request, found))


@extend_schema(tags=["reporting-guides"])
class LiaisonContactsView(APIView):
    """The liaison directory: each municipality's aandachtsfunctionaris as published for the public."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="liaisonContactList", responses={200: LiaisonContactSerializer(many=True)},
                   parameters=[OpenApiParameter("region", str, description="slug van de regio, bv. ijsselland"),
                               OpenApiParameter("municipality", str, description="CBS-code, bv. GM0193"),
                               *paging.parameters(*PAGE, cursor=True)])
    def get(self, request):
        rows = texts.liaisons().select_related("municipality__region")
        errors = {}
        if region := request.query_params.get("region"):
            if not Region.objects.filter(slug=region).exists():
                errors["region"] = [_("Onbekende regio: %(slug)s.") % {"slug": region}]
            rows = rows.filter(municipality__region__slug=region)
        if code := request.query_params.get("municipality"):
            if not Municipality.objects.filter(cbs_code=code).exists():
                errors["municipality"] = [_("Onbekende gemeente: %(code)s.") % {"code": code}]
            rows = rows.filter(municipality__cbs_code=code)
        if errors:
            return invalid(errors)
        window = paging.window_of(request, rows, ORDER, *PAGE)
        data = [{"id": row.pk, "municipality": row.municipality.cbs_code, "municipality_name": row.municipality.name,
                 "region": row.municipality.region.slug, "name": row.name, "phone": row.phone, "email": row.email}
                for row in window.rows]
        return paging.window_as_array(request, window, data)
