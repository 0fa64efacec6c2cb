from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("inrichting/<slug:region>/webhooks", views.subscriptions, name="subscriptions"),
    path("inrichting/<slug:region>/webhooks/<int:pk>", views.detail, name="detail"),
]
