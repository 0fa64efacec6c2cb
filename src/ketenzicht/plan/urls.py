"""The pages of this app."""
from django.urls import path

from . import views

app_name = "plan"
urlpatterns = [
    path("plan", views.index, name="index"),
    path("plan/nieuw/<slug:region>", views.new_plan, name="new"),
    path("plan/<int:pk>", views.detail, name="detail"),
    path("plan/<int:pk>/actie", views.new_action, name="new_action"),
    path("plan/<int:pk>/kpi", views.new_kpi, name="new_kpi"),
    path("plan/actie/<int:pk>", views.edit_action, name="edit_action"),
    path("plan/kpi/<int:pk>/waarde", views.kpi_value, name="kpi_value"),
]
