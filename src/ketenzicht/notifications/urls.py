from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("berichten", views.inbox, name="inbox"),
    path("berichten/alles-gelezen", views.mark_all_read, name="read_all"),
    path("berichten/<int:pk>", views.open_notification, name="open"),
]
