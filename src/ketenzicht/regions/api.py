from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from ketenzicht.lib import paging
from ketenzicht.lib.problems import invalid

from .models import Municipality, Region

PAGE = (400, 400)  # default and maximum: every municipality of the country (342 in 2025) on one page


class MunicipalitySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="cbs_code")
    region = serializers.CharField(source="region.slug")
    region_name = serializers.CharField(source="region.name")

    class Meta:
        model = Municipality
        fields = ["code", "name", "inhabitants", "region", "region_name"]


@extend_schema(tags=["municipalities"])
class MunicipalitiesView(APIView):
    """Public reference data: which municipalities (CBS codes) the system knows."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="municipalityList", responses={200: MunicipalitySerializer(many=True)},
                   parameters=[OpenApiParameter("region", str, description="slug van de regio, bv. ijsselland"),
                               *paging.parameters(*PAGE)])
    def get(self, request):
        qs = Municipality.objects.select_related("region").order_by("region__name", "name")
        if region := request.query_params.get("region"):
            if not Region.objects.filter(slug=region).exists():
                return invalid({"region": [_("Onbekende regio: %(slug)s.") % {"slug": region}]})
            qs = qs.filter(region__slug=region)
        page = paging.page_of(request, qs, *PAGE)
        return paging.as_array(request, page, MunicipalitySerializer(page.object_list, many=True).data)
