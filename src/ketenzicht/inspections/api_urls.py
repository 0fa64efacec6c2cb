"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("inspections", api.InspectionsView.as_view(), name="inspections"),
    path("inspections/<int:pk>", api.InspectionView.as_view(), name="inspection"),
    path("inspections/<int:pk>/findings", api.FindingsView.as_view(), name="inspection-findings"),
    path("inspections/<int:pk>/findings/<int:finding>/signal", api.FindingSignalView.as_view(),
         name="inspection-finding-signal"),
]
