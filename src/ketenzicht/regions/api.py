from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from ketenzicht.lib import keyset, paging
from ketenzicht.lib.problems import invalid

from .models import Municipality, Region

PAGE = (400, 400)  # default and maximum: every municipality of the country (342 in 2025) on one page
# By region and name, a page after the last one shown (lib/keyset.py).
ORDER = keyset.Keyset("municipalities", "region__name", "name", "pk")


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
                               *paging.parameters(*PAGE, cursor=True)])
    def get(self, request):
        qs = Municipality.objects.select_related("region")
        if region := request.query_params.get("region"):
            if not Region.objects.filter(slug=region).exists():
                return invalid({"region": [_("Onbekende regio: %(slug)s.") % {"slug": region}]})
            qs = qs.filter(region__slug=region)
        window = paging.window_of(request, qs, ORDER, *PAGE)
        return paging.window_as_array(request, window, MunicipalitySerializer(window.rows, many=True).data)
