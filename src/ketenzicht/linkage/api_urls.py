"""The API paths of the linkage (issue 20), included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("signals/<uuid:pk>/persons/<int:person_id>/identifiers", api.IdentifiersView.as_view(),
         name="signal-person-identifiers"),
    path("signals/<uuid:pk>/matches", api.SignalMatchesView.as_view(), name="signal-matches"),
    path("matches/<int:pk>/decisions", api.DecisionsView.as_view(), name="match-decisions"),
]
