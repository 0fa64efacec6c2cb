from django.urls import path

from . import views

app_name = "setup"
urlpatterns = [
    path("inrichting", views.index, name="index"),
    path("inrichting/nieuw", views.new_region, name="new_region"),
    path("inrichting/<slug:region>", views.overview, name="region"),
    path("inrichting/<slug:region>/regio", views.edit_region, name="edit_region"),
    path("inrichting/<slug:region>/gemeenten", views.municipalities, name="municipalities"),
    path("inrichting/<slug:region>/gemeenten/<str:code>", views.municipality, name="municipality"),
    path("inrichting/<slug:region>/organisaties", views.organisations, name="organisations"),
    path("inrichting/<slug:region>/organisaties/<int:pk>", views.organisation, name="organisation"),
    path("inrichting/<slug:region>/organisaties/<int:pk>/actief", views.organisation_active, name="organisation_active"),
    path("inrichting/<slug:region>/opvang", views.shelter, name="shelter"),
    path("inrichting/<slug:region>/terugkoppeling", views.feedback, name="feedback"),
    path("inrichting/<slug:region>/route", views.route, name="route"),
    path("inrichting/<slug:region>/bewaartermijnen", views.retention_terms, name="retention"),
]
