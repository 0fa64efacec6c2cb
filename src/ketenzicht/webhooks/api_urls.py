"""The API paths of this app, included by `api/urls.py`."""
from django.urls import path

from . import api

urlpatterns = [
    path("webhook-subscriptions", api.SubscriptionsView.as_view(), name="webhook-subscriptions"),
    path("webhook-subscriptions/<int:pk>", api.SubscriptionView.as_view(), name="webhook-subscription"),
    path("webhook-subscriptions/<int:pk>/secret-rotations", api.SecretRotationView.as_view(),
         name="webhook-subscription-secret-rotations"),
    path("webhook-subscriptions/<int:pk>/pause", api.PauseView.as_view(), name="webhook-subscription-pause"),
    path("webhook-subscriptions/<int:pk>/resumption", api.ResumeView.as_view(), name="webhook-subscription-resumption"),
    path("webhook-subscriptions/<int:pk>/deliveries", api.DeliveriesView.as_view(), name="webhook-subscription-deliveries"),
]
