"""The pages of this app."""
from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("signalen/importeren", views.new, name="new"),
    path("signalen/importeren/<uuid:pk>", views.batch, name="batch"),
    path("signalen/importeren/<uuid:pk>/bevestigen", views.confirm, name="confirm"),
    path("signalen/importeren/<uuid:pk>/voortgang", views.progress, name="progress"),
]
