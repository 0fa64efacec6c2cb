from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("inrichting/<slug:region>/mislukte-taken", views.dead_letters, name="dead_letters"),
]
