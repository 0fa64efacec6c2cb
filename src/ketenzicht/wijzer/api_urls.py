"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("reporting-guides/<slug:region>", api.ReportingGuideView.as_view(), name="reporting-guide"),
    path("liaison-contacts", api.LiaisonContactsView.as_view(), name="liaison-contacts"),
]
