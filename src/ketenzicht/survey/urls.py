"""The pages of this app: the region's rounds and results, and the public questionnaire."""
from django.urls import path

from . import views

app_name = "survey"
urlpatterns = [
    path("peilingen", views.index, name="index"),
    path("peilingen/<slug:region>", views.results_page, name="results"),
    path("peilingen/<slug:region>/nieuw", views.new_round, name="new"),
    path("peilingen/<slug:region>/ronde/<int:pk>", views.edit_round, name="edit"),
    path("peilingen/<slug:region>/ronde/<int:pk>/verwijderen", views.delete_round, name="delete"),
    path("peilingen/<slug:region>/<int:pk>/<slug:step>", views.move, name="move"),
    path("peiling/<str:token>", views.answer, name="answer"),
    path("peiling/<str:token>/bedankt", views.thanks, name="thanks"),
]
