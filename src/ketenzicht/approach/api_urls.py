"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("baseline-criteria", api.CriteriaView.as_view(), name="baseline-criteria"),
    path("baseline-statuses", api.StatusesView.as_view(), name="baseline-statuses"),
    path("baseline-statuses/<str:code>/<slug:criterion>", api.StatusView.as_view(), name="baseline-status"),
]
