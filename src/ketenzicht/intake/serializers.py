"""How signals look in the API. Which fields a user gets is decided by the access policy."""
from django.db.models import Prefetch
from django.urls import reverse
from rest_framework import serializers

from ketenzicht.privacy import policy

from . import access
from .models import Feedback, Person, Signal


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feedback
        fields = ["milestone", "text", "created_at"]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "role", "age", "is_minor", "lvb", "nationality_group", "gender", "residence"]  # id: linkage API

    residence = serializers.SlugRelatedField(slug_field="cbs_code", read_only=True, allow_null=True,
                                             help_text="CBS code of the municipality the person lives in.")


class SignalSerializer(serializers.Serializer):
    """A signal. Fields under HANDLER_ONLY appear only for users who handle it (the liaison)."""

    HANDLER_ONLY = ("stage", "is_acute", "deadline_at", "contact", "anonymous", "source_sector", "channel",
                    "reporter_organisation", "version")

    id = serializers.UUIDField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField(source="public_status", help_text="received, taken_up of closed")
    lead_municipality = serializers.CharField(source="lead_municipality.cbs_code")
    municipalities = serializers.SerializerMethodField()
    exploitation_forms = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()
    barriers = serializers.SerializerMethodField()
    description = serializers.CharField()
    location = serializers.CharField()
    urgency = serializers.CharField()
    received_at = serializers.DateTimeField()
    persons = PersonSerializer(many=True, source="listed_persons")
    feedback = FeedbackSerializer(many=True, source="listed_feedback")
    stage = serializers.CharField(required=False)
    is_acute = serializers.BooleanField(required=False)
    deadline_at = serializers.DateTimeField(required=False, allow_null=True)
    contact = serializers.CharField(required=False)
    anonymous = serializers.BooleanField(required=False)
    source_sector = serializers.CharField(required=False)
    channel = serializers.CharField(required=False)
    reporter_organisation = serializers.CharField(source="reporter_organisation.name", required=False,
                                                  allow_null=True)
    version = serializers.IntegerField(required=False)
    external_reference = serializers.CharField(
        read_only=True, required=False, allow_null=True,
        help_text="Het eigen nummer van de meldende organisatie (bij een import); alleen voor die organisatie, "
                  "voor anderen null.")
    case = serializers.SerializerMethodField(help_text="Id van de casus die uit dit signaal voortkwam, als u die "
                                                       "casus mag zien; anders null.")
    case_url = serializers.SerializerMethodField(help_text="Adres van die casus in de API, of null.")

    def _case(self, signal):
        """The signal's case when this user may see it: otherwise nothing, not even that one exists."""
        if signal.case_id is None:
            return None
        cache = self.context.setdefault("visible_cases", {})
        if signal.case_id not in cache:
            cache[signal.case_id] = policy.can(self.context["request"].user, "view", signal.case)
        return signal.case_id if cache[signal.case_id] else None

    def get_case(self, signal) -> str | None:
        case_id = self._case(signal)
        return str(case_id) if case_id else None

    def get_case_url(self, signal) -> str | None:
        case_id = self._case(signal)
        return self.context["request"].build_absolute_uri(reverse("case", kwargs={"pk": case_id})) if case_id else None

    def get_municipalities(self, signal) -> list[str]:
        return sorted(link.municipality.cbs_code for link in signal.municipality_links.all())

    def get_exploitation_forms(self, signal) -> list[str]:
        return [form.code for form in signal.listed_forms]

    def get_indicators(self, signal) -> list[str]:
        return [indicator.code for indicator in signal.listed_indicators]

    def get_barriers(self, signal) -> list[str]:
        return [barrier.code for barrier in signal.listed_barriers]

    def to_representation(self, signal):
        data = super().to_representation(signal)
        if not access.sees_external_reference(self.context["request"].user, signal):
            data["external_reference"] = None  # the field is always there (the schema says so), empty for others
        known = self.context.get("access", {})
        found = known[signal.pk] if signal.pk in known else access.signal_access(self.context["request"].user, signal)
        if found < access.Access.HANDLE:
            for name in self.HANDLER_ONLY:
                data.pop(name, None)
        elif signal.reporter_organisation is None:
            data["reporter_organisation"] = None
        return data


# What SignalSerializer reads, prefetched as lists (`to_attr`): into a related manager Django builds
# a filtered queryset per signal and relation, most of a page's time beside its SQL. The links stay
# in their manager, which the access rules read.
SIGNAL_PREFETCH = ("municipality_links__municipality",
                   Prefetch("exploitation_forms", to_attr="listed_forms"),
                   Prefetch("indicators", to_attr="listed_indicators"),
                   Prefetch("barriers", to_attr="listed_barriers"),
                   Prefetch("persons", Person.objects.select_related("residence"), to_attr="listed_persons"),
                   Prefetch("feedback", to_attr="listed_feedback"))


def page_context(request, signals):
    """The serializer's context for a page of signals (prefetched with SIGNAL_PREFETCH): each one's
    access and which of their cases the user may see, asked once for the page, not per signal."""
    user = request.user
    case_model = Signal._meta.get_field("case").related_model
    case_ids = {signal.case_id for signal in signals if signal.case_id}
    # The page's few ids inside each scope: an indexed lookup each, not the union of every case in
    # scope (a liaison of 60 municipalities: 19 -> 2 ms at 1M signals).
    visible = set(policy.visible(user, case_model, pk__in=case_ids).values_list("pk", flat=True)
                  ) if case_ids else set()
    return {"request": request, "access": access.signal_access_many(user, signals),
            "visible_cases": {pk: pk in visible for pk in case_ids}}


class TransitionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    to = serializers.CharField(source="target")
    required = serializers.ListField(child=serializers.CharField())


class PublicStatusSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="received, taken_up of closed")
    status_label = serializers.CharField()
    feedback = FeedbackSerializer(many=True)


class ReceiptSerializer(serializers.Serializer):
    receipt_code = serializers.CharField()
    status = serializers.CharField()
