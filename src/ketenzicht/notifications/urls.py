from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("meldingen", views.inbox, name="inbox"),
    path("meldingen/<int:pk>", views.open_notification, name="open"),
]
