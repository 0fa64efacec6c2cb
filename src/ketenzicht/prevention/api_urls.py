"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("training-interventions", api.InterventionsView.as_view(), name="training-interventions"),
    path("training-sessions", api.SessionsView.as_view(), name="training-sessions"),
    path("training-sessions/<int:pk>", api.SessionView.as_view(), name="training-session"),
    path("awareness-activities", api.ActivitiesView.as_view(), name="awareness-activities"),
    path("awareness-activities/<int:pk>", api.ActivityView.as_view(), name="awareness-activity"),
]
