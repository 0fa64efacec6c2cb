"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("permits", api.PermitsView.as_view(), name="permits"),
    path("permits/<int:pk>", api.PermitView.as_view(), name="permit"),
    path("bibob-requests", api.BibobRequestsView.as_view(), name="bibob-requests"),
    path("bibob-requests/<int:pk>", api.BibobRequestView.as_view(), name="bibob-request"),
]
