"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("signal-imports", api.ImportsView.as_view(), name="signal-imports"),
    path("signal-imports/<uuid:pk>", api.ImportView.as_view(), name="signal-import"),
    path("signal-imports/<uuid:pk>/confirmation", api.ImportConfirmationView.as_view(),
         name="signal-import-confirmation"),
]
