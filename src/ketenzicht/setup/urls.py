from django.urls import path

app_name = "setup"
urlpatterns = []
