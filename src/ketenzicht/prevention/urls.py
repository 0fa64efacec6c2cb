"""The pages of this app."""
from django.urls import path

from . import views

app_name = "prevention"
urlpatterns = [
    path("preventie", views.index, name="index"),
    path("preventie/<slug:region>", views.overview, name="overview"),
    path("preventie/<slug:region>/trainingen", views.sessions, name="sessions"),
    path("preventie/<slug:region>/trainingen/nieuw", views.new_session, name="new_session"),
    path("preventie/<slug:region>/activiteiten", views.activities, name="activities"),
    path("preventie/<slug:region>/activiteiten/nieuw", views.new_activity, name="new_activity"),
    path("preventie/<slug:region>/aanbod", views.catalogue, name="catalogue"),
    path("inrichting/<slug:region>/trainingsaanbod", views.setup_catalogue, name="setup_catalogue"),
    path("inrichting/<slug:region>/trainingsaanbod/<int:pk>", views.setup_intervention, name="setup_intervention"),
]
