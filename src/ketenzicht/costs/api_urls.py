"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("shared-costs", api.CostsView.as_view(), name="shared-costs"),
    path("shared-costs/<int:pk>", api.CostView.as_view(), name="shared-cost"),
    path("shared-costs/<int:pk>/allocation", api.AllocationView.as_view(), name="shared-cost-allocation"),
]
