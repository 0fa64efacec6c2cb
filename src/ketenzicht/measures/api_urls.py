"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("measures", api.MeasuresView.as_view(), name="measures"),
    path("measures/<int:pk>", api.MeasureView.as_view(), name="measure"),
    path("measures/<int:pk>/signature", api.MeasureSignatureView.as_view(), name="measure-signature"),
    path("measures/<int:pk>/outcome", api.MeasureOutcomeView.as_view(), name="measure-outcome"),
    path("legal-grounds", api.LegalGroundsView.as_view(), name="legal-grounds"),
]
