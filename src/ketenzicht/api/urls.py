from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from ketenzicht.intake import api as intake_api
from ketenzicht.regions import api as regions_api

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(authentication_classes=[], permission_classes=[]),
         name="openapi"),
    path("public/signals", intake_api.PublicSignalsView.as_view(), name="public-signals"),
    path("public/signals/<str:receipt_code>", intake_api.PublicSignalStatusView.as_view(), name="public-signal"),
    path("signals", intake_api.SignalsView.as_view(), name="signals"),
    path("signals/<uuid:pk>", intake_api.SignalView.as_view(), name="signal"),
    path("signals/<uuid:pk>/transitions", intake_api.SignalTransitionsView.as_view(), name="signal-transitions"),
    path("signals/<uuid:pk>/feedback", intake_api.SignalFeedbackView.as_view(), name="signal-feedback"),
    path("signals/<uuid:pk>/notes", intake_api.SignalNotesView.as_view(), name="signal-notes"),
    path("municipalities", regions_api.MunicipalitiesView.as_view(), name="municipalities"),
]
