"""API of the webhook subscriptions, for the region's administrator: the same access rules, form and
services as the pages. A new subscription's secret (and a rotated one) is in that one answer only."""
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.accounts.models import ApiToken
from ketenzicht.lib import paging
from ketenzicht.lib.forms_bridge import InvalidInput, apply, serializer_for
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Region

from . import access, services
from .forms import SubscriptionForm
from .models import Event, Subscription

PAGE = (20, 100)
REGION = OpenApiParameter("region", str, description="Eén regio (zoals ijsselland); zonder: elke regio die u beheert")


class SubscriptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.slug")
    organisation = serializers.IntegerField(source="organisation_id")
    url = serializers.CharField()
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.values))
    active = serializers.BooleanField(help_text="Onwaar: gepauzeerd (door de beheerder of na herhaald mislukken)")
    paused_at = serializers.DateTimeField(allow_null=True)
    consecutive_failures = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class SecretSerializer(SubscriptionSerializer):
    secret = serializers.CharField(help_text="whsec_…: alleen in dit antwoord, nooit meer daarna")


class DeliverySerializer(serializers.Serializer):
    message_id = serializers.CharField()
    event = serializers.CharField()
    status = serializers.CharField(help_text="pending (wacht op een poging), delivered of failed (na de laatste poging)")
    attempts = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    next_attempt_at = serializers.DateTimeField()
    last_status_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()


def _verified(request):
    """An API token is the API's own credential, as for every other endpoint (issued by the operator,
    `create_api_token`, for 90 days at most): it counts as verified, as a verified session does
    (VerifiedSessionAuthentication lets no other session in)."""
    if isinstance(request.auth, ApiToken):
        request.user.is_verified = lambda: True
    return request.user


def _subscription(request, pk):
    try:
        return policy.get(_verified(request), Subscription, pk, "manage")
    except Http404:
        raise NotFound("Onbekend abonnement.") from None


@extend_schema(tags=["webhooks"])
class SubscriptionsView(APIView):
    @extend_schema(operation_id="webhookSubscriptionList", responses={200: SubscriptionSerializer(many=True)},
                   parameters=[REGION, *paging.parameters(*PAGE)],
                   summary="De webhook-abonnementen van de regio's die u beheert")
    def get(self, request):
        found = policy.visible(_verified(request), Subscription).select_related("region").order_by("region__name", "id")
        slug = request.query_params.get("region")
        if slug is not None:
            found = found.filter(region__slug=slug)
        page = paging.page_of(request, found, *PAGE)
        return paging.as_array(request, page, SubscriptionSerializer(page.object_list, many=True).data)

    @extend_schema(operation_id="webhookSubscriptionCreate", request=serializer_for(
        SubscriptionForm, "WebhookSubscriptionInput", extra={"region": serializers.SlugField(help_text="De regio, zoals ijsselland")}),
        responses={201: SecretSerializer},
        summary="Een nieuw abonnement (functioneel beheerder van de regio); het antwoord bevat de geheime sleutel")
    def post(self, request):
        user = _verified(request)
        slug = request.data.get("region") if isinstance(request.data, dict) else None
        region = Region.objects.filter(slug=slug).first() if isinstance(slug, str) else None
        if region is None or not access.manages(user, region):
            raise InvalidInput({"region": ["Onbekende regio, of niet een die u beheert."]})
        subscription, secret = apply(request, SubscriptionForm, lambda data: services.create(
            user, region, data["organisation"], data["url"], data["events"]), extra=("region",), region=region)
        return Response({**SubscriptionSerializer(subscription).data, "secret": secret}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["webhooks"])
class SubscriptionView(APIView):
    @extend_schema(operation_id="webhookSubscriptionRead", responses={200: SubscriptionSerializer},
                   summary="Eén webhook-abonnement")
    def get(self, request, pk):
        return Response(SubscriptionSerializer(_subscription(request, pk)).data)

    @extend_schema(operation_id="webhookSubscriptionDelete", responses={204: None},
                   summary="Een abonnement verwijderen, met zijn log")
    def delete(self, request, pk):
        services.delete(request.user, _subscription(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["webhooks"])
class SecretRotationView(APIView):
    @extend_schema(operation_id="webhookSubscriptionRotateSecret", request=None, responses={201: SecretSerializer},
                   summary="Een nieuwe geheime sleutel; de vorige tekent nog 24 uur mee")
    def post(self, request, pk):
        subscription = _subscription(request, pk)
        secret = services.rotate_secret(request.user, subscription)
        subscription.refresh_from_db()
        return Response({**SubscriptionSerializer(subscription).data, "secret": secret}, status=status.HTTP_201_CREATED)


def _changed(request, pk, service):
    """A subscription after one of the services that change its state (pause, resume), as the API reads it."""
    subscription = _subscription(request, pk)
    service(request.user, subscription)
    subscription.refresh_from_db()
    return Response(SubscriptionSerializer(subscription).data)


@extend_schema(tags=["webhooks"])
class PauseView(APIView):
    @extend_schema(operation_id="webhookSubscriptionPause", request=None, responses={200: SubscriptionSerializer},
                   summary="Het abonnement pauzeren: er wordt niets meer verstuurd")
    def post(self, request, pk):
        return _changed(request, pk, services.pause)


@extend_schema(tags=["webhooks"])
class ResumeView(APIView):
    @extend_schema(operation_id="webhookSubscriptionResume", request=None, responses={200: SubscriptionSerializer},
                   summary="Het abonnement hervatten: wat wachtte, wordt verstuurd")
    def post(self, request, pk):
        return _changed(request, pk, services.resume)


@extend_schema(tags=["webhooks"])
class DeliveriesView(APIView):
    @extend_schema(operation_id="webhookDeliveryList", responses={200: DeliverySerializer(many=True)},
                   parameters=paging.parameters(*PAGE), summary="Het log van de afleveringen, nieuwste eerst")
    def get(self, request, pk):
        subscription = _subscription(request, pk)
        page = paging.page_of(request, subscription.deliveries.all(), *PAGE)
        return paging.as_array(request, page, DeliverySerializer(page.object_list, many=True).data)
