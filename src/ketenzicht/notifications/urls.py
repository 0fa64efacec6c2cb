from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("berichten", views.inbox, name="inbox"),
    path("berichten/<int:pk>", views.open_notification, name="open"),
]
