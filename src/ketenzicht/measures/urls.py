from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("maatregelen", views.measure_list, name="list"),
    path("maatregelen/nieuw", views.new_measure, name="new"),
    path("maatregelen/<int:pk>", views.detail, name="detail"),
    path("maatregelen/<int:pk>/ondertekenen", views.sign, name="sign"),
    path("maatregelen/<int:pk>/uitkomst", views.outcome, name="outcome"),
    path("inrichting/<slug:region>/grondslagen", views.grounds, name="grounds"),
    path("inrichting/<slug:region>/grondslagen/<int:pk>/intrekken", views.retire_ground, name="retire_ground"),
]
