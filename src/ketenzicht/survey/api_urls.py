"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("survey-rounds", api.RoundsView.as_view(), name="survey-rounds"),
    path("survey-rounds/<int:pk>", api.RoundView.as_view(), name="survey-round"),
    path("survey-rounds/<int:pk>/results", api.ResultsView.as_view(), name="survey-round-results"),
]
