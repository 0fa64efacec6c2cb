"""The pages of this app."""
from django.urls import path

from . import views

app_name = "costs"
urlpatterns = [
    path("kosten", views.index, name="index"),
    path("kosten/<slug:region>", views.region, name="region"),
    path("kosten/<slug:region>/<int:pk>", views.cost, name="cost"),
    path("kosten/<slug:region>/<int:pk>/verdeling.<str:fmt>", views.download, name="download"),
    path("inrichting/<slug:region>/kosten", views.setup, name="setup"),
    path("inrichting/<slug:region>/kosten/<int:pk>", views.setup_cost, name="setup_cost"),
]
