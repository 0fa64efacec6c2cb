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
    path("plan/<int:pk>/spoor", views.new_line, name="new_line"),
    path("plan/spoor/<int:pk>", views.edit_line, name="edit_line"),
    path("plan/spoor/<int:pk>/verwijderen", views.remove_line, name="remove_line"),
    path("plan/actie/<int:pk>/verwijderen", views.remove_action, name="remove_action"),
    path("plan/actie/<int:pk>", views.edit_action, name="edit_action"),
    path("plan/kpi/<int:pk>/waarde", views.kpi_value, name="kpi_value"),
    path("plan/kpi/<int:pk>", views.edit_kpi, name="edit_kpi"),
    path("plan/kpi/<int:pk>/verwijderen", views.remove_kpi, name="remove_kpi"),
]
