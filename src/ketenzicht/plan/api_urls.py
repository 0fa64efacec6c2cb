"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("plans", api.PlansView.as_view(), name="plans"),
    path("plans/<int:pk>", api.PlanView.as_view(), name="plan"),
    path("plans/<int:pk>/actions", api.PlanActionsView.as_view(), name="plan-actions"),
    path("plans/<int:pk>/kpis", api.PlanKpisView.as_view(), name="plan-kpis"),
    path("plan-actions/<int:pk>", api.PlanActionView.as_view(), name="plan-action"),
]
