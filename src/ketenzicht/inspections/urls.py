from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("controles", views.inspection_list, name="list"),
    path("controles/nieuw", views.new_inspection, name="new"),
    path("controles/<int:pk>", views.detail, name="detail"),
    path("controles/<int:pk>/bevindingen", views.add_finding, name="finding"),
    path("controles/<int:pk>/status", views.set_status, name="status"),
    path("controles/<int:pk>/bevindingen/<int:finding>/signaal", views.make_signal, name="signal"),
]
